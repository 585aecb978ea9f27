using System;
using System.Collections.Generic;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 002, problem 1 (b): is z = ((x₃ + x₂)^p, x₁^q·x₂ + x₃, e^(x₃)) a valid normalizing flow? The sheet asks
/// p = 3, q = 4; the grader asks other powers too.
/// </summary>
public sealed class ThreeDimensionalTransformationValidity : IThreeDimensionalTransformationValidity
{
    /// <inheritdoc />
    public FlowValidityAnswer Answer(int p, int q) =>
        throw new NotImplementedException("Sheet 002, problem 1 (b): your answer — see README.md, ThreeDimensionalTransformationValidity.cs.");
}
