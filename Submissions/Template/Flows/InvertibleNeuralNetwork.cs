using System;
using System.Collections.Generic;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 2 (c): an INN of coupling blocks, each followed by a permutation.
/// </summary>
public sealed class InvertibleNeuralNetwork : IInvertibleNeuralNetwork
{
    /// <inheritdoc />
    public (Tensor Z, Tensor LogDet) Forward(Tensor x, IReadOnlyList<InnBlock> blocks, double clamp) =>
        throw new NotImplementedException("Sheet 000, ex. 2 (c): the INN and its log-determinant — see README.md, InvertibleNeuralNetwork.cs.");

    /// <inheritdoc />
    public (Tensor X, Tensor LogDet) Inverse(Tensor z, IReadOnlyList<InnBlock> blocks, double clamp) =>
        throw new NotImplementedException("Sheet 000, ex. 2 (c): the inverse INN and its log-determinant — see README.md, InvertibleNeuralNetwork.cs.");
}
