using System;
using Grader.Contracts.OdeSde;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>Sheet 003, tasks 1.1–1.4: the notebook's <c>compute_log_likelihood_ode</c>.</summary>
public sealed class OdeLogLikelihood : IOdeLogLikelihood
{
    /// <inheritdoc />
    public Tensor LogLikelihood(Tensor y, IDifferentiableNetwork drift, string method, int timePoints) =>
        throw new NotImplementedException(
            "Sheet 003, tasks 1.1–1.4: implement ODE.ipynb's compute_log_likelihood_ode: the exact log-likelihood log p(y) of "
            + "x₀ ~ N(0, 1), dx = f(x, t)·dt, y = x₁, with the ODE solved on linspace(0, 1, timePoints) — see README.md, OdeLogLikelihood.cs.");
}
