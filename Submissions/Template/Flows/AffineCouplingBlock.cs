using System;
using System.Collections.Generic;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 2 (c): the affine coupling block of an INN (FrEIA's AllInOneBlock).
/// </summary>
public sealed class AffineCouplingBlock : IAffineCouplingBlock
{
    /// <inheritdoc />
    public (Tensor Y, Tensor LogDet) Forward(Tensor x, ICouplingSubnet subnet, double clamp) =>
        throw new NotImplementedException("Sheet 000, ex. 2 (c): the coupling block and its log-determinant — see README.md, AffineCouplingBlock.cs.");

    /// <inheritdoc />
    public (Tensor X, Tensor LogDet) Inverse(Tensor y, ICouplingSubnet subnet, double clamp) =>
        throw new NotImplementedException("Sheet 000, ex. 2 (c): the inverse of the coupling block and its log-determinant — see README.md, AffineCouplingBlock.cs.");
}
