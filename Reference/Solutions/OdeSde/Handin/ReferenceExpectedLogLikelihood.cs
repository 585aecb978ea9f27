using Grader.Contracts.OdeSde;
using Grader.Reference.Data;
using Grader.Tensors;

namespace Grader.Reference.OdeSde.Handin;

/// <summary>The reference as a hand-in of sheet 003, tasks 1.3, 1.4, 2.3: <see cref="TrainingSetWithLogLikelihood.ExpectedLogLikelihood"/>.</summary>
public sealed class ReferenceExpectedLogLikelihood : IExpectedLogLikelihood
{
    public double Gaussian(Tensor data, double mean, double std) =>
        TrainingSetWithLogLikelihood.Gaussian(mean, std).ExpectedLogLikelihood(data);

    public double Laplace(Tensor data, double loc, double scale) =>
        TrainingSetWithLogLikelihood.Laplace(loc, scale).ExpectedLogLikelihood(data);

    public double LaplaceMixture(Tensor data, int k, double spacing, double scale) =>
        TrainingSetWithLogLikelihood.LaplaceMixture(k, spacing, scale).ExpectedLogLikelihood(data);
}
