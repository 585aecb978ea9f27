using Grader.Tensors;

namespace Grader.Contracts.OdeSde;

/// <summary>The <c>func</c> of <c>ODE.ipynb</c>'s <c>integrate_step</c>: the time derivative of the state.</summary>
public interface IVectorField
{
    /// <param name="state">The state, [N, d].</param>
    /// <param name="t">The time.</param>
    /// <returns>d(state)/dt at (state, t), [N, d].</returns>
    Tensor Evaluate(Tensor state, double t);
}
