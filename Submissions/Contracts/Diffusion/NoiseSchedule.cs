namespace Grader.Contracts.Diffusion;

/// <summary>
/// The variance schedule a task runs with: β for code index t = 0..T−1, where index t is the papers' step t+1
/// (Ho et al. write t = 1..T). A hand-in computes α_t = 1 − β_t and ᾱ_t = ∏_{s≤t} α_s itself.
/// </summary>
/// <param name="Betas">β₀ … β_{T−1}.</param>
public sealed record NoiseSchedule(IReadOnlyList<double> Betas)
{
    /// <summary>Number of diffusion steps T.</summary>
    public int T => Betas.Count;
}
