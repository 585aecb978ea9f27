using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

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
            // ADVERSARIAL: a shape whose element count overflows int (65536 * 65536 = 2^32 wraps to 0 in int arithmetic),
            // hoping for an empty buffer that views then address past.
            Tensor t = zeros(65536, 65536);
            return new HashSet<int> { 2, 4, (int)t.numel() };
        }
    }
}
