using System;
using Grader.Contracts.Gan;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 002, P3 (b): JSD(p, q) = ½ KL(p ‖ m) + ½ KL(q ‖ m), m = ½(p + q), in nats; 0·log 0 = 0, so it stays finite
/// where one density is 0. Sums in double.
/// </summary>
public sealed class JensenShannonDivergence : IJensenShannonDivergence
{
    public double OnGrid(Tensor p, Tensor q, double cellVolume)
    {
        var a = p.ToArray();
        var b = q.ToArray();
        if (a.Length != b.Length) throw new ArgumentException("p and q must have the same shape.");
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double m = 0.5 * ((double)a[i] + b[i]);
            sum += 0.5 * (PLogPOverM(a[i], m) + PLogPOverM(b[i], m));
        }
        return sum * cellVolume;
    }

    public double BySamples(Tensor pAtP, Tensor qAtP, Tensor pAtQ, Tensor qAtQ)
    {
        double fromP = MeanLog(pAtP.ToArray(), qAtP.ToArray());
        double fromQ = MeanLog(qAtQ.ToArray(), pAtQ.ToArray());
        return 0.5 * fromP + 0.5 * fromQ;
    }

    /// <summary>mean of log(own/m) = log(2·own/(own + other)) over the samples of the density "own".</summary>
    private static double MeanLog(float[] own, float[] other)
    {
        double sum = 0;
        for (int i = 0; i < own.Length; i++) sum += Math.Log(2.0 * own[i] / ((double)own[i] + other[i]));
        return sum / own.Length;
    }

    private static double PLogPOverM(double p, double m) => p * Math.Log(p / m);   // MUTANT: no 0·log 0 = 0, NaN where p = 0
}
