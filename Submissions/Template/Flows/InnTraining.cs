using System;
using System.Collections.Generic;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 2 (c): construct and train an INN on the event generation dataset.
/// </summary>
public sealed class InnTraining : IInnTraining
{
    /// <inheritdoc />
    public INormalizingFlow Train(Tensor data, int steps, Generator generator) =>
        throw new NotImplementedException("Sheet 000, ex. 2 (c): construct and train an INN — see README.md, InnTraining.cs.");
}
