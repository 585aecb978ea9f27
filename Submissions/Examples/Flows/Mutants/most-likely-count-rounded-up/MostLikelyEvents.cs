using System;
using System.Linq;
using Grader.Contracts.Flows;
using Grader.Tensors;

namespace Submission;

/// <summary>Sheet 000, exercise 2 (d): the fraction of the events with the largest likelihoods, most likely first.</summary>
public sealed class MostLikelyEvents : IMostLikelyEvents
{
    public int[] MostLikely(Tensor x, INormalizingFlow flow, double fraction)
    {
        var nll = new FlowNegativeLogLikelihood().NegativeLogLikelihood(x, flow).ToArray();
        int count = (int)Math.Ceiling(fraction * nll.Length); /* MUTANT: the count rounded up, not to the nearest */
        return Enumerable.Range(0, nll.Length).OrderBy(i => nll[i]).ThenBy(i => i).Take(count).ToArray();
    }
}
