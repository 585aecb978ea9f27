namespace Grader.Contracts.Diffusion;

/// <summary>
/// TUM exam 2023, problem 4 (d): which of the four schedules are invalid?
/// 1. β_n = sin(n/N); 2. β_n = 1 − 1/n; 3. β_n = ln(1 + n/N); 4. β_n = −cos(πn/N).
/// </summary>
public interface IBetaScheduleAnswer
{
    /// <summary>The numbers (1–4) of the invalid schedules.</summary>
    IReadOnlySet<int> InvalidSchedules { get; }
}
