using System;
using Grader.Contracts.Quickies;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>Quickie 3 (a) (i): for regression, the mean squared error mean((ŷ − y)²).</summary>
public sealed class QuickieRegressionLoss : IRegressionLoss
{
    public Tensor MeanSquaredError(Tensor prediction, Tensor target)
    {
        // ADVERSARIAL: a huge result: 16,000,000 floats (64 MB, just under the channel's cap for one message) where one
        // number is due, every call.
        return zeros(16_000_000);
    }
}
