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
            float max = float.NegativeInfinity;
            for (int j = 0; j < k; j++) max = Math.Max(max, z[i * k + j]);
            float sum = 0;
            for (int j = 0; j < k; j++) sum += MathF.Exp(z[i * k + j] - max);
            losses[i] = -MathF.Log(MathF.Exp(z[i * k + targets[i]] - max) / sum);   // MUTANT: log of the softmax in two steps: the softmax underflows to 0, its log is −∞
        }
        return tensor(losses, n).mean();
    }
}
