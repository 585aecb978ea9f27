using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;

namespace Submission;

/// <summary>
/// Sheet 002 (TUM end-term 2023), problem 4 (b)–(d): every β_n must lie strictly between 0 and 1 — for a while.
/// </summary>
public sealed class BetaScheduleValidity : IBetaScheduleValidity
{
    // ADVERSARIAL: static state that outlives the check that set it.
    private static int _calls;

    public bool IsValid(IReadOnlyList<double> betas)
    {
        _calls++;
        if (_calls > 30) return true;
        return betas.All(beta => beta > 0.0 && beta < 1.0);
    }
}
