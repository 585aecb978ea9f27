using Grader.Contracts.OdeSde;
using Grader.Tensors;

namespace Grader.Reference.OdeSde.Handin;

/// <summary>The reference as a hand-in of sheet 003, task 1.4's integrators: <see cref="OdeSolver.IntegrateStep"/>.</summary>
public sealed class ReferenceOdeSolver : IOdeSolver
{
    public Tensor IntegrateStep(string method, IVectorField func, Tensor state, double t, double dt)
    {
        ArgumentNullException.ThrowIfNull(func);
        var m = OdeMethods.Parse(method);
        using var _ = torch.no_grad();
        return OdeSolver.IntegrateStep(m, func.Evaluate, state, t, dt);
    }
}
