using System;
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
        double[] means = Enumerable.Range(0, k).Select(i => -spacing * (k - 1) / 2 + i * spacing).ToArray();
        double[] y = data.contiguous().ToDoubleArray();
        return y.Average(v =>
        {
            double[] terms = means.Select(m => -Math.Abs(v - m) / scale - Math.Log(2 * scale)).ToArray();
            // log Σ e^l = l_max + LogP1(Σ_{j ≠ argmax} e^(l_j − l_max)): the largest term kept out of the sum
            int top = Array.IndexOf(terms, terms.Max());
            double rest = 0;
            for (int j = 0; j < terms.Length; j++)
                if (j != top) rest += Math.Exp(terms[j] - terms[top]);
            return terms[top] + double.LogP1(rest) - Math.Log(k);
        });
    }
}
