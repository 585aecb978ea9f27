using Grader.Contracts.Gan;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 002, P3 (b) in log space on whole tensors, as a discriminator's loss writes it: ln D* = −softplus(ln p_θ − ln p*)
/// (ln sigmoid of the logit ln p* − ln p_θ), then exp. Where p_θ = 0 the log ratio is −∞ and D* = exp(0) = 1; where
/// p* = 0 it is +∞ and D* = 0; where both densities are 0 it is NaN, and any D will do: ½.
/// </summary>
public sealed class GanOptimalDiscriminator : IOptimalDiscriminator
{
    public Tensor OptimalDiscriminator(Tensor dataDensity, Tensor modelDensity)
    {
        using var noGrad = no_grad();
        Tensor logRatio = modelDensity.log() - dataDensity.log();
        Tensor d = (-nn.functional.softplus(logRatio)).exp();
        Tensor bothZero = (dataDensity + modelDensity).eq(zeros_like(dataDensity));
        return where(bothZero, full_like(d, 0.5f), d);
    }
}
