using Grader.Contracts.Diffusion;

namespace Grader.Reference.Diffusion.Handin;

/// <summary>
/// The reference as a hand-in of DTU exercise 3.1: q(z_T | x) = N(√ᾱ_T x, (1 − ᾱ_T) I) with ᾱ_T = ∏(1 − β_s), the
/// product taken in order (what <see cref="BetaSchedule"/>'s ᾱ is).
/// </summary>
public sealed class ReferenceDtuForwardMarginal : IDtuForwardMarginal
{
    public double MeanScale(double[] betas) => Math.Sqrt(AlphaBar(betas));

    public double Variance(double[] betas) => 1 - AlphaBar(betas);

    private static double AlphaBar(double[] betas)
    {
        ArgumentNullException.ThrowIfNull(betas);
        if (betas.Length == 0) throw new ArgumentException("a schedule has at least one step", nameof(betas));
        var alphaBar = 1.0;
        foreach (var beta in betas) alphaBar *= 1 - beta;
        return alphaBar;
    }
}
