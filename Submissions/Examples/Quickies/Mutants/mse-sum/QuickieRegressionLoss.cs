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
        var difference = prediction - target;
        return (difference * difference).sum();   // MUTANT: sum instead of mean
    }
}
