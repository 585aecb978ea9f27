using Grader.Checks.Diffusion;
using Grader.Checks.Hidden.Diffusion.Schedules;
using Grader.Contracts.Diffusion;

namespace Grader.Checks.Hidden.Diffusion;

/// <summary>
/// TUM end-term 2023, problem 4 (d) (sheet 002), one schedule at a time, as the rubric's ✓s: the hand-in classifies
/// schedule <see cref="Schedule"/> right — flags it when it is invalid (✓ for identifying 2, ✓ for identifying 4) and
/// leaves it out when it is valid (the rubric's −✓ for identifying 1 or 3 falsely as invalid). The four checks carry
/// equal shares of the answer's weight, so a hand-in that gets one schedule wrong loses only that share. Which
/// schedules are invalid is computed here from the sheet's rule (every β_n strictly in (0, 1)) with N = 1000 — it is
/// {2, 4} for every N. The answer is asked twice: as the constant <see cref="IBetaScheduleAnswer.InvalidSchedules"/>, and
/// through <see cref="IInvalidBetaSchedules.InvalidAmong"/> with the sheet's four schedules (every c = 1, N = 1000), the
/// method the tutor's run also asks with other constants; both must classify the schedule right. Tutor's run only: on
/// the sheet's fixed question a visible check would give the answer away by passing or failing, and its reasons state it.
/// </summary>
public sealed class InvalidSchedulesAnswerIsCorrect : HandinCheck<IBetaScheduleAnswer>
{
    /// <summary>The four schedules of P4 (d): number, formula, β(n, N) (<see cref="SheetSchedules.Schedules"/>).</summary>
    public static IReadOnlyList<(int Number, string Formula, Func<int, int, double> Beta)> Schedules => SheetSchedules.Schedules;

    /// <summary>One check per schedule of P4 (d), in the order 1 … 4.</summary>
    public static IReadOnlyList<InvalidSchedulesAnswerIsCorrect> PerSchedule { get; } = Schedules.Select(s => new InvalidSchedulesAnswerIsCorrect(s.Number)).ToArray();

    private static readonly Dictionary<int, string> Reasons = new()
    {
        [1] = "schedule 1, β_n = sin(n/N), is valid: 0 < sin(n/N) ≤ sin 1 ≈ 0.84 < 1",
        [2] = "schedule 2, β_n = 1 − 1/n, is invalid: β_1 = 1 − 1/1 = 0, no noise in the first step (and β̃_1 is 0/0)",
        [3] = "schedule 3, β_n = ln(1 + n/N), is valid: 0 < ln(1 + n/N) ≤ ln 2 ≈ 0.69 < 1",
        [4] = "schedule 4, β_n = −cos(πn/N), is invalid: β_n ≤ 0 for n ≤ N/2",
    };

    /// <param name="schedule">The schedule this check judges, 1 … 4.</param>
    public InvalidSchedulesAnswerIsCorrect(int schedule)
        : base($"diffusion.tum.invalid-schedules-answer-is-correct.schedule-{schedule}")
    {
        if (schedule is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(schedule), schedule, "P4 (d) has schedules 1 … 4");
        Schedule = schedule;
    }

    /// <summary>The schedule judged, 1 … 4.</summary>
    public int Schedule { get; }

    /// <summary>The numbers of the invalid schedules by the sheet's rule, for N steps.</summary>
    public static int[] Expected(int N = 1000) =>
        Schedules.Where(s => !Enumerable.Range(1, N).All(n => BetaScheduleGen.IsInside(s.Beta(n, N)))).Select(s => s.Number).ToArray();

    protected override CheckResult Check(CheckContext context, HandinCall call, IBetaScheduleAnswer answer)
    {
        if (call.Run("InvalidSchedules", () => answer.InvalidSchedules, out var set) is { } threw) return threw;
        if (set is null) return call.Fail("InvalidSchedules is null: give the set of the numbers (1–4) of the invalid schedules.", expected: "a set of schedule numbers", seen: "null");

        var invalid = Expected().Contains(Schedule);
        var flagged = set.Contains(Schedule);
        var shown = Show(set);
        var strays = set.Where(k => k is < 1 or > 4).Order().ToArray();
        var stray = strays.Length == 0 ? "" : $" ({string.Join(", ", strays)} {(strays.Length == 1 ? "is" : "are")} not one of the schedules 1–4.)";
        var rubric = invalid
            ? $"✗ schedule {Schedule} missed — {Reasons[Schedule]}"
            : $"−✓ schedule {Schedule} falsely flagged — {Reasons[Schedule]}";
        if (flagged != invalid)
            return call.Fail(
                $"Your answer {shown} {(invalid ? "misses" : "flags")} schedule {Schedule}. Rubric: {rubric}.{stray} Re-read {SheetRef}.",
                expected: invalid ? $"{Schedule} in the set" : $"{Schedule} not in the set", seen: shown);

        // The same question through IInvalidBetaSchedules, which the tutor's run also asks with other constants and N.
        if (call.Resolve<IInvalidBetaSchedules>(context, out var general) is { } unresolvedGeneral) return unresolvedGeneral;
        const string what = "InvalidAmong(the sheet's own question: its four schedules as printed)";
        if (call.Run(what, () => general.InvalidAmong(SheetQuestion(), SheetN), out var asked) is { } threwGeneral) return threwGeneral;
        if (asked is null) return call.Fail($"{what} returned null: give the set of the numbers of the invalid schedules.", expected: "a set of schedule numbers", seen: "null");
        if (asked.Contains(Schedule) != invalid)
            return call.Fail(
                $"{what} answers {Show(asked)}: it {(invalid ? "misses" : "flags")} schedule {Schedule}, unlike InvalidSchedules. Rubric: {rubric}. Re-read {SheetRef}.",
                expected: invalid ? $"{Schedule} in the set" : $"{Schedule} not in the set", seen: Show(asked));

        return CheckResult.Pass(Id, invalid
            ? $"✓ schedule {Schedule} identified as invalid (by InvalidSchedules and by InvalidAmong)."
            : $"Schedule {Schedule} is not flagged as invalid: no deduction.{stray}", SheetRef);
    }

    /// <summary>The N of the sheet's question as the check asks it.</summary>
    public const int SheetN = SheetSchedules.SheetN;

    /// <summary>The sheet's four schedules as <see cref="BetaScheduleFormula"/>s: every constant c = 1.</summary>
    public static BetaScheduleFormula[] SheetQuestion() => SheetSchedules.SheetQuestion();

    private static string Show(IReadOnlySet<int> set) => "{" + string.Join(", ", set.Order()) + "}";
}
