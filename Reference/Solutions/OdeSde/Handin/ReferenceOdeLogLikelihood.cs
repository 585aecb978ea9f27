using Grader.Contracts.OdeSde;
using Grader.Tensors;

namespace Grader.Reference.OdeSde.Handin;

/// <summary>The reference as a hand-in of sheet 003's exact log-likelihood: <see cref="OdeLogLikelihood.Compute"/> on the given grid.</summary>
public sealed class ReferenceOdeLogLikelihood : IOdeLogLikelihood
{
    public Tensor LogLikelihood(Tensor y, IDifferentiableNetwork drift, string method, int timePoints)
    {
        ArgumentNullException.ThrowIfNull(drift);
        var m = OdeMethods.Parse(method);
        var grid = new TimeGrid(timePoints);
        using var _ = torch.no_grad();
        return OdeLogLikelihood.Compute(ContractNetwork.Of(drift), y, m, grid);
    }
}
