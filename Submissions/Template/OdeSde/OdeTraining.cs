using System;
using Grader.Contracts.OdeSde;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>Sheet 003, tasks 1.3 and 1.4: the notebook's <c>training_loop_ode</c>.</summary>
public sealed class OdeTraining : IOdeTraining
{
    /// <inheritdoc />
    public IDifferentiableNetwork Train(Tensor data, int steps, Generator generator) =>
        throw new NotImplementedException(
            "Sheet 003, tasks 1.3 and 1.4: run training — train the drift network of ODE.ipynb by maximising the log likelihood of the data, "
            + "with at most `steps` optimiser steps and only the given generator; return the drift — see README.md, OdeTraining.cs.");
}
