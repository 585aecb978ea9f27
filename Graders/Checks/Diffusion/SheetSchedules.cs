using Grader.Contracts.Diffusion;

namespace Grader.Checks.Diffusion;

/// <summary>
/// The question of TUM end-term 2023, problem 4 (d) (sheet 002), as the sheet prints it: four β schedules over N steps.
/// Only the question: which of them are invalid is graded by the tutor's run alone (a visible check on this fixed
/// question would tell a student the answer by passing or failing).
/// </summary>
public static class SheetSchedules
{
    /// <summary>The four schedules of P4 (d): number, formula, β(n, N).</summary>
    public static IReadOnlyList<(int Number, string Formula, Func<int, int, double> Beta)> Schedules { get; } =
    [
        (1, "sin(n/N)", (n, N) => Math.Sin((double)n / N)),
        (2, "1 − 1/n", (n, _) => 1 - 1.0 / n),
        (3, "ln(1 + n/N)", (n, N) => Math.Log(1 + (double)n / N)),
        (4, "−cos(πn/N)", (n, N) => -Math.Cos(Math.PI * n / N)),
    ];

    /// <summary>The N of the sheet's question.</summary>
    public const int SheetN = 1000;

    /// <summary>The sheet's four schedules as <see cref="BetaScheduleFormula"/>s: every constant c = 1.</summary>
    public static BetaScheduleFormula[] SheetQuestion() =>
        [.. Enum.GetValues<BetaScheduleForm>().Select(form => new BetaScheduleFormula(form, 1))];
}
