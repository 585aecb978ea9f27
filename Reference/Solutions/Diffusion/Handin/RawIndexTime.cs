using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Diffusion.Handin;

/// <summary>
/// The Heidelberg time convention as an <see cref="IEpsilonModel"/>: code index t reaches the network as the raw
/// number t, shape [N] (Contracts <see cref="IEpsilonNetwork"/>; the notebook's <c>model(x, t)</c>).
/// </summary>
public sealed class RawIndexTime(IEpsilonNetwork network) : IEpsilonModel
{
    public IEpsilonNetwork Network { get; } = network ?? throw new ArgumentNullException(nameof(network));

    public Tensor Predict(Tensor zt, int[] t) => Network.Forward(zt, tensor(t.Select(v => (float)v).ToArray(), t.Length));
}
