using Grader.Contracts.Diffusion;

namespace Grader.Reference.Diffusion.Handin;

/// <summary>
/// The reference as a hand-in of DTU exercise 3.3: the KL divergence of two isotropic Gaussians in d dimensions,
/// ½ Σᵢ [β̃/σ² − 1 − ln(β̃/σ²) + (μ̃ᵢ − μ_θ,ᵢ)²/σ²] = ‖μ̃ − μ_θ‖²/(2σ²) + C, C = (d/2)(β̃/σ² − 1 − ln(β̃/σ²)) free of θ.
/// </summary>
public sealed class ReferenceDtuKlTerm : IDtuKlTerm
{
    public double KlTerm(double[] muTilde, double betaTilde, double[] muTheta, double sigmaSquared)
    {
        ArgumentNullException.ThrowIfNull(muTilde);
        ArgumentNullException.ThrowIfNull(muTheta);
        if (muTilde.Length != muTheta.Length) throw new ArgumentException("μ̃ and μ_θ have different lengths", nameof(muTheta));
        var ratio = betaTilde / sigmaSquared;
        var squared = 0.0;
        for (var i = 0; i < muTilde.Length; i++) squared += (muTilde[i] - muTheta[i]) * (muTilde[i] - muTheta[i]);
        return (squared / (2 * sigmaSquared)) + (0.5 * muTilde.Length * (ratio - 1 - Math.Log(ratio)));
    }
}
