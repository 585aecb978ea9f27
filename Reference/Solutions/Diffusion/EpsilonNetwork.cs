using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Diffusion;

/// <summary>
/// Plugs a <see cref="Module{TIn, TOut}"/> network into the samplers and losses as an <see cref="IEpsilonModel"/>:
/// a function builds the network's single input from (z_t, t), the network returns ε̂ with the shape of z_t.
/// </summary>
/// <remarks>
/// Gradients flow through <see cref="Predict"/> (the losses need them for training); the samplers call it inside
/// <c>torch.no_grad()</c>.
/// </remarks>
public sealed class EpsilonNetwork : IEpsilonModel
{
    private readonly Func<Tensor, int[], Tensor> _input;

    /// <param name="network">The ε-network; its output must have the shape of z_t.</param>
    /// <param name="input">Builds the network input from z_t [N, …] and the code timesteps (one per sample).</param>
    public EpsilonNetwork(Module<Tensor, Tensor> network, Func<Tensor, int[], Tensor> input)
    {
        Network = network ?? throw new ArgumentNullException(nameof(network));
        _input = input ?? throw new ArgumentNullException(nameof(input));
    }

    public Module<Tensor, Tensor> Network { get; }

    /// <summary>
    /// The DTU week 3 <c>FcNetwork</c> convention: the input is [z_t, τ(t)], the time feature appended as one column
    /// after the data (z_t must be [N, D]). <paramref name="timeFeature"/> maps a code index to τ; the sheet advises
    /// normalising to [0, 1], e.g. <c>t =&gt; (double)t / T</c>.
    /// </summary>
    public static EpsilonNetwork WithTimeColumn(Module<Tensor, Tensor> network, Func<int, double> timeFeature)
    {
        ArgumentNullException.ThrowIfNull(timeFeature);
        return new EpsilonNetwork(network, (zt, t) =>
        {
            if (zt.dim() != 2) throw new ArgumentException($"WithTimeColumn expects z_t of shape [N, D], got [{string.Join(", ", zt.shape)}].");
            var column = tensor(t.Select(timeFeature).ToArray(), t.Length, 1);
            return cat([zt, column], 1);
        });
    }

    /// <summary>Any function (z_t, t) → ε̂ as an <see cref="IEpsilonModel"/>.</summary>
    public static IEpsilonModel FromFunction(Func<Tensor, int[], Tensor> predict) =>
        new FunctionModel(predict ?? throw new ArgumentNullException(nameof(predict)));

    public Tensor Predict(Tensor zt, int[] t)
    {
        var output = Network.forward(_input(zt, t));
        ScheduleColumns.RequireSameShape(output, zt, "the network output", "z_t");
        return output;
    }

    private sealed class FunctionModel(Func<Tensor, int[], Tensor> predict) : IEpsilonModel
    {
        public Tensor Predict(Tensor zt, int[] t) => predict(zt, t);
    }
}
