using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Vae;

/// <summary>
/// TUM exam 2023, problem 2 (a)–(c): the maps that turn standard normal samples into log-normal ones, as the sample
/// solution derives them by matching CDFs: T(ε) = exp(ε) gives log N(0, 1); M_{μ,σ²}(z) = z^σ·e^μ takes log N(0, 1)
/// to log N(μ, σ²); C_{μ,σ²} = M_{μ,σ²} ∘ T, C(ε) = exp(σε + μ). All elementwise, any shape; C is differentiable in
/// μ and σ (pathwise: ∂C/∂μ = C, ∂C/∂σ = ε·C).
/// </summary>
public static class LogNormalReparametrisation
{
    /// <summary>(a) T(ε) = exp(ε).</summary>
    public static Tensor T(Tensor epsilon)
    {
        ArgumentNullException.ThrowIfNull(epsilon);
        return epsilon.exp();
    }

    /// <summary>(b) M_{μ,σ²}(z) = z^σ·e^μ for z &gt; 0, computed as exp(σ·ln z + μ).</summary>
    public static Tensor M(Tensor z, double mu, double sigma)
    {
        ArgumentNullException.ThrowIfNull(z);
        RequireParameters(mu, sigma);
        if (z.le(0f).sum().item() > 0) throw new ArgumentOutOfRangeException(nameof(z), "M_{μ,σ²} is defined for z > 0 only.");
        return (z.log() * (float)sigma + (float)mu).exp();
    }

    /// <summary>(c) C_{μ,σ²}(ε) = exp(σε + μ).</summary>
    public static Tensor C(Tensor epsilon, double mu, double sigma)
    {
        ArgumentNullException.ThrowIfNull(epsilon);
        RequireParameters(mu, sigma);
        return (epsilon * (float)sigma + (float)mu).exp();
    }

    /// <summary>(c) with μ and σ as tensors (broadcast against ε), so gradients reach them.</summary>
    public static Tensor C(Tensor epsilon, Tensor mu, Tensor sigma)
    {
        ArgumentNullException.ThrowIfNull(epsilon);
        ArgumentNullException.ThrowIfNull(mu);
        ArgumentNullException.ThrowIfNull(sigma);
        return (epsilon * sigma + mu).exp();
    }

    /// <summary>
    /// (d) ∂C(εᵢ)/∂μ and ∂C(εᵢ)/∂σ per sample, by backpropagation through <see cref="C(Tensor, Tensor, Tensor)"/> with μ
    /// and σ expanded to ε's shape (so sample i's derivative lands in element i).
    /// </summary>
    public static (Tensor Mu, Tensor Sigma) PathwiseGradient(Tensor epsilon, double mu, double sigma)
    {
        ArgumentNullException.ThrowIfNull(epsilon);
        RequireParameters(mu, sigma);
        using var _ = enable_grad();
        var m = full(epsilon.shape, (float)mu).requires_grad_();
        var s = full(epsilon.shape, (float)sigma).requires_grad_();
        var grads = autograd.grad([C(epsilon.detach(), m, s).sum()], [m, s]);
        return (grads[0]!, grads[1]!);
    }

    private static void RequireParameters(double mu, double sigma)
    {
        if (!double.IsFinite(mu)) throw new ArgumentOutOfRangeException(nameof(mu), mu, "μ must be finite.");
        if (!(sigma > 0) || !double.IsFinite(sigma)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "σ must be finite and > 0.");
    }
}
