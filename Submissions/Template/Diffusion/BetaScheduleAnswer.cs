using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;

namespace Submission;

/// <summary>
/// Sheet 002 (TUM Deep Generative Models, end-term 2023), problem 4 (d): which of the four schedules are invalid?
/// 1. β_n = sin(n/N); 2. β_n = 1 − 1/n; 3. β_n = ln(1 + n/N); 4. β_n = −cos(πn/N).
/// </summary>
public sealed class BetaScheduleAnswer : IBetaScheduleAnswer
{
    /// <inheritdoc />
    public IReadOnlySet<int> InvalidSchedules =>
        throw new NotImplementedException(
            "Sheet 002, problem 4 (d): return the numbers (1–4) of the invalid schedules, e.g. new HashSet<int> { … }; "
            + "justify your answer in your written hand-in — see README.md, BetaScheduleAnswer.cs.");
}
