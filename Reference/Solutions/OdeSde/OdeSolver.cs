using Grader.Tensors;

namespace Grader.Reference.OdeSde;

/// <summary>
/// <c>ODE.ipynb</c>'s <c>integrate_step(method, func, state, t, dt)</c>: one step from time t to t + dt of
/// d(state)/dt = F(state, t), with the notebook's Butcher tableaux (see <see cref="OdeMethod"/>); dt &lt; 0 steps
/// towards earlier times. Differentiable: the result carries the graph of F's values.
/// </summary>
public static class OdeSolver
{
    public static Tensor IntegrateStep(OdeMethod method, Func<Tensor, double, Tensor> func, Tensor state, double t, double dt)
    {
        ArgumentNullException.ThrowIfNull(func);
        ArgumentNullException.ThrowIfNull(state);
        float h = (float)dt;
        switch (method)
        {
            case OdeMethod.Euler:
                return state + func(state, t) * h;
            case OdeMethod.Rk2:
            {
                var k1 = func(state, t);
                var k2 = func(state + k1 * (0.5f * h), t + 0.5 * dt);
                return state + k2 * h;
            }
            case OdeMethod.Rk4:
            {
                var k1 = func(state, t);
                var k2 = func(state + k1 * (0.5f * h), t + 0.5 * dt);
                var k3 = func(state + k2 * (0.5f * h), t + 0.5 * dt);
                var k4 = func(state + k3 * h, t + dt);
                return state + (k1 + 2 * k2 + 2 * k3 + k4) * (h / 6);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, "unknown integration method");
        }
    }
}
