namespace Grader.Reference.Vae;

/// <summary>
/// TUM exam 2023, problem 2 (d): the KL term 𝕂𝕃[q ‖ p] of a VAE with the log-normal prior p = log N(μ_p, σ_p²), in nats.
/// For q = log N(μ_q, σ_q²) it is finite: z ↦ ln z maps both to normals and KL is invariant under a bijection, so it is
/// the normal–normal KL ln(σ_p/σ_q) + (σ_q² + (μ_q − μ_p)²)/(2σ_p²) − ½. For q = N(μ_q, σ_q²) it is +∞: q gives the
/// half-line z ≤ 0 the probability Φ(−μ_q/σ_q) &gt; 0, where p has density 0, so log(q/p) = +∞ on a set of positive
/// q-probability (the sample solution: "the KL-divergence term diverges to ∞").
/// </summary>
public static class LogNormalPriorKl
{
    /// <summary>𝕂𝕃[log N(μ_q, σ_q²) ‖ log N(μ_p, σ_p²)].</summary>
    public static double BetweenLogNormals(double muQ, double sigmaQ, double muP, double sigmaP)
    {
        Require(muQ, sigmaQ, nameof(muQ), nameof(sigmaQ));
        Require(muP, sigmaP, nameof(muP), nameof(sigmaP));
        var d = muQ - muP;
        return Math.Log(sigmaP / sigmaQ) + (sigmaQ * sigmaQ + d * d) / (2 * sigmaP * sigmaP) - 0.5;
    }

    /// <summary>𝕂𝕃[N(μ_q, σ_q²) ‖ log N(μ_p, σ_p²)] = +∞ (support mismatch, see the type's summary).</summary>
    public static double NormalAgainstLogNormal(double muQ, double sigmaQ, double muP, double sigmaP)
    {
        Require(muQ, sigmaQ, nameof(muQ), nameof(sigmaQ));
        Require(muP, sigmaP, nameof(muP), nameof(sigmaP));
        return double.PositiveInfinity;
    }

    private static void Require(double mu, double sigma, string muName, string sigmaName)
    {
        if (!double.IsFinite(mu)) throw new ArgumentOutOfRangeException(muName, mu, "μ must be finite.");
        if (!(sigma > 0) || !double.IsFinite(sigma)) throw new ArgumentOutOfRangeException(sigmaName, sigma, "σ must be finite and > 0.");
    }
}
