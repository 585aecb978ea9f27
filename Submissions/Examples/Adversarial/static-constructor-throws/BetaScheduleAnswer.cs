using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;

namespace Submission;

/// <summary>
/// Sheet 002 (TUM end-term 2023), problem 4 (d).
/// </summary>
public sealed class BetaScheduleAnswer : IBetaScheduleAnswer
{
    private static readonly HashSet<int> Invalid;

    // ADVERSARIAL: the static constructor throws, so the type can never be initialised.
    static BetaScheduleAnswer()
    {
        Invalid = new HashSet<int> { 2, 4 };
        throw new InvalidOperationException("the table of invalid schedules is not ready");
    }

    public IReadOnlySet<int> InvalidSchedules => Invalid;
}
