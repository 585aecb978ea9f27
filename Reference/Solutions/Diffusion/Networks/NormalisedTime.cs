using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Diffusion;

/// <summary>
/// The DTU DDPM wrapper's time convention as an <see cref="IEpsilonModel"/>: code index t (0..T−1) reaches the
/// network as τ = t/T in an [N, 1] column (DTU sheet 3.4; Contracts <see cref="IEpsilonNetwork"/>).
/// </summary>
public sealed class NormalisedTime : IEpsilonModel
{
    private NormalisedTime(IEpsilonNetwork network, int T)
    {
        if (T < 1) throw new ArgumentOutOfRangeException(nameof(T), T, "T must be ≥ 1");
        Network = network; this.T = T;
    }

    public IEpsilonNetwork Network { get; }

    public int T { get; }

    public static NormalisedTime Of(IEpsilonNetwork network, int T) => new(network ?? throw new ArgumentNullException(nameof(network)), T);

    /// <summary>τ = t/T for each code index, shape [N, 1].</summary>
    public Tensor Tau(int[] t) => tensor(t.Select(v => (float)v / T).ToArray(), t.Length, 1);

    public Tensor Predict(Tensor zt, int[] t) => Network.Forward(zt, Tau(t));
}
