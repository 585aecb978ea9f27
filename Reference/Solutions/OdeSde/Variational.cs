using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.OdeSde;

/// <summary>
/// <c>SDE.ipynb</c>'s <c>Variational</c>: q_t(x_t | y) = N(x_t | α(y, t), β²(y, t)) at given y and t ([N, 1] each), with
/// ∂α/∂t and ∂β/∂t (by autograd; on the graph with <c>createGraph</c>) when a drift will be asked for. Sampling is by
/// reparameterisation with a given ε, so the draw can be replayed.
/// </summary>
public sealed class Variational
{
    private readonly bool _createGraph;

    /// <param name="timeDerivatives">False when only sampling and log q are needed (q₀, q₁ of the ELBO): ∂α/∂t and ∂β/∂t are then not computed.</param>
    public Variational(ITimeDependentFunction alpha, ITimeDependentFunction beta, Tensor y, Tensor t, bool createGraph = false, bool timeDerivatives = true)
    {
        ArgumentNullException.ThrowIfNull(alpha);
        ArgumentNullException.ThrowIfNull(beta);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(t);
        _createGraph = createGraph;
        T = t;
        if (timeDerivatives)
        {
            (Alpha, DAlphaDt) = alpha.WithPartialT(y, t, createGraph);
            (Beta, DBetaDt) = beta.WithPartialT(y, t, createGraph);
        }
        else
        {
            using var _ = createGraph ? enable_grad() : no_grad();
            Alpha = alpha.Value(y, t);
            Beta = beta.Value(y, t);
        }
    }

    /// <summary>The times, [N, 1].</summary>
    public Tensor T { get; }

    /// <summary>α(y, t), [N, 1].</summary>
    public Tensor Alpha { get; }

    /// <summary>β(y, t), [N, 1].</summary>
    public Tensor Beta { get; }

    /// <summary>∂α/∂t(y, t), [N, 1]; null without time derivatives.</summary>
    public Tensor? DAlphaDt { get; }

    /// <summary>∂β/∂t(y, t), [N, 1]; null without time derivatives.</summary>
    public Tensor? DBetaDt { get; }

    /// <summary>x = α + β·ε (<c>sample</c>, with ε given).</summary>
    public Tensor Sample(Tensor epsilon) => Alpha + Beta * epsilon;

    /// <summary>log q = −½[((x − α)/β)² + ln(2πβ²)] (<c>log_prob</c>).</summary>
    public Tensor LogProb(Tensor x) => ((x - Alpha) / Beta).pow(2) * -0.5f - (Beta.pow(2) * (float)(2 * Math.PI)).log() * 0.5f;

    /// <summary>
    /// <c>drift(x, mode, sigma_net)</c>: the drift of <paramref name="mode"/> at x (see <see cref="VariationalDrift"/>), and σ²(x, t)
    /// (null for <see cref="VariationalDrift.Ode"/>, which needs no σ).
    /// </summary>
    public (Tensor Drift, Tensor? SigmaSquared) Drift(Tensor x, VariationalDrift mode, ITimeDependentFunction? sigma = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (DAlphaDt is null || DBetaDt is null) throw new InvalidOperationException("this q_t was made without time derivatives, which its drift needs");
        var drift = DBetaDt * (x - Alpha) / Beta + DAlphaDt;
        if (mode == VariationalDrift.Ode) return (drift, null);
        if (sigma is null) throw new ArgumentNullException(nameof(sigma), $"the {mode} drift needs σ(x, t)");
        var (s, dsdx) = sigma.WithPartialX(x, T, _createGraph);
        var sigmaSquared = s * s;
        var dSigmaSquaredDx = 2 * s * dsdx;
        var score = -(x - Alpha) / Beta.pow(2);
        var correction = dSigmaSquaredDx / 2 + sigmaSquared / 2 * score;
        return (mode == VariationalDrift.Sde ? drift + correction : drift - correction, sigmaSquared);
    }

    /// <summary>t = 1 for every row of y.</summary>
    public static Tensor AtOne(Tensor y) => ones_like(y);

    /// <summary>t = 0 for every row of y.</summary>
    public static Tensor AtZero(Tensor y) => zeros_like(y);
}
