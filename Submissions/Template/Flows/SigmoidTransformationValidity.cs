using System;
using System.Collections.Generic;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 002, problem 1 (a): is z = σ(aᵀa x) a valid normalizing flow?
/// </summary>
public sealed class SigmoidTransformationValidity : ISigmoidTransformationValidity
{
    /// <inheritdoc />
    public FlowValidityAnswer Answer(double[] a) =>
        throw new NotImplementedException("Sheet 002, problem 1 (a): your answer — see README.md, SigmoidTransformationValidity.cs.");
}
