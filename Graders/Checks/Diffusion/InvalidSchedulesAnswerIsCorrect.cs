using Grader.Checks.Checking;
using Grader.Checks.Properties.Generators;
using Grader.Checks.Results;
using Grader.Contracts.Diffusion;

namespace Grader.Checks.Diffusion;

/// <summary>
/// TUM end-term 2023, problem 4 (d) (sheet 002): the hand-in names exactly schedules 2 and 4 as invalid. The expected set
/// is computed here from the sheet's rule (every β_n strictly in (0, 1)) on the four schedules with N = 1000 — it is
/// {2, 4} for every N — and the message follows the rubric: ✓ for identifying 2, ✓ for identifying 4, a deduction (−✓)
/// for flagging 1 or 3 as invalid. The check passes only on the exact set.
/// </summary>
public sealed class InvalidSchedulesAnswerIsCorrect : ICheck
{
    /// <summary>The four schedules of P4 (d): number, formula, β(n, N).</summary>
    public static IReadOnlyList<(int Number, string Formula, Func<int, int, double> Beta)> Schedules { get; } =
    [
        (1, "sin(n/N)", (n, N) => Math.Sin((double)n / N)),
        (2, "1 − 1/n", (n, _) => 1 - 1.0 / n),
        (3, "ln(1 + n/N)", (n, N) => Math.Log(1 + (double)n / N)),
        (4, "−cos(πn/N)", (n, N) => -Math.Cos(Math.PI * n / N)),
    ];

    private static readonly Dictionary<int, string> Reasons = new()
    {
        [1] = "schedule 1, β_n = sin(n/N), is valid: 0 < sin(n/N) ≤ sin 1 ≈ 0.84 < 1",
        [2] = "schedule 2, β_n = 1 − 1/n, is invalid: β_1 = 1 − 1/1 = 0, no noise in the first step (and β̃_1 is 0/0)",
        [3] = "schedule 3, β_n = ln(1 + n/N), is valid: 0 < ln(1 + n/N) ≤ ln 2 ≈ 0.69 < 1",
        [4] = "schedule 4, β_n = −cos(πn/N), is invalid: β_n ≤ 0 for n ≤ N/2",
    };

    public string Id => "diffusion.tum.invalid-schedules-answer-is-correct";

    public string SheetRef => "sheet 002, problem 4 (d): β_n must lie strictly in (0, 1) for every n";

    /// <summary>The numbers of the invalid schedules by the sheet's rule, for N steps.</summary>
    public static int[] Expected(int N = 1000) =>
        Schedules.Where(s => !Enumerable.Range(1, N).All(n => BetaScheduleGen.IsInside(s.Beta(n, N)))).Select(s => s.Number).ToArray();

    public CheckResult Run(CheckContext context)
    {
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<IBetaScheduleAnswer>(context, out var answer) is { } unresolved) return unresolved;
        if (call.Run("InvalidSchedules", () => answer.InvalidSchedules, out var set) is { } threw) return threw;
        if (set is null) return call.Fail("InvalidSchedules is null: give the set of the numbers (1–4) of the invalid schedules.", expected: "{2, 4}", seen: "null");

        var expected = Expected();
        var seen = set.Order().ToArray();
        var shown = "{" + string.Join(", ", seen) + "}";
        var wanted = "{" + string.Join(", ", expected) + "}";
        if (seen.SequenceEqual(expected))
            return CheckResult.Pass(Id, $"Schedules {wanted} are the invalid ones: ✓ schedule 2 (β_1 = 0), ✓ schedule 4 (β_n ≤ 0 for n ≤ N/2).", SheetRef);

        var rubric = new List<string>();
        foreach (var k in expected)
            rubric.Add(seen.Contains(k) ? $"✓ schedule {k}" : $"✗ schedule {k} missed — {Reasons[k]}");
        foreach (var k in seen.Where(k => !expected.Contains(k)))
            rubric.Add(Reasons.TryGetValue(k, out var reason)
                ? $"−✓ schedule {k} falsely flagged — {reason}"
                : $"−✓ {k} is not one of the schedules 1–4");
        var smallest = expected.Except(seen).Concat(seen.Except(expected)).Order().First();
        return call.Fail(
            $"The invalid schedules are {wanted}, the hand-in says {shown}. Rubric: {string.Join("; ", rubric)}. Smallest counterexample: schedule {smallest}. Re-read {SheetRef}.",
            expected: wanted, seen: shown);
    }
}
