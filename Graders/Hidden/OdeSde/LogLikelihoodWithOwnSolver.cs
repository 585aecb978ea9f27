using Grader.Checks.OdeSde;
using Grader.Contracts.OdeSde;
using static Grader.Checks.Comparison.ExactComparison;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// The log-likelihood as the sheet's scheme gives it with the hand-in's own integrator step: the augmented state
/// [y, 0] taken backwards from t = 1 to t = 0 by the hand-in's <see cref="IOdeSolver.IntegrateStep"/> under the
/// grader's field [f(x, t), −∂f/∂x(x, t)], each step from t_k to t_{k−1} starting at t_k, then
/// log N(x₀; 0, 1) − ℓ(0). A log-likelihood that differs from the reference only through the integrator matches this
/// route; the integrator itself is graded with the solvers (task 1.4), so its bug costs points there alone. With a
/// correct step this is task 1.3's answer, so it lives on the tutor's side (the visible check tells an integrator's
/// part by the integrator's own visible check instead).
/// </summary>
public static class LogLikelihoodWithOwnSolver
{
    /// <summary>log p(y_i) by the scheme with <paramref name="solver"/>'s steps; null when the hand-in's step threw or returned a wrong shape.</summary>
    public static float[]? Compute(HandinCall call, IOdeSolver solver, LogLikelihoodCase c)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(solver);
        ArgumentNullException.ThrowIfNull(c);
        int n = c.Y.Length;
        var field = new AugmentedField(c.Drift);
        double dt = 1.0 / (c.TimePoints - 1);
        var state = torch.cat([torch.tensor(c.Y, n, 1), torch.zeros([n, 1])], 1);
        for (int k = c.TimePoints - 1; k >= 1; k--)
        {
            double t = (double)k / (c.TimePoints - 1);
            var current = state;
            if (call.Run("IntegrateStep", () => solver.IntegrateStep(c.Method, field, current, t, -dt), out var next) is not null) return null;
            if (next is null || next.dim() != 2 || next.size(0) != n || next.size(1) != 2) return null;
            state = next;
        }
        var s = state.contiguous().ToDoubleArray();
        return Enumerable.Range(0, n).Select(i => (float)(-0.5 * s[2 * i] * s[2 * i] - 0.5 * Math.Log(2 * Math.PI) - s[2 * i + 1])).ToArray();
    }

    /// <summary>
    /// For <see cref="LogLikelihoodComparison.Grade"/>: the pass message when the values seen on every case equal the
    /// scheme run with <paramref name="solver"/>'s steps under the cases' tolerances (both routes are float32 runs of one
    /// scheme, so the float32 bound of the reference's path holds for their difference too), else null; null when the
    /// hand-in has no integrator.
    /// </summary>
    public static Func<float[][], string?>? Explains(HandinCall call, IOdeSolver? solver, IReadOnlyList<LogLikelihoodCase> cases, string inputs)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(cases);
        if (solver is null) return null;
        return seen =>
        {
            for (int i = 0; i < cases.Count; i++)
            {
                var own = Compute(call, solver, cases[i]);
                if (own is null || Compare(seen[i], own, cases[i].Tolerance).Outside.Count > 0) return null;
            }
            int total = cases.Sum(c => c.Y.Length);
            return $"LogLikelihood differs from the reference on {inputs}, but only through your integrator: it equals the scheme run with your own IntegrateStep on {(call.Conceals ? "every example" : $"all {total} examples")}. " +
                "Your integrator is graded with the solvers (task 1.4).";
        };
    }

    /// <summary>The notebook's <c>concatenated_integrands</c> for the grader's drift: [f(x, t), −∂f/∂x(x, t)].</summary>
    private sealed class AugmentedField(IDifferentiableNetwork drift) : IVectorField
    {
        public Tensor Evaluate(Tensor state, double t)
        {
            ArgumentNullException.ThrowIfNull(state);
            var x = state.narrow(1, 0, 1);
            var time = torch.full([x.size(0), 1], (float)t);
            return torch.cat([drift.Forward(x, time), -drift.PartialX(x, time)], 1);
        }
    }
}
