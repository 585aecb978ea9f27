using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;

namespace Submission;

/// <summary>
/// Sheet 002 (TUM end-term 2023), problem 4 (d) for any constants: a schedule is invalid as soon as one β_n, n = 1 … N,
/// leaves (0, 1) — β_n ≤ 0 is no noise or a negative variance, β_n ≥ 1 makes α_n ≤ 0.
/// </summary>
public sealed class InvalidBetaSchedules : IInvalidBetaSchedules
{
    public IReadOnlySet<int> InvalidAmong(IReadOnlyList<BetaScheduleFormula> schedules, int N)
    {
        var invalid = new HashSet<int>();
        for (int k = 0; k < schedules.Count; k++)
        {
            for (int n = 1; n <= N; n++)
            {
                double beta = Beta(schedules[k], n, N);
                // MUTANT: only a negative β counts as a lower defect (β ≥ 0 accepted), so β_n = 0, no noise at that step, passes.
                if (!(beta >= 0.0 && beta < 1.0))
                {
                    invalid.Add(k + 1);
                    break;
                }
            }
        }
        return invalid;
    }

    private static double Beta(BetaScheduleFormula schedule, int n, int N)
    {
        double c = schedule.C;
        switch (schedule.Form)
        {
            case BetaScheduleForm.Sine: return c * Math.Sin((double)n / N);
            case BetaScheduleForm.OneMinusReciprocal: return 1.0 - c / n;
            case BetaScheduleForm.Logarithm: return Math.Log(1.0 + c * n / N);
            case BetaScheduleForm.NegativeCosine: return -c * Math.Cos(Math.PI * n / N);
            default: throw new ArgumentOutOfRangeException(nameof(schedule));
        }
    }
}
