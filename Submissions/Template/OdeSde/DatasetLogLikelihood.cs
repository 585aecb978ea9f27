using System;
using Grader.Contracts.OdeSde;
using Grader.Tensors;

namespace Submission;

/// <summary>Sheet 003, tasks 1.3, 1.4 and 2.3: what the notebooks' <c>TrainingSetWithLogLikelihood</c> returns besides the data.</summary>
public sealed class DatasetLogLikelihood : IExpectedLogLikelihood
{
    /// <inheritdoc />
    public double Gaussian(Tensor data, double mean, double std) =>
        throw new NotImplementedException("Sheet 003, task 1.3: the true expected log likelihood (1/n) Σ log p(y_i) of the data under 'gaussian' — see README.md, DatasetLogLikelihood.cs.");

    /// <inheritdoc />
    public double Laplace(Tensor data, double loc, double scale) =>
        throw new NotImplementedException("Sheet 003: the true expected log likelihood (1/n) Σ log p(y_i) of the data under 'laplace' — see README.md, DatasetLogLikelihood.cs.");

    /// <inheritdoc />
    public double LaplaceMixture(Tensor data, int k, double spacing, double scale) =>
        throw new NotImplementedException("Sheet 003, tasks 1.4 and 2.3: the true expected log likelihood (1/n) Σ log p(y_i) of the data under 'laplace_mixture' — see README.md, DatasetLogLikelihood.cs.");
}
