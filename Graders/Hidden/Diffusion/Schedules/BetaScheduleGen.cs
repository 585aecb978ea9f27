using FsCheck;
using FsCheck.Fluent;
using Grader.Checks.Diffusion;

namespace Grader.Checks.Hidden.Diffusion.Schedules;

/// <summary>A generated β schedule, β_1 … β_N stored 0-based, printed short for a counterexample.</summary>
/// <param name="Betas">The values; <c>Betas[n − 1]</c> is β_n.</param>
public sealed record BetaScheduleCase(double[] Betas)
{
    /// <summary>True when every β lies strictly in (0, 1) (NaN does not).</summary>
    public bool IsValid => Betas.All(BetaScheduleGen.IsInside);

    /// <summary>The sheet's indices n (1-based) of the values outside (0, 1).</summary>
    public IEnumerable<int> Defects => Betas.Select((b, i) => (b, i)).Where(p => !BetaScheduleGen.IsInside(p.b)).Select(p => p.i + 1);

    public override string ToString() =>
        "[" + string.Join(", ", Betas.Select(Format)) + $"] (N = {Betas.Length})";

    public static string Format(double beta) => beta switch
    {
        double.NaN => "NaN",
        double.PositiveInfinity => "+∞",
        double.NegativeInfinity => "−∞",
        _ => beta.ToString("R", CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// Generators of β schedules for the validity property (TUM 2023 P4 (b)–(d)), composed from small generators, never
/// from FsCheck's default <c>double</c>. Valid schedules have 1 … 50 values strictly inside (0, 1), mixing a uniform grid
/// with values near the edges (10⁻ᵏ, 1 − 10⁻ᵏ, the smallest double, the largest double below 1). Invalid ones put a
/// defect at a random position — β &lt; 0, β = 0 (or −0), β = 1, β &gt; 1, the double just above 1, NaN or ±∞ — and
/// sometimes a second one. The shrinker keeps a schedule's kind: an invalid schedule keeps its first defect (and its kind
/// of defect) while it is shortened and its other values are simplified to ½; a valid schedule stays valid.
/// </summary>
public static class BetaScheduleGen
{
    public const int MaxLength = 50;

    /// <summary>0 &lt; β &lt; 1.</summary>
    public static bool IsInside(double beta) => beta > 0 && beta < 1;

    /// <summary>A value strictly inside (0, 1).</summary>
    public static Gen<double> Inside { get; } = Gen.Frequency(
        (8, Gen.Choose(1, 999_999).Select(k => k / 1e6)),
        (1, Gen.Choose(1, 15).Select(k => Math.Pow(10, -k))),
        (1, Gen.Choose(1, 15).Select(k => 1 - Math.Pow(10, -k))),
        (1, Gen.Elements(double.Epsilon, Math.BitDecrement(1.0), 0.5)));

    /// <summary>A value outside (0, 1).</summary>
    public static Gen<double> Defect { get; } = Gen.Frequency(
        (3, Gen.Choose(1, 1_000_000).Select(k => -k / 1e4)),
        (2, Gen.Elements(0.0, -0.0)),
        (2, Gen.Constant(1.0)),
        (3, Gen.Choose(1, 1_000_000).Select(k => 1 + k / 1e4)),
        (1, Gen.Elements(Math.BitIncrement(1.0), -double.Epsilon, double.NaN, double.PositiveInfinity, double.NegativeInfinity)));

    /// <summary>A valid schedule of length 1 … min(size, 50).</summary>
    public static Gen<BetaScheduleCase> Valid() =>
        Gen.Sized(size =>
            from n in Gen.Choose(1, Math.Clamp(size, 1, MaxLength))
            from betas in Inside.ArrayOf(n)
            select new BetaScheduleCase(betas));

    /// <summary>The kind of an invalid β (<paramref name="beta"/> must lie outside (0, 1)).</summary>
    public static ScheduleDefect KindOf(double beta) => beta switch
    {
        double.NaN or double.NegativeInfinity => ScheduleDefect.NotPositiveOrNotFinite,
        double.PositiveInfinity => ScheduleDefect.AboveOne,
        <= 0 => ScheduleDefect.NotPositiveOrNotFinite,
        1 => ScheduleDefect.EqualOne,
        _ => ScheduleDefect.AboveOne,
    };

    /// <summary>A value outside (0, 1) of the given kind (any kind when null).</summary>
    public static Gen<double> DefectOf(ScheduleDefect? kind) => kind is null ? Defect : Defect.Where(b => KindOf(b) == kind);

    /// <summary>A valid schedule with one defect at a random position, sometimes two (of <paramref name="kind"/> when given).</summary>
    public static Gen<BetaScheduleCase> Invalid(ScheduleDefect? kind = null) =>
        from valid in Valid()
        from first in Gen.Choose(0, valid.Betas.Length - 1)
        from defect in DefectOf(kind)
        from second in Gen.Frequency((4, Gen.Constant(-1)), (1, Gen.Choose(0, valid.Betas.Length - 1)))
        from other in DefectOf(kind)
        select new BetaScheduleCase(valid.Betas.Select((b, i) => i == first ? defect : i == second ? other : b).ToArray());

    /// <summary>Valid and invalid schedules, half and half (invalid ones of <paramref name="kind"/> when given).</summary>
    public static Gen<BetaScheduleCase> Any(ScheduleDefect? kind = null) => Gen.OneOf(Valid(), Invalid(kind));

    /// <summary><see cref="Any"/> with <see cref="Shrink"/> (which keeps the kind of defect).</summary>
    public static Arbitrary<BetaScheduleCase> Arbitrary(ScheduleDefect? kind = null) => Arb.From(Any(kind), Shrink);

    /// <summary>
    /// Smaller schedules of the same kind, most aggressive first: an invalid schedule is cut to its first defect alone,
    /// then has valid values removed one at a time, then simplified to ½, and its defect replaced by the simplest value
    /// of the same kind (−1, 0, 1, 2); a valid schedule is cut to its first value, shortened by one, and simplified to ½.
    /// FsCheck keeps a candidate only if the property still fails on it.
    /// </summary>
    public static IEnumerable<BetaScheduleCase> Shrink(BetaScheduleCase schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var betas = schedule.Betas;
        if (schedule.IsValid)
        {
            if (betas.Length > 1) yield return new([betas[0]]);
            for (var i = 0; i < betas.Length && betas.Length > 1; i++) yield return new(betas.Where((_, k) => k != i).ToArray());
            for (var i = 0; i < betas.Length; i++)
                if (betas[i] != 0.5) yield return new(betas.Select((b, k) => k == i ? 0.5 : b).ToArray());
            yield break;
        }

        var first = Array.FindIndex(betas, b => !IsInside(b));
        var defect = betas[first];
        if (betas.Length > 1) yield return new([defect]);
        for (var i = 0; i < betas.Length && betas.Length > 1; i++)
            if (i != first) yield return new(betas.Where((_, k) => k != i).ToArray());
        for (var i = 0; i < betas.Length; i++)
            if (i != first && betas[i] != 0.5 && IsInside(betas[i])) yield return new(betas.Select((b, k) => k == i ? 0.5 : b).ToArray());
        if (Simplest(defect) is { } simpler && !simpler.Equals(defect))
            yield return new(betas.Select((b, k) => k == first ? simpler : b).ToArray());
    }

    /// <summary>The simplest value with the same kind of defect: −1 for negatives, 0 for ±0, 1 for 1, 2 for values above 1.</summary>
    private static double? Simplest(double defect) => defect switch
    {
        double.NaN => null,
        double.PositiveInfinity or double.NegativeInfinity => null,
        < 0 => -1.0,
        0 => 0.0,
        1 => 1.0,
        > 1 => 2.0,
        _ => null,
    };
}
