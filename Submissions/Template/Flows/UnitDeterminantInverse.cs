using System;
using System.Collections.Generic;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 002, problem 1 (c): a transformation whose inverse has Jacobian determinant 1.
/// </summary>
public sealed class UnitDeterminantInverse : IUnitDeterminantInverse
{
    /// <inheritdoc />
    public double Inverse(double x) =>
        throw new NotImplementedException("Sheet 002, problem 1 (c): a possible parametrization of f⁻¹ — see README.md, UnitDeterminantInverse.cs.");

    /// <inheritdoc />
    public double Transform(double z) =>
        throw new NotImplementedException("Sheet 002, problem 1 (c): f itself — see README.md, UnitDeterminantInverse.cs.");
}
