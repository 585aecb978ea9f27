using System;
using Grader.Contracts.Flows;

namespace Submission;

/// <summary>Sheet 002, problem 1 (a): the rank-one sigmoid flow is not invertible; two inputs with the same output.</summary>
public sealed class SigmoidTransformationValidity : ISigmoidTransformationValidity
{
    // ADVERSARIAL: huge and non-finite values inside the answer record. The first call answers with two inputs of
    // 4,194,304 entries each (64 MiB of doubles, past the channel's cap for one message); later calls with a NaN and an
    // infinity as the "colliding" inputs.
    private static int _calls;

    public FlowValidityAnswer Answer(double[] a)
    {
        if (_calls++ == 0)
        {
            return new(false, new double[1 << 22], new double[1 << 22]);
        }

        return new(false, [double.NaN, double.PositiveInfinity], [double.NegativeInfinity, double.NaN]);
    }
}
