using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;

namespace Submission;

/// <summary>
/// Sheet 002 (TUM end-term 2023), problem 4 (d).
/// </summary>
public sealed class BetaScheduleAnswer : IBetaScheduleAnswer
{
    public IReadOnlySet<int> InvalidSchedules => Depth(0) > 0 ? new HashSet<int> { 2, 4 } : new HashSet<int>();

    // ADVERSARIAL: unbounded recursion (no base case) overflows the stack.
    private static int Depth(int n) => 1 + Depth(n + 1);
}
