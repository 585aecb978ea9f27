using System;
using Grader.Contracts.Quickies;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Quickie 3 (a) (ii): for classification, the cross-entropy −log softmax(z)_y averaged over the examples, with
/// log softmax(z)_y = z_y − (m + log Σ_k exp(z_k − m)), m = max_k z_k, so no exp overflows.
/// </summary>
public sealed class QuickieClassificationLoss : IClassificationLoss
{
    public Tensor CrossEntropy(Tensor logits, int[] targets)
    {
        int n = logits.size(0), k = logits.size(1);
        var z = logits.ToArray();
        var losses = new float[n];
        for (int i = 0; i < n; i++)
        {
            int c = targets[i];   // MUTANT: the softmax runs over the examples r (dim 0), not over the classes
            float max = float.NegativeInfinity;
            for (int r = 0; r < n; r++) max = Math.Max(max, z[r * k + c]);
            float sum = 0;
            for (int r = 0; r < n; r++) sum += MathF.Exp(z[r * k + c] - max);
            losses[i] = max + MathF.Log(sum) - z[i * k + targets[i]];
        }
        return tensor(losses, n).mean();
    }
}
