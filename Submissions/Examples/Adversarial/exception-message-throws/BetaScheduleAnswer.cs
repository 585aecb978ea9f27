using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;

namespace Submission;

/// <summary>
/// Sheet 002 (TUM end-term 2023), problem 4 (d).
/// </summary>
public sealed class BetaScheduleAnswer : IBetaScheduleAnswer
{
    public IReadOnlySet<int> InvalidSchedules => throw new UnreadableException();
}

/// <summary>ADVERSARIAL: an exception that cannot be reported — reading its message throws another one.</summary>
public sealed class UnreadableException : Exception
{
    public override string Message => throw new UnreadableException();
}
