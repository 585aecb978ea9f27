namespace Grader.Reference.Gan;

/// <summary>
/// TUM exam 2023, problem 3 (b): the Jensen–Shannon divergence JSD(p, q) = ½ 𝕂𝕃(p ‖ m) + ½ 𝕂𝕃(q ‖ m), m = ½(p + q), in
/// nats, evaluated in double: on a grid by the midpoint rule, or by Monte Carlo from samples with both densities known
/// at each sample. Pointwise, p·log(p/m) is 0 where p = 0 (its limit), so disjoint supports give ½(mass_p + mass_q)·ln 2
/// = ln 2 and equal densities 0; 0 ≤ JSD ≤ ln 2 for normalised densities.
/// </summary>
public static class JensenShannon
{
    /// <summary>JSD on a grid: Σ over cells of ΔV·[½ p log(2p/(p + q)) + ½ q log(2q/(p + q))].</summary>
    public static double OnGrid(double[] p, double[] q, double cellVolume)
    {
        DensityValues.Require(p, nameof(p));
        DensityValues.Require(q, nameof(q));
        DensityValues.RequireSameLength(p, q, nameof(q));
        DensityValues.RequireCellVolume(cellVolume);
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            var m = 0.5 * (p[i] + q[i]);
            sum += 0.5 * (PLogPOverM(p[i], m) + PLogPOverM(q[i], m));
        }
        return sum * cellVolume;
    }

    /// <summary>
    /// The Monte-Carlo estimate ½·mean_i log(2p(xᵢ)/(p(xᵢ) + q(xᵢ))) + ½·mean_j log(2q(yⱼ)/(p(yⱼ) + q(yⱼ))) from xᵢ ~ p and
    /// yⱼ ~ q (unbiased; each term lies in (−∞, ln 2]). A sample where its own density is 0 cannot come from it and is refused.
    /// </summary>
    public static double BySamples(double[] pAtP, double[] qAtP, double[] pAtQ, double[] qAtQ)
    {
        DensityValues.Require(pAtP, nameof(pAtP));
        DensityValues.Require(qAtP, nameof(qAtP));
        DensityValues.Require(pAtQ, nameof(pAtQ));
        DensityValues.Require(qAtQ, nameof(qAtQ));
        DensityValues.RequireSameLength(pAtP, qAtP, nameof(qAtP));
        DensityValues.RequireSameLength(pAtQ, qAtQ, nameof(qAtQ));
        if (pAtP.Length == 0 || pAtQ.Length == 0) throw new ArgumentException("Both samples must be non-empty.");
        return 0.5 * MeanLogRatio(pAtP, qAtP, nameof(pAtP)) + 0.5 * MeanLogRatio(qAtQ, pAtQ, nameof(qAtQ));
    }

    /// <summary>𝕂𝕃(p ‖ q) on a grid, Σ ΔV·p log(p/q); +∞ where p &gt; 0 = q.</summary>
    public static double KlOnGrid(double[] p, double[] q, double cellVolume)
    {
        DensityValues.Require(p, nameof(p));
        DensityValues.Require(q, nameof(q));
        DensityValues.RequireSameLength(p, q, nameof(q));
        DensityValues.RequireCellVolume(cellVolume);
        double sum = 0;
        for (int i = 0; i < p.Length; i++) sum += PLogPOverM(p[i], q[i]);
        return sum * cellVolume;
    }

    /// <summary>p·ln(p/m): 0 where p = 0, +∞ where p &gt; 0 = m.</summary>
    internal static double PLogPOverM(double p, double m) => p == 0 ? 0 : m == 0 ? double.PositiveInfinity : p * Math.Log(p / m);

    private static double MeanLogRatio(double[] own, double[] other, string name)
    {
        double sum = 0;
        for (int i = 0; i < own.Length; i++)
        {
            if (own[i] == 0) throw new ArgumentException($"{name}[{i}] = 0: a sample of a density cannot lie where that density is 0.", name);
            sum += Math.Log(2 * own[i] / (own[i] + other[i]));
        }
        return sum / own.Length;
    }
}
