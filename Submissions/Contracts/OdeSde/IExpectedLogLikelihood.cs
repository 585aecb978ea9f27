using Grader.Tensors;

namespace Grader.Contracts.OdeSde;

/// <summary>
/// Sheet 003, tasks 1.3, 1.4 and 2.3: "the true expected log likelihood: (1/n_test) Σ log p(y_i). This is the number
/// that is returned from the dataset generator program" (<c>TrainingSetWithLogLikelihood</c> in both notebooks), for
/// data the grader gives and each of the generator's distributions.
/// </summary>
public interface IExpectedLogLikelihood
{
    /// <summary><c>'gaussian'</c> with parameters mean and std (the notebooks: −1 and 2).</summary>
    /// <param name="data">y₁ … y_n, [n, 1].</param>
    double Gaussian(Tensor data, double mean, double std);

    /// <summary><c>'laplace'</c> with parameters loc and scale (the notebooks: 0 and 1).</summary>
    /// <param name="data">y₁ … y_n, [n, 1].</param>
    double Laplace(Tensor data, double loc, double scale);

    /// <summary><c>'laplace_mixture'</c> with parameters k, spacing and scale (the notebooks: 5, 4.0 and 1.0).</summary>
    /// <param name="data">y₁ … y_n, [n, 1].</param>
    double LaplaceMixture(Tensor data, int k, double spacing, double scale);
}
