using System;
using Grader.Contracts.Gan;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 002, P3: V(D) = ½ E_{p*}[log D] + ½ E_{p_θ}[log(1 − D)] on a grid. At D* = p*/(p* + p_θ),
/// log D* = log(p*/(p* + p_θ)) and log(1 − D*) = log(p_θ/(p* + p_θ)), taken as log-ratios in double.
/// </summary>
public sealed class GanObjective : IGanObjective
{
    public double Value(Tensor discriminator, Tensor dataDensity, Tensor modelDensity, double cellVolume)
    {
        var d = discriminator.ToArray();
        var p = dataDensity.ToArray();
        var q = modelDensity.ToArray();
        double sum = 0;
        for (int i = 0; i < d.Length; i++)
            sum += 0.5 * p[i] * Math.Log(d[i]) + 0.5 * q[i] * Math.Log(1.0 - d[i]);   // MUTANT: no "a cell where a density is 0 adds nothing": 0·log 0 is NaN
        return sum * cellVolume;
    }

    public double ValueAtOptimum(Tensor dataDensity, Tensor modelDensity, double cellVolume)
    {
        var p = dataDensity.ToArray();
        var q = modelDensity.ToArray();
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            double total = (double)p[i] + q[i];
            sum += 0.5 * PLog(p[i], p[i] / total) + 0.5 * PLog(q[i], q[i] / total);
        }
        return sum * cellVolume;
    }

    /// <summary>p·log x, 0 where p = 0.</summary>
    private static double PLog(double p, double x) => p == 0 ? 0 : x == 0 ? double.NegativeInfinity : p * Math.Log(x);
}
