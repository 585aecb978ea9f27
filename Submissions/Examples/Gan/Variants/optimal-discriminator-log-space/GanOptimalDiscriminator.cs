using System;
using Grader.Contracts.Gan;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 002, P3 (b) in log space: D*(x) = p*/(p* + p_θ) = 1/(1 + exp(ln p_θ − ln p*)) = sigmoid(ln p* − ln p_θ), the
/// form a discriminator's logit takes, stable where the densities underflow. Where both densities are 0, any D will do: ½.
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
            float logit = MathF.Log(p[i]) - MathF.Log(q[i]);
            d[i] = 1f / (1f + MathF.Exp(-logit));
        }
        return tensor(d, dataDensity.shape);
    }
}
