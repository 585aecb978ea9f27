using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;

namespace Submission;

/// <summary>
/// Sheet 002 (TUM Deep Generative Models, end-term 2023), problem 4 (d), asked about schedules of its four forms with
/// other constants c and step counts N: which of these schedules are invalid?
/// </summary>
public sealed class InvalidBetaSchedules : IInvalidBetaSchedules
{
    /// <inheritdoc />
    public IReadOnlySet<int> InvalidAmong(IReadOnlyList<BetaScheduleFormula> schedules, int N) =>
        throw new NotImplementedException(
            "Sheet 002, problem 4 (d): return the numbers (1, 2, … in the order given) of the invalid schedules — see README.md, InvalidBetaSchedules.cs.");
}
