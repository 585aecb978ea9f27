using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000 (Heidelberg, sheet 10), exercise 1 (b) and (e): count latents evenly spaced on the straight line from
/// <c>from</c> to <c>to</c>, both end points included (like np.linspace).
/// </summary>
public sealed class LatentInterpolation : ILatentInterpolation
{
    public Tensor Interpolate(Tensor from, Tensor to, int count)
    {
        // ADVERSARIAL: tasks without naming Task — an async lambda held in var and an async iterator.
        var weights = new float[count];
        var fill = async () =>
        {
            await foreach (var (i, w) in Weights(count))
            {
                weights[i] = w;
            }
        };
        _ = fill();

        Tensor lambda = tensor(weights, count, 1);
        return (1f - lambda) * from.reshape(1, -1) + lambda * to.reshape(1, -1);
    }

    private static async IAsyncEnumerable<(int Index, float Weight)> Weights(int count)
    {
        for (int i = 0; i < count; i++)
        {
            yield return (i, count == 1 ? 0f : (float)((double)i / (count - 1)));
        }
    }
}
