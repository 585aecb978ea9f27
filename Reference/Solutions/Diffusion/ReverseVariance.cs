namespace Grader.Reference.Diffusion;

/// <summary>
/// The fixed variance σ_t² of the reverse step p_θ(z_{t−1} | z_t) = N(μ_θ(z_t, t), σ_t² I) (Ho et al. 2020 §3.2).
/// </summary>
public enum ReverseVariance
{
    /// <summary>σ_t² = β_t ("fixed_large"; optimal for x₀ ~ N(0, I)). The DTU week 3 solution's choice for Algorithm 2.</summary>
    Beta,

    /// <summary>σ_t² = β̃_t ("fixed_small", the posterior variance; optimal for a single point x₀). The Heidelberg notebook's choice.</summary>
    BetaTilde,
}
