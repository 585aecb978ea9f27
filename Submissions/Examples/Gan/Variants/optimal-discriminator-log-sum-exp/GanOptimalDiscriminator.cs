using System;
using Grader.Contracts.Gan;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 002, P3 (b) in log space with a log-sum-exp: ln D* = ln p* − ln(p* + p_θ), and ln(p* + p_θ) =
/// m + ln(exp(ln p* − m) + exp(ln p_θ − m)) with m the larger log-density, so nothing underflows before the last exp.
/// Where both densities are 0, any D will do: ½.
/// </summary>
public sealed class GanOptimalDiscriminator : IOptimalDiscriminator
{
    public Tensor OptimalDiscriminator(Tensor dataDensity, Tensor modelDensity)
    {
        var p = dataDensity.ToArray();
        var q = modelDensity.ToArray();
        if (p.Length != q.Length) throw new ArgumentException("The two densities must have the same shape.");
        var d = new float[p.Length];
        for (int i = 0; i < d.Length; i++)
        {
            if (p[i] == 0 && q[i] == 0)
            {
                d[i] = 0.5f;
                continue;
            }
            float logP = MathF.Log(p[i]), logQ = MathF.Log(q[i]);
            float m = MathF.Max(logP, logQ);
            float logSum = m + MathF.Log(MathF.Exp(logP - m) + MathF.Exp(logQ - m));
            d[i] = MathF.Exp(logP - logSum);
        }
        return tensor(d, dataDensity.shape);
    }
}
