using Grader.Contracts.OdeSde;
using Grader.Tensors;

namespace Grader.Reference.OdeSde.Handin;

/// <summary>The reference as a hand-in of sheet 003's SDE ELBO: <see cref="SdeElbo.Compute(ITimeDependentFunction, ITimeDependentFunction, ITimeDependentFunction, ITimeDependentFunction, Tensor, Tensor, IElboNoiseSource, bool)"/>.</summary>
public sealed class ReferenceSdeElbo : ISdeElbo
{
    public SdeElboTerms Elbo(Tensor y, IDifferentiableNetwork drift, IDifferentiableNetwork diffusion, IDifferentiableNetwork alpha,
        IDifferentiableNetwork beta, double likelihoodStd, IElboNoiseSource noise)
    {
        ArgumentNullException.ThrowIfNull(drift);
        ArgumentNullException.ThrowIfNull(diffusion);
        ArgumentNullException.ThrowIfNull(alpha);
        ArgumentNullException.ThrowIfNull(beta);
        if (!(likelihoodStd > 0) || !double.IsFinite(likelihoodStd))
            throw new ArgumentOutOfRangeException(nameof(likelihoodStd), likelihoodStd, "the likelihood's β must be positive");
        using var _ = torch.no_grad();
        return SdeElbo.Compute(ContractNetwork.Of(drift), ContractNetwork.Of(diffusion), ContractNetwork.Of(alpha), ContractNetwork.Of(beta),
            torch.tensor([(float)likelihoodStd], 1), y, noise);
    }
}
