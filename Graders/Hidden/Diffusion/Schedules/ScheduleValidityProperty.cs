using System.Collections.ObjectModel;
using Grader.Checks.Catalog;
using Grader.Checks.Diffusion;
using Grader.Checks.Properties;
using Grader.Contracts.Diffusion;

namespace Grader.Checks.Hidden.Diffusion.Schedules;

/// <summary>
/// TUM end-term 2023, problem 4 (b)–(d) (sheet 002), and the premise of DTU ex. 3.1 (sheet 004): the hand-in's
/// <c>IsValid(betas)</c> agrees with the sheet's answer, "a schedule is usable exactly when every β_n lies strictly in
/// (0, 1)", first on the four schedules of P4 (d) with N = 1000, then on generated schedules (FsCheck,
/// <see cref="BetaScheduleGen"/>; 300 cases, seeded by the check's seed). The rule is the sample solution's answer,
/// stated here (the tutor's side only: the rule is the answer to P4 (b)–(d), so the shipped visible check,
/// <see cref="ScheduleValidityAgreesWithReference"/>, compares with approved verdicts on fixed schedules instead). A
/// failing case is shrunk to the shortest schedule that still shows the disagreement, and the message says which part of
/// P4 covers its defect.
/// </summary>
/// <remarks>
/// With a <see cref="ScheduleDefect"/> the check covers one part of P4 only: its invalid schedules have defects of that
/// kind alone (β &gt; 1 for (b), β = 1 for (c), β ≤ 0 or not finite for (d), which also runs the four schedules of (d)),
/// so a hand-in that mishandles one kind loses only that part's points.
/// </remarks>
public sealed class ScheduleValidityProperty : HandinCheck<IBetaScheduleValidity>
{
    public const int Cases = 300;

    private readonly ScheduleDefect? _defect;

    /// <param name="defect">The kind of defect the invalid schedules carry; null for all kinds. The tutor's pack runs it
    /// for P4 (d) (<see cref="ScheduleDefect.NotPositiveOrNotFinite"/>) only, and that instance cites its pack's
    /// declaration; the ids of (b) and (c) are the visible checks', and the all-kinds instance, which no pack binds (its
    /// tests run it), states its own reference.</param>
    public ScheduleValidityProperty(ScheduleDefect? defect = null)
        : base(IdOf(defect), defect is null ? AllKinds : DeferredCheck.SheetRefOf(IdOf(defect))) =>
        _defect = defect;

    private const string AllKinds = "sheet 002, problem 4 (b)–(d) (and sheet 004, ex. 3.1): which β schedules can a diffusion model be trained with?";

    private static string IdOf(ScheduleDefect? defect) => "diffusion.tum.schedule-validity-agrees-with-reference" + defect switch
    {
        null => "",
        ScheduleDefect.AboveOne => ".beta-above-one",
        ScheduleDefect.EqualOne => ".beta-equal-one",
        _ => ".beta-not-positive",
    };

    /// <summary>The sheet's answer: every β_n strictly in (0, 1) (NaN is not).</summary>
    public static bool Rule(IReadOnlyList<double> betas) => betas.Count > 0 && betas.All(BetaScheduleGen.IsInside);

