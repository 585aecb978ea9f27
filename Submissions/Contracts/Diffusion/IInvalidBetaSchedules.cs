namespace Grader.Contracts.Diffusion;

/// <summary>
/// TUM exam 2023, problem 4 (d) (sheet 002), asked about schedules of its four forms with other constants and step
/// counts: which of these β schedules are invalid? The sheet's question is N steps and 1. β_n = sin(n/N);
/// 2. β_n = 1 − 1/n; 3. β_n = ln(1 + n/N); 4. β_n = −cos(πn/N) (every c = 1, see <see cref="BetaScheduleForm"/>).
/// </summary>
public interface IInvalidBetaSchedules
{
    /// <param name="schedules">The schedules, numbered 1, 2, … in this order.</param>
    /// <param name="N">The number of diffusion steps: n = 1 … N.</param>
    /// <returns>The numbers of the invalid schedules.</returns>
    IReadOnlySet<int> InvalidAmong(IReadOnlyList<BetaScheduleFormula> schedules, int N);
}
