using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Diffusion;

/// <summary>
/// DTU 02460 week 3 <c>ddpm.py</c> <c>FcNetwork(input_dim, num_hidden)</c>:
/// [x, t] → Linear(D+1 → H) → ReLU → Linear(H → H) → ReLU → Linear(H → D), H = 64 in the script's <c>__main__</c>.
/// t has shape [N, 1] and is concatenated after x. The network takes t as given; the DDPM wrapper feeds t/T
/// (the sheet: "it is a good idea to normalize the time step to [0, 1]"), see <see cref="WithNormalisedTime"/>.
/// Parameter names are PyTorch's: <c>network.{0,2,4}.weight/bias</c> (4,546 parameters for D = 2, H = 64).
/// </summary>
public sealed class FcNetwork : Module<(Tensor x, Tensor t), Tensor>, IEpsilonNetwork
{
    /// <summary>The hidden width of the script (<c>num_hidden = 64</c>).</summary>
    public const int DefaultHidden = 64;

    public FcNetwork(int inputDim, Generator generator, int numHidden = DefaultHidden)
    {
        if (inputDim < 1 || numHidden < 1) throw new ArgumentException($"FcNetwork: input dim {inputDim} and hidden width {numHidden} must be positive");
        InputDim = inputDim; NumHidden = numHidden;
        Network = register_module("network", nn.Sequential(
            nn.Linear(inputDim + 1, numHidden, generator), nn.ReLU(),
            nn.Linear(numHidden, numHidden, generator), nn.ReLU(),
            nn.Linear(numHidden, inputDim, generator)));
    }

    public int InputDim { get; }
    public int NumHidden { get; }
    public Sequential Network { get; }

    /// <summary>ε̂ for x [N, D] and the time input t [N, 1] (already normalised by the caller).</summary>
    public Tensor forward(Tensor x, Tensor t)
    {
        if (x.dim() != 2 || x.size(1) != InputDim) throw new ArgumentException($"x must be [N, {InputDim}], got [{string.Join(", ", x.shape)}]");
        if (t.dim() != 2 || t.size(1) != 1 || t.size(0) != x.size(0)) throw new ArgumentException($"t must be [N, 1] = [{x.size(0)}, 1], got [{string.Join(", ", t.shape)}]");
        return Network.forward(cat([x, t], 1));
    }

    public override Tensor forward((Tensor x, Tensor t) input) => forward(input.x, input.t);

    /// <summary>Contract form: t is t/T, [N, 1] (DTU convention).</summary>
    public Tensor Forward(Tensor zt, Tensor t) => forward(zt, t);

    /// <summary>The ε-model on code indices 0..T−1 that feeds this network τ = t/T as an [N, 1] column.</summary>
    public IEpsilonModel WithNormalisedTime(int T) => NormalisedTime.Of(this, T);
}