    protected override CheckResult Check(CheckContext context, HandinCall call, IBetaScheduleValidity validity)
    {
        var fixedSchedules = _defect is null or ScheduleDefect.NotPositiveOrNotFinite ? SheetSchedules.Schedules : [];
        foreach (var (number, formula, beta) in fixedSchedules)
        {
            var betas = Enumerable.Range(1, 1000).Select(n => beta(n, 1000)).ToArray();
            var expected = Rule(betas);
            if (call.Run($"IsValid(schedule {number} of P4 (d))", () => validity.IsValid(ReadOnly(betas)), out var seen) is { } threw) return threw;
            if (seen != expected)
            {
                var schedule = new BetaScheduleCase(betas);
                return call.Fail(
                    $"IsValid disagrees with the sheet on schedule {number} of P4 (d), β_n = {formula}{(call.Conceals ? "" : " with N = 1000")}: expected {Verdict(expected)}, seen {Verdict(seen)}. " +
                    $"{Explain(schedule)} Smallest counterexample: schedule {number} of P4 (d). Re-read {SheetRef}",
                    expected: Verdict(expected), seen: Verdict(seen));
            }
        }

        var settings = new PropertyRunner.Settings(Id, SheetRef, "IsValid agrees with the sheet's answer", context.Seed, Cases, context.Hidden);
        return PropertyRunner.Check(settings, BetaScheduleGen.Arbitrary(_defect),
            schedule => validity.IsValid(ReadOnly(schedule.Betas)) == Rule(schedule.Betas),
            schedule => $"For it the sheet says {Verdict(schedule.IsValid)}, the hand-in said {Verdict(!schedule.IsValid)}. {Explain(schedule)}",
            schedule => schedule.IsValid ? "valid" : "invalid",
            schedule => $"{Describe(schedule)} was judged {Verdict(!schedule.IsValid)}. {Explain(schedule, showPlace: false)}");
    }

    private static ReadOnlyCollection<double> ReadOnly(double[] betas) => Array.AsReadOnly((double[])betas.Clone());

    private static string Verdict(bool valid) => valid ? "valid" : "invalid";

    /// <summary>
    /// Why the schedule is what it is, naming the part of P4 for its first defect. <paramref name="showPlace"/> false (a
    /// hidden check's schedule) leaves out the defect's step n and value, which tell the drawn schedule's length.
    /// </summary>
    public static string Explain(BetaScheduleCase schedule, bool showPlace = true)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (schedule.IsValid) return "Every β_n lies strictly in (0, 1), so α_n = 1 − β_n ∈ (0, 1) and ᾱ decreases from 1 towards 0: the schedule is usable.";
        var first = schedule.Defects.First();
        var beta = schedule.Betas[first - 1];
        var n = showPlace ? first.ToString(System.Globalization.CultureInfo.InvariantCulture) : "n";
        var value = showPlace ? $"β_{n} = {BetaScheduleCase.Format(beta)}" : !double.IsFinite(beta) ? "A β_n" : beta == 1 ? "β_n = 1" : "β_n";
        return beta switch
        {
            double.NaN or double.PositiveInfinity or double.NegativeInfinity => $"{value} is not a finite number, so no β outside (0, 1) can be excluded: invalid.",
            > 1 => $"{value} > 1: α_{n} = 1 − β_{n} < 0, so ᾱ changes sign and sampling z_n ~ N(√ᾱ_n x₀, (1 − ᾱ_n) I) needs √ᾱ_n of a negative number (P4 (b)).",
            1 => $"{value}: α_{n} = 0, so ᾱ_m = 0 for m ≥ {n}: all information about x₀ is lost, and x̂₀ = (z_n − √(1 − ᾱ_n)·ε_θ)/√ᾱ_n divides by 0 (P4 (c)).",
            _ => $"{value} ≤ 0: no noise (β = 0) or a negative variance (β < 0), so ᾱ stops decreasing or grows; like schedules 2 and 4 of P4 (d).",
        };
    }

    /// <summary>The schedule's kind in the sheet's terms, without its length or values: "a schedule with a β_n above 1".</summary>
    public static string Describe(BetaScheduleCase schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (schedule.IsValid) return "a schedule with every β_n strictly in (0, 1)";
        return schedule.Betas[schedule.Defects.First() - 1] switch
        {
            double.NaN or double.PositiveInfinity or double.NegativeInfinity => "a schedule with a β_n that is not a finite number",
            > 1 => "a schedule with a β_n above 1",
            1 => "a schedule with a β_n equal to 1",
            _ => "a schedule with a β_n ≤ 0",
        };
    }
}
