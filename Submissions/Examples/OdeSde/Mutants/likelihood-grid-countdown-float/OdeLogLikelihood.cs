using System;
using Grader.Contracts.OdeSde;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 003, tasks 1.1–1.4: <c>compute_log_likelihood_ode</c>. The augmented state [x, ℓ] starts at [y, 0] at t = 1
/// and is integrated backwards to t = 0 under d[x, ℓ]/dt = [f(x, t), −∂f/∂x(x, t)]; each step runs from t_k to
/// t_{k−1} starting at t_k. Then log p(y) = log N(x₀; 0, 1) − ℓ(0) (ℓ(0) = ∫₀¹ ∂f/∂x dt, the sign flip for dt &lt; 0).
/// </summary>
public sealed class OdeLogLikelihood : IOdeLogLikelihood
{
    public Tensor LogLikelihood(Tensor y, IDifferentiableNetwork drift, string method, int timePoints)
    {
        int n = y.size(0);
        var solver = new OdeIntegrator();
        var field = new Augmented(drift);
        double dt = 1.0 / (timePoints - 1);
        Tensor state = cat([y, zeros_like(y)], 1);
        // MUTANT: the grid walked by counting t down in float32 while t > 0 (one step more, to t = −dt, where the sum lands above 0).
        float step = 1f / (timePoints - 1);
        for (float t = 1f; t > 0f; t -= step)
        {
            state = solver.IntegrateStep(method, field, state, t, -dt);
        }
        Tensor x0 = state.narrow(1, 0, 1);
        Tensor trace = state.narrow(1, 1, 1);
        Tensor logPrior = x0 * x0 * -0.5f - (float)(0.5 * Math.Log(2 * Math.PI));
        return (logPrior - trace).reshape(n);
    }

    /// <summary>The notebook's <c>concatenated_integrands</c>: [f(x, t), −∂f/∂x(x, t)] for the state [x, ℓ].</summary>
    private sealed class Augmented(IDifferentiableNetwork drift) : IVectorField
    {
        public Tensor Evaluate(Tensor state, double t)
        {
            Tensor x = state.narrow(1, 0, 1);
            Tensor time = full([x.size(0), 1], (float)t);
            return cat([drift.Forward(x, time), -drift.PartialX(x, time)], 1);
        }
    }
}
