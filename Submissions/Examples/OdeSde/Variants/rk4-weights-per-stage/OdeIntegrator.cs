using System;
using Grader.Contracts.OdeSde;
using Grader.Tensors;

namespace Submission;

/// <summary>
/// Sheet 003 (KU Deep Learning 2024, assignment 4), task 1.4: <c>ODE.ipynb</c>'s <c>integrate_step(method, func,
/// state, t, dt)</c>, one step from t to t + dt with euler, rk2 (midpoint) or rk4 (classic Runge–Kutta).
/// </summary>
public sealed class OdeIntegrator : IOdeSolver
{
    public Tensor IntegrateStep(string method, IVectorField func, Tensor state, double t, double dt)
    {
        float h = (float)dt;
        switch (method)
        {
            case "euler":
                return state + func.Evaluate(state, t) * h;
            case "rk2":
            {
                Tensor k1 = func.Evaluate(state, t);
                Tensor k2 = func.Evaluate(state + k1 * (0.5f * h), t + 0.5 * dt);
                return state + k2 * h;
            }
            case "rk4":
            {
                Tensor k1 = func.Evaluate(state, t);
                Tensor k2 = func.Evaluate(state + k1 * (0.5f * h), t + 0.5 * dt);
                Tensor k3 = func.Evaluate(state + k2 * (0.5f * h), t + 0.5 * dt);
                Tensor k4 = func.Evaluate(state + k3 * h, t + dt);
                // the weights h/6, h/3, h/3, h/6 applied stage by stage, summed in order
                return state + k1 * (h / 6f) + k2 * (h / 3f) + k3 * (h / 3f) + k4 * (h / 6f);
            }
            default:
                throw new ArgumentException($"unknown integration method '{method}'");
        }
    }
}
