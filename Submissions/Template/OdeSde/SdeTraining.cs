using System;
using Grader.Contracts.OdeSde;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>Sheet 003, task 2.3: the notebook's <c>training_loop_sde</c>.</summary>
public sealed class SdeTraining : ISdeTraining
{
    /// <inheritdoc />
    public ISdeModel Train(Tensor data, int steps, Generator generator) =>
        throw new NotImplementedException(
            "Sheet 003, task 2.3: run training — train SDE.ipynb's model by maximising the ELBO of the data, with at most `steps` "
            + "optimiser steps and only the given generator; return the model — see README.md, SdeTraining.cs.");
}
