using Grader.Tensors;

namespace Grader.Contracts.Quickies;

/// <summary>
/// Heidelberg 2023 quickie 3 (a) (ii) (sheet 000): a loss function for classification, the cross-entropy of the
/// classes predicted from logits against the true classes.
/// </summary>
public interface IClassificationLoss
{
    /// <param name="logits">Unnormalised class scores, [N, K] for N examples and K classes.</param>
    /// <param name="targets">The true class of each example, 0 … K − 1, length N.</param>
    /// <returns>The cross-entropy averaged over the N examples, a 0-d tensor.</returns>
    Tensor CrossEntropy(Tensor logits, int[] targets);
}
