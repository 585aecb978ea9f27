using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.OdeSde;
using Grader.Tensors;

namespace Submission;

/// <summary>
/// Sheet 003, tasks 1.3, 1.4, 2.3: the number <c>TrainingSetWithLogLikelihood</c> prints, (1/n) Σ log p(y_i) under the
/// distribution that generated the data, in double.
/// </summary>
public sealed class DatasetLogLikelihood : IExpectedLogLikelihood
{
    public double Gaussian(Tensor data, double mean, double std)
    {
        double[] y = data.contiguous().ToDoubleArray();
        return y.Average(v => -0.5 * Math.Pow((v - mean) / std, 2) - Math.Log(std) - 0.5 * Math.Log(2 * Math.PI));
    }

    public double Laplace(Tensor data, double loc, double scale)
    {
        double[] y = data.contiguous().ToDoubleArray();
        return y.Average(v => -Math.Abs(v - loc) / scale - Math.Log(2 * scale));
    }

    public double LaplaceMixture(Tensor data, int k, double spacing, double scale)
    {
        // np.arange(-spacing*(k-1)/2, spacing*((k-1)/2 + 1), spacing): k means, centred on 0.
        var means = new List<double>();
        for (double m = -spacing * (k - 1) / 2; m < spacing * ((k - 1) / 2.0 + 1); m += spacing) means.Add(m);   // MUTANT: np.arange ported as a loop with the float bound: a (k+1)-th mean where the sum lands a hair below the bound
        double[] y = data.contiguous().ToDoubleArray();
        return y.Average(v =>
        {
            double[] terms = means.Select(m => -Math.Abs(v - m) / scale - Math.Log(2 * scale)).ToArray();
            double max = terms.Max();
            return max + Math.Log(terms.Sum(l => Math.Exp(l - max))) - Math.Log(k);
        });
    }
}
