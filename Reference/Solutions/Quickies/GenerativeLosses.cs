using Grader.Tensors;

namespace Grader.Reference.Quickies;

/// <summary>
/// Heidelberg 2023 quickie 3 (e): the basic losses of three generative architectures, in nats.
/// <list type="bullet">
/// <item>VAE: the negative ELBO per example, −log N(x; μ_x, diag σ_x²) + 𝕂𝕃(N(μ_z, diag σ_z²) ‖ N(0, I)), with the
/// decoder's Gaussian at one latent sample; 𝕂𝕃 = ½ Σ (μ² + σ² − 1 − ln σ²), −log N = ½ Σ (ln 2π + ln σ² + (x − μ)²/σ²).</item>
/// <item>GAN, minimax form (Goodfellow et al. 2014, eq. 1) with D = sigmoid(logit): the discriminator minimises
/// −mean log D(x) − mean log(1 − D(G(z))), the generator minimises mean log(1 − D(G(z))).
/// With log D = −softplus(−logit) and log(1 − D) = −softplus(logit) both are finite for every finite logit.</item>
/// <item>Flow: −log p(x) = −log N(f(x); 0, I) − log |det ∂f/∂x| = ½ ‖z‖² + (D/2) ln 2π − log|det J| per example.</item>
/// </list>
/// </summary>
public static class GenerativeLosses
{
    private static readonly double LogTwoPi = Math.Log(2 * Math.PI);

    /// <summary>The VAE's negative ELBO per example, [N].</summary>
    public static Tensor VaeNegativeElbo(Tensor x, Tensor encoderMean, Tensor encoderLogVariance, Tensor decoderMean, Tensor decoderLogVariance)
    {
        RequireBatch(x, nameof(x));
        RequireBatch(encoderMean, nameof(encoderMean));
        RequireSameShape(encoderMean, encoderLogVariance, nameof(encoderLogVariance));
        RequireSameShape(x, decoderMean, nameof(decoderMean));
        RequireSameShape(x, decoderLogVariance, nameof(decoderLogVariance));
        if (encoderMean.size(0) != x.size(0))
            throw new ArgumentException($"The encoder gives {encoderMean.size(0)} examples, x has {x.size(0)}.", nameof(encoderMean));
        var diff = x - decoderMean;
        var reconstruction = ((diff * diff / decoderLogVariance.exp() + decoderLogVariance).sum(1) + (float)(x.size(1) * LogTwoPi)) * 0.5f;
        var kl = (encoderMean * encoderMean + encoderLogVariance.exp() - 1f - encoderLogVariance).sum(1) * 0.5f;
        return reconstruction + kl;
    }

    /// <summary>The discriminator's loss, mean softplus(−real) + mean softplus(fake), a 0-d tensor.</summary>
    public static Tensor GanDiscriminatorLoss(Tensor realLogits, Tensor fakeLogits)
    {
        RequireLogits(realLogits, nameof(realLogits));
        RequireLogits(fakeLogits, nameof(fakeLogits));
        return (-realLogits).softplus().mean() + fakeLogits.softplus().mean();
    }

    /// <summary>The generator's minimax loss, mean log(1 − D(G(z))) = −mean softplus(fake), a 0-d tensor.</summary>
    public static Tensor GanGeneratorLoss(Tensor fakeLogits)
    {
        RequireLogits(fakeLogits, nameof(fakeLogits));
        return -fakeLogits.softplus().mean();
    }

    /// <summary>The flow's negative log-likelihood per example, [N], for z = f(x) [N, D] and log|det J| [N].</summary>
    public static Tensor FlowNegativeLogLikelihood(Tensor z, Tensor logDetJacobian)
    {
        RequireBatch(z, nameof(z));
        ArgumentNullException.ThrowIfNull(logDetJacobian);
        if (logDetJacobian.dim() != 1 || logDetJacobian.size(0) != z.size(0))
            throw new ArgumentException($"log|det J| must be [N = {z.size(0)}], got [{string.Join(", ", logDetJacobian.shape)}].", nameof(logDetJacobian));
        return ((z * z).sum(1) + (float)(z.size(1) * LogTwoPi)) * 0.5f - logDetJacobian;
    }

    private static void RequireBatch(Tensor x, string name)
    {
        ArgumentNullException.ThrowIfNull(x, name);
        if (x.dim() != 2 || x.size(0) == 0 || x.size(1) == 0)
            throw new ArgumentException($"{name} must be [N, D] with N, D ≥ 1, got [{string.Join(", ", x.shape)}].", name);
    }

    private static void RequireSameShape(Tensor a, Tensor b, string name)
    {
        ArgumentNullException.ThrowIfNull(b, name);
        if (!a.shape.SequenceEqual(b.shape))
            throw new ArgumentException($"{name} must be [{string.Join(", ", a.shape)}], got [{string.Join(", ", b.shape)}].", name);
    }

    private static void RequireLogits(Tensor logits, string name)
    {
        ArgumentNullException.ThrowIfNull(logits, name);
        if (logits.dim() != 1 || logits.size(0) == 0)
            throw new ArgumentException($"{name} must be [N] with N ≥ 1, got [{string.Join(", ", logits.shape)}].", name);
    }
}
