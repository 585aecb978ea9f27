using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;

namespace Submission;

/// <summary>
/// Sheet 002 (TUM end-term 2023), problem 4 (d). Schedule 2 is invalid because β₁ = 1 − 1/1 = 0; schedule 4 is
/// invalid because β_n = −cos(πn/N) ≤ 0 for n ≤ N/2. Schedules 1 (sin(n/N) ≤ sin 1 ≈ 0.84) and 3 (ln(1 + n/N) ≤ ln 2)
/// stay in (0, 1).
/// </summary>
public sealed class BetaScheduleAnswer : IBetaScheduleAnswer
{
    // MUTANT: the valid schedules (1 and 3) given where the question asks for the invalid ones.
    public IReadOnlySet<int> InvalidSchedules { get; } = new HashSet<int> { 1, 3 };
}
