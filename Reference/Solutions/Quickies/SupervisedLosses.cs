using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Quickies;

/// <summary>
/// Heidelberg 2023 quickie 3 (a): a loss for regression, the mean squared error mean((ŷ − y)²)
/// (<c>torch.nn.functional.mse_loss</c>), and for classification, the cross-entropy from logits
/// mean_n [log Σ_k exp(logit_nk) − logit_n,yₙ] (<c>torch.nn.functional.cross_entropy</c> with class indices).
/// </summary>
public static class SupervisedLosses
{
    /// <summary>Mean over all elements of (prediction − target)²; the shapes must be equal.</summary>
    public static Tensor MeanSquaredError(Tensor prediction, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        return nn.functional.mse_loss(prediction, target);
    }

    /// <summary>Cross-entropy of logits [N, K] against class indices (0 … K − 1, length N), averaged over N.</summary>
    public static Tensor CrossEntropy(Tensor logits, int[] targets)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        if (logits.dim() != 2 || logits.size(0) == 0 || logits.size(1) == 0)
            throw new ArgumentException($"The logits must be [N, K] with N, K ≥ 1, got [{string.Join(", ", logits.shape)}].", nameof(logits));
        int n = logits.size(0), k = logits.size(1);
        if (targets.Length != n) throw new ArgumentException($"{targets.Length} targets for {n} examples.", nameof(targets));
        for (int i = 0; i < n; i++)
            if (targets[i] < 0 || targets[i] >= k)
                throw new ArgumentOutOfRangeException(nameof(targets), targets[i], $"targets[{i}] must be a class 0 … {k - 1}.");
        var index = tensor(targets.Select(t => (float)t).ToArray(), n, 1);
        return -logits.log_softmax(1).gather(1, index).mean();
    }
}
