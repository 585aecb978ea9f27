using System;
using Grader.Contracts.Gan;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 002, P3 (b) as a discriminator's logit: D* = sigmoid(ln p* − ln p_θ), the logit clamped to [−16, 16]: beyond
/// ±16 sigmoid is within two ulps of 0 or 1 in float32 (e^−16 ≈ 1.1e-7), so the clamp only keeps ±∞ (a density 0) out of the
/// arithmetic. Where both densities are 0, any D will do: ½.
/// </summary>
public sealed class GanOptimalDiscriminator : IOptimalDiscriminator
{
    private const float Clamp = 16f;

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
            float logit = Math.Clamp(MathF.Log(p[i]) - MathF.Log(q[i]), -Clamp, Clamp);
            d[i] = 1f / (1f + MathF.Exp(-logit));
        }
        return tensor(d, dataDensity.shape);
    }
}
