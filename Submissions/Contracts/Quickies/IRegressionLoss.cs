using Grader.Tensors;

namespace Grader.Contracts.Quickies;

/// <summary>Heidelberg 2023 quickie 3 (a) (i) (sheet 000): a loss function for regression, the mean squared error.</summary>
public interface IRegressionLoss
{
    /// <param name="prediction">The model's predictions, any shape.</param>
    /// <param name="target">The targets, the same shape.</param>
    /// <returns>The mean squared error over all elements, a 0-d tensor.</returns>
    Tensor MeanSquaredError(Tensor prediction, Tensor target);
}
