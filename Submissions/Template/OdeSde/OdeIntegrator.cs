using System;
using Grader.Contracts.OdeSde;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>Sheet 003 (KU Deep Learning 2024, assignment 4), task 1.4: the notebook's <c>integrate_step</c>.</summary>
public sealed class OdeIntegrator : IOdeSolver
{
    /// <inheritdoc />
    public Tensor IntegrateStep(string method, IVectorField func, Tensor state, double t, double dt) =>
        throw new NotImplementedException(
            "Sheet 003, task 1.4: implement ODE.ipynb's integrate_step(method, func, state, t, dt) for \"euler\", \"rk2\" and \"rk4\": "
            + "one step of the integrator from time t to time t + dt — see README.md, OdeIntegrator.cs.");
}
