using System.Globalization;

namespace Grader.Reference.Diffusion;

/// <summary>
/// Whether a β schedule can be used for a diffusion model: every β_n must lie strictly in (0, 1). The reasons are
/// those of the TUM endterm 2023 (CIT4230003), Problem 4 (b)–(d) sample solution.
/// </summary>
/// <remarks>
/// <para>
/// Problem 4(d) at any N (e.g. 1000): β_n = sin(n/N) and β_n = ln(1 + n/N) are valid (their values lie in
/// (0, sin 1] and (0, ln 2]); β_n = 1 − 1/n is invalid because β_1 = 0; β_n = −cos(πn/N) is invalid because β_n ≤ 0
/// for n ≤ N/2 (it also reaches β_N = 1 exactly, which this check reports too; the sample solution names only the
/// first reason).
/// </para>
/// <para>
/// Consecutive n failing for the same reason are reported as one range, so a schedule yields a handful of reasons,
/// not one per step. Indices are the sheet's n = 1 … N (code index n − 1).
/// </para>
/// </remarks>
public static class ScheduleValidity
{
    private enum Failure { None, NotFinite, Zero, Negative, One, AboveOne }

    /// <summary>The reasons <paramref name="schedule"/> is invalid; empty when every β lies in (0, 1).</summary>
    public static IReadOnlyList<string> Check(BetaSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return Check(schedule.Beta);
    }

    /// <summary>The reasons the schedule β_1 … β_N (given 0-based, <c>betas[n − 1]</c> = β_n) is invalid; empty when valid.</summary>
    public static IReadOnlyList<string> Check(IReadOnlyList<double> betas)
    {
        ArgumentNullException.ThrowIfNull(betas);
        var reasons = new List<string>();
        if (betas.Count == 0)
        {
            reasons.Add("the schedule is empty: a diffusion model needs N ≥ 1 steps");
            return reasons;
        }

        var n = 0;
        while (n < betas.Count)
        {
            var kind = Classify(betas[n]);
            if (kind == Failure.None) { n++; continue; }
            var first = n;
            while (n + 1 < betas.Count && Classify(betas[n + 1]) == kind) n++;
            reasons.Add(Explain(kind, first + 1, n + 1, betas[first]));
            n++;
        }

        return reasons;
    }

    /// <summary>True when every β lies strictly in (0, 1).</summary>
    public static bool IsValid(IReadOnlyList<double> betas) => Check(betas).Count == 0;

    private static Failure Classify(double beta) => beta switch
    {
        double.NaN or double.PositiveInfinity or double.NegativeInfinity => Failure.NotFinite,
        0 => Failure.Zero,
        < 0 => Failure.Negative,
        1 => Failure.One,
        > 1 => Failure.AboveOne,
        _ => Failure.None,
    };

    private static string Explain(Failure kind, int firstN, int lastN, double firstValue)
    {
        var where = firstN == lastN
            ? $"β_{firstN} = {F(firstValue)}"
            : $"β_n for n = {firstN} … {lastN} (β_{firstN} = {F(firstValue)})";
        return kind switch
        {
            Failure.NotFinite => $"{where} is not a finite number",
            Failure.Zero => $"{where}: β_n ≤ 0 — with β_n = 0 the step adds no noise, so ᾱ stops decreasing (ᾱ_n = ᾱ_{{n−1}})" +
                            (firstN == 1 ? "; at n = 1 also 1 − ᾱ_1 = 0: z_1 = x₀ carries no noise, and β̃_1 = (1 − ᾱ_0)/(1 − ᾱ_1)·β_1 is 0/0" : ""),
            Failure.Negative => $"{where}: β_n ≤ 0 — α_n = 1 − β_n > 1, so ᾱ grows instead of decreasing, and the forward " +
                                "step q(z_n | z_{n−1}) = N(√(1 − β_n) z_{n−1}, β_n I) needs √β_n, the square root of a negative number",
            Failure.One => $"{where}: β_n = 1 — α_n = 0, so ᾱ_{{n'}} = 0 for n' ≥ n: all information about x₀ is lost from step " +
                           "n on, and estimating x₀ = (z_n − √(1 − ᾱ_n) ε_θ)/√ᾱ_n divides by √0 = 0",
            Failure.AboveOne => $"{where}: β_n > 1 — α_n = 1 − β_n < 0, so ᾱ oscillates in sign from step n on, and sampling " +
                                "z_n ~ q(z_n | x₀) = N(√ᾱ_n x₀, (1 − ᾱ_n) I) takes the square root of a negative number",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
