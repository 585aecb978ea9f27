using System;
using System.Collections.Generic;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 2 (d): the events with the largest likelihoods.
/// </summary>
public sealed class MostLikelyEvents : IMostLikelyEvents
{
    /// <inheritdoc />
    public int[] MostLikely(Tensor x, INormalizingFlow flow, double fraction) =>
        throw new NotImplementedException("Sheet 000, ex. 2 (d): the events with the largest likelihoods — see README.md, MostLikelyEvents.cs.");
}
