using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;
using System.Numerics;

namespace Submission;

/// <summary>
/// Sheet 002 (TUM end-term 2023), problem 4 (d).
/// </summary>
public sealed class BetaScheduleAnswer : IBetaScheduleAnswer
{
    private static readonly float[] Values = new float[2];

    public IReadOnlySet<int> InvalidSchedules
    {
        get
        {
            // ADVERSARIAL: Vector3.LoadUnsafe(ref, offset) reads 12 bytes at an unchecked element offset: here past the
            // end of a two-element array, without the unsafe keyword.
            Vector3 past = Vector3.LoadUnsafe(ref Values[0], (nuint)1_000);
            return new HashSet<int> { 2, 4, (int)past.X };
        }
    }
}
