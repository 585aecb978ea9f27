using System;
using System.Collections.Generic;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 002, problem 1 (b): is z = ((x₃ + x₂)³, x₁⁴x₂ + x₃, e^(x₃)) a valid normalizing flow?
/// </summary>
public sealed class ThreeDimensionalTransformationValidity : IThreeDimensionalTransformationValidity
{
    /// <inheritdoc />
    public FlowValidityAnswer Answer() =>
        throw new NotImplementedException("Sheet 002, problem 1 (b): your answer — see README.md, ThreeDimensionalTransformationValidity.cs.");
}
