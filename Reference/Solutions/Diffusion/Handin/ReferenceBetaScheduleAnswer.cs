using Grader.Contracts.Diffusion;

namespace Grader.Reference.Diffusion.Handin;

/// <summary>
/// The reference as a hand-in of TUM P4 (d): the schedules <see cref="ScheduleValidity"/> rejects among the four of the
/// sheet, built with <see cref="BetaSchedule.FromFunction"/> at N = 1000.
/// </summary>
public sealed class ReferenceBetaScheduleAnswer : IBetaScheduleAnswer
{
    private static readonly Func<int, int, double>[] Schedules =
    [
        (n, N) => Math.Sin((double)n / N),
        (n, _) => 1 - 1.0 / n,
        (n, N) => Math.Log(1 + (double)n / N),
        (n, N) => -Math.Cos(Math.PI * n / N),
    ];

    public IReadOnlySet<int> InvalidSchedules { get; } =
        Enumerable.Range(0, Schedules.Length)
            .Where(i => ScheduleValidity.Check(BetaSchedule.FromFunction(Schedules[i], 1000)).Count > 0)
            .Select(i => i + 1)
            .ToHashSet();
}
