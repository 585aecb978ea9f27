using Grader.Contracts.Diffusion;

namespace Grader.Reference.Diffusion.Handin;

/// <summary>
/// The reference as a hand-in of TUM P4 (d) asked about any schedules of its four forms: each schedule built with
/// <see cref="BetaSchedule.FromFunction"/> at the given N, and numbered (from 1) when <see cref="ScheduleValidity"/>
/// rejects it.
/// </summary>
public sealed class ReferenceInvalidBetaSchedules : IInvalidBetaSchedules
{
    public IReadOnlySet<int> InvalidAmong(IReadOnlyList<BetaScheduleFormula> schedules, int N)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        return Enumerable.Range(0, schedules.Count)
            .Where(i => ScheduleValidity.Check(BetaSchedule.FromFunction(Beta(schedules[i]), N)).Count > 0)
            .Select(i => i + 1)
            .ToHashSet();
    }

    /// <summary>β(n, N) of a formula, as the sheet writes the four forms with c in place of 1.</summary>
    public static Func<int, int, double> Beta(BetaScheduleFormula formula)
    {
        ArgumentNullException.ThrowIfNull(formula);
        var c = formula.C;
        return formula.Form switch
        {
            BetaScheduleForm.Sine => (n, N) => c * Math.Sin((double)n / N),
            BetaScheduleForm.OneMinusReciprocal => (n, _) => 1 - c / n,
            BetaScheduleForm.Logarithm => (n, N) => Math.Log(1 + c * n / N),
            BetaScheduleForm.NegativeCosine => (n, N) => -c * Math.Cos(Math.PI * n / N),
            _ => throw new ArgumentOutOfRangeException(nameof(formula), formula.Form, "not a form of problem 4 (d)"),
        };
    }
}
