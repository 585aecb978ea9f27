using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;

namespace Submission;

/// <summary>
/// Sheet 002 (TUM end-term 2023), problem 4 (d).
/// </summary>
public sealed class BetaScheduleAnswer : IBetaScheduleAnswer
{
    public IReadOnlySet<int> InvalidSchedules
    {
        get
        {
            // ADVERSARIAL: an endless loop with an int counter; no allocation, nothing the JIT can remove.
            int counted = 0;
            while (true)
            {
                counted++;
            }
        }
    }
}
