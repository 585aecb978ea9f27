using System;
using Grader.Contracts.Gan;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 002, P3 (b): for each x, D maximises p*(x) log D + p_θ(x) log(1 − D); setting the derivative
/// p*/D − p_θ/(1 − D) to 0 gives D*(x) = p*(x)/(p*(x) + p_θ(x)). Where both densities are 0, any D will do: ½.
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
            float total = p[i] + q[i];
            d[i] = p[i] > 0 ? p[i] / total : 0.5f;   // MUTANT: the guard tests p* = 0, not p* + p_θ = 0: ½ where only p* is 0
        }
        return tensor(d, dataDensity.shape);
    }
}
