using Grader.Contracts.Vae;
using Grader.Tensors;

namespace Grader.Reference.Vae.Handin;

/// <summary>The reference as a hand-in of TUM P2 (b): <see cref="LogNormalReparametrisation.M"/>.</summary>
public sealed class ReferenceLogNormalTransformM : ILogNormalTransformM
{
    public Tensor M(Tensor z, double mu, double sigma)
    {
        using var _ = torch.no_grad();
        return LogNormalReparametrisation.M(z, mu, sigma);
    }
}
