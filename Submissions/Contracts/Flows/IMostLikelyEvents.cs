using Grader.Tensors;

namespace Grader.Contracts.Flows;

/// <summary>
/// Heidelberg sheet 10 (sheet 000), exercise 2 (d): the events with the largest likelihoods under a flow.
/// </summary>
public interface IMostLikelyEvents
{
    /// <summary>The rows of the fraction·n events of <paramref name="x"/> with the largest likelihoods, most likely first.</summary>
    /// <param name="x">[n, d], in the flow's space.</param>
    /// <param name="flow">The flow x → z with latent density N(0, I).</param>
    /// <param name="fraction">For example 0.1; the grader chooses n so that fraction·n is a whole number.</param>
    /// <returns>Row indices into <paramref name="x"/> (0-based).</returns>
    int[] MostLikely(Tensor x, INormalizingFlow flow, double fraction);
}
