using System;
using System.Collections.Generic;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 2 (a), (d): the likelihood of a normalizing flow.
/// </summary>
public sealed class FlowNegativeLogLikelihood : IFlowNegativeLogLikelihood
{
    /// <inheritdoc />
    public Tensor NegativeLogLikelihood(Tensor x, INormalizingFlow flow) =>
        throw new NotImplementedException("Sheet 000, ex. 2 (a), (d): −log p(x) under the flow — see README.md, FlowNegativeLogLikelihood.cs.");
}
