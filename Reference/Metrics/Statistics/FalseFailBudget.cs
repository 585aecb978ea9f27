using MathNet.Numerics.Distributions;

namespace Grader.Metrics.Statistics;

/// <summary>
/// Budgeting the false-fail probability of statistical checks (ml-anchors §6.2): a Bonferroni split of a total α
/// over K checks, the standard-normal critical values, and the false-fail rate and power of repeat-and-vote.
/// </summary>
/// <remarks>
/// <para>
/// Bonferroni: K checks at level α/K each fail a correct hand-in with probability ≤ α in total, whatever their
/// dependence. Critical values grow only like sqrt(2 ln(K/α)).
/// </para>
/// <para>
/// Quantiles: <see cref="OneSidedZ"/>(α) = Φ⁻¹(1 − α) and <see cref="TwoSidedZ"/>(α) = Φ⁻¹(1 − α/2), computed from the
/// lower tail for accuracy (one-sided 1e-6 → 4.7534, two-sided 1e-6 → 4.8916).
/// </para>
/// <para>
/// Repeat-and-vote: k independent replicates of an exact level-α0 test, failing only if at least r reject, fail a
/// correct hand-in with probability <c>Σ_{j≥r} C(k, j) α0^j (1 − α0)^(k−j)</c> (α0 = 0.01: 3 of 3 → 1.0e-6,
/// 4 of 5 → 4.96e-8). The same binomial tail with the single-test power in place of α0 gives the power.
/// </para>
/// </remarks>
public static class FalseFailBudget
{
    /// <summary>The project-wide false-fail probability per grading run of one check: 1e-6.</summary>
    public const double DefaultRate = 1e-6;

    /// <summary>The level each of <paramref name="checks"/> checks gets from a total <paramref name="totalAlpha"/>: α/K.</summary>
    public static double Bonferroni(double totalAlpha, int checks)
    {
        RequireProbability(totalAlpha, nameof(totalAlpha));
        ArgumentOutOfRangeException.ThrowIfLessThan(checks, 1);
        return totalAlpha / checks;
    }

    /// <summary>The one-sided standard-normal critical value z with P(Z &gt; z) = α.</summary>
    public static double OneSidedZ(double alpha)
    {
        RequireProbability(alpha, nameof(alpha));
        return -Normal.InvCDF(0, 1, alpha);
    }

    /// <summary>The two-sided standard-normal critical value z with P(|Z| &gt; z) = α.</summary>
    public static double TwoSidedZ(double alpha)
    {
        RequireProbability(alpha, nameof(alpha));
        return -Normal.InvCDF(0, 1, alpha / 2);
    }

    /// <summary>
    /// P(at least <paramref name="required"/> of <paramref name="replicates"/> independent level-α0 tests reject) under
    /// the null: the false-fail rate of repeat-and-vote.
    /// </summary>
    public static double RepeatAndVote(double alpha0, int replicates, int required) => BinomialUpperTail(alpha0, replicates, required);

    /// <summary>The power of repeat-and-vote when a single replicate has power <paramref name="singlePower"/>.</summary>
    public static double RepeatAndVotePower(double singlePower, int replicates, int required) => BinomialUpperTail(singlePower, replicates, required);

    /// <summary>Σ_{j ≥ r} C(k, j) p^j (1 − p)^(k − j).</summary>
    public static double BinomialUpperTail(double p, int k, int r)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "p must lie in [0, 1].");
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(r, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(r, k);
        double sum = 0;
        for (var j = r; j <= k; j++)
            sum += Math.Exp(LogChoose(k, j)) * Math.Pow(p, j) * Math.Pow(1 - p, k - j);
        return Math.Min(1, sum);
    }

    private static double LogChoose(int k, int j) =>
        MathNet.Numerics.SpecialFunctions.FactorialLn(k) - MathNet.Numerics.SpecialFunctions.FactorialLn(j) - MathNet.Numerics.SpecialFunctions.FactorialLn(k - j);

    internal static void RequireProbability(double alpha, string name)
    {
        if (!(alpha > 0 && alpha < 1)) throw new ArgumentOutOfRangeException(name, alpha, "The level must lie in (0, 1).");
    }
}
