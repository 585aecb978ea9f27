using System.Collections.ObjectModel;
using Grader.Checks.Diffusion.Snapshots;
using Grader.Contracts.Diffusion;

namespace Grader.Checks.Diffusion;

/// <summary>
/// TUM end-term 2023, problem 4 (b) or (c) (sheet 002): the hand-in's <c>IsValid(betas)</c> gives the approved verdict
/// on each of the self-check's fixed schedules (snapshot <c>diffusion/schedule-validity</c>: schedules of 1 … 50 values
/// with the part's kind of value in them or none, the shortest first, so the first disagreement shown is the smallest).
/// </summary>
/// <remarks>
/// The check holds verdicts, not the rule that gives them: the rule is what P4 (b)–(d) ask, so it lives on the tutor's
/// side, where the hidden checks of the same tasks apply it to schedules drawn for the run. With no
/// <see cref="ScheduleDefect"/> the check runs the cases of every part.
/// </remarks>
public sealed class ScheduleValidityAgreesWithReference : SnapshotCheck<ScheduleValiditySnapshot, IBetaScheduleValidity>
{
    private readonly ScheduleDefect? _defect;

    /// <param name="defect">The part whose schedules are asked: <see cref="ScheduleDefect.AboveOne"/> (P4 (b)) or <see cref="ScheduleDefect.EqualOne"/> (P4 (c)); null for both.</param>
    public ScheduleValidityAgreesWithReference(ScheduleDefect? defect = null)
        : base(
            "diffusion.tum.schedule-validity-agrees-with-reference" + defect switch
            {
                null => "",
                ScheduleDefect.AboveOne => ".beta-above-one",
                _ => ".beta-equal-one",
            },
            defect switch
            {
                ScheduleDefect.AboveOne => "sheet 002, problem 4 (b): why does model training fail if β_n > 1?",
                ScheduleDefect.EqualOne => "sheet 002, problem 4 (c): why does model training fail if β_n = 1?",
                _ => "sheet 002, problem 4 (b) and (c): why does model training fail if β_n > 1, or if β_n = 1?",
            },
            DiffusionSnapshots.Folder, ScheduleValiditySnapshot.Name)
    {
        if (defect is ScheduleDefect.NotPositiveOrNotFinite)
            throw new ArgumentOutOfRangeException(nameof(defect), defect, "the self-check asks P4 (b) and (c); P4 (d) is graded in the tutor's run only");
        _defect = defect;
    }

    protected override CheckResult Check(CheckContext context, HandinCall call, ScheduleValiditySnapshot snapshot, IBetaScheduleValidity validity)
    {
        var cases = snapshot.Cases.Where(c => _defect is not { } d || c.Part == ScheduleValiditySnapshot.ScheduleCase.PartOf(d))
            .Select(c => (c.Part, Betas: c.Values(), c.Valid)).OrderBy(c => c.Betas.Length).ToArray();
        if (cases.Length == 0) return call.Error($"the approved snapshot {ScheduleValiditySnapshot.Name} holds no schedule for this part (a grader defect)");
        foreach (var (part, betas, valid) in cases)
        {
            if (call.Run($"IsValid({Show(betas)})", () => validity.IsValid(ReadOnly(betas)), out var seen) is { } threw) return threw;
            if (seen != valid)
                return call.Fail(
                    $"IsValid says {Verdict(seen)} for the self-check's schedule {Show(betas)} (N = {betas.Length}, one of P4 ({part})'s cases); the approved answer is {Verdict(valid)}. " +
                    $"Follow this schedule through the forward process (α_n = 1 − β_n, ᾱ_n = ∏_{{m ≤ n}} α_m) and re-read {SheetRef}",
                    expected: Verdict(valid), seen: Verdict(seen));
        }

        return CheckResult.Pass(Id, $"IsValid gives the approved verdict on all {cases.Length} of the self-check's schedules (1 … {cases[^1].Betas.Length} values).", SheetRef);
    }

    /// <summary>A schedule as the feedback prints it: its first 12 values, round-trip exact.</summary>
    private static string Show(double[] betas) =>
        "[" + string.Join(", ", betas.Take(12).Select(b => b.ToString("R", CultureInfo.InvariantCulture))) + (betas.Length > 12 ? ", …]" : "]");

    private static ReadOnlyCollection<double> ReadOnly(double[] betas) => Array.AsReadOnly((double[])betas.Clone());

    private static string Verdict(bool valid) => valid ? "valid" : "invalid";
}
