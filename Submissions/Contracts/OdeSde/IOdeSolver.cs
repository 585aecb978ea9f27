using Grader.Tensors;

namespace Grader.Contracts.OdeSde;

/// <summary>
/// Sheet 003, task 1.4 ("The simplest numerical integrator method is Euler (euler). The program also implements two
/// Runge-Kutta methods (rk2 and rk4)"): <c>ODE.ipynb</c>'s <c>integrate_step(method, func, state, t, dt)</c>, one
/// step of the integrator from time t to time t + dt.
/// </summary>
public interface IOdeSolver
{
    /// <param name="method">"euler", "rk2" (the notebook's midpoint method) or "rk4" (its fourth-order Runge–Kutta method).</param>
    /// <param name="func">The vector field d(state)/dt.</param>
    /// <param name="state">The state at time t, [N, d].</param>
    /// <param name="t">The time the step starts at.</param>
    /// <param name="dt">The step; negative when integrating towards earlier times.</param>
    /// <returns>The state at time t + dt, [N, d].</returns>
    Tensor IntegrateStep(string method, IVectorField func, Tensor state, double t, double dt);
}
