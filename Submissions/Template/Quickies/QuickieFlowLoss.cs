using System;
using Grader.Contracts.Quickies;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>Sheet 000, quickie 3 (e): the loss of a normalizing flow in its most basic form.</summary>
public sealed class QuickieFlowLoss : IFlowLoss
{
    /// <inheritdoc />
    public Tensor NegativeLogLikelihood(Tensor z, Tensor logDetJacobian) =>
        throw new NotImplementedException("Sheet 000, quickie 3 (e): the flow loss per example — see README.md, QuickieFlowLoss.cs.");
}
