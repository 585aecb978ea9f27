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
            // ADVERSARIAL: an allocation bomb; every array stays reachable, so the heap only grows.
            var cache = new List<float[]>();
            while (true)
            {
                cache.Add(new float[1 << 20]);
            }
        }
    }
}
