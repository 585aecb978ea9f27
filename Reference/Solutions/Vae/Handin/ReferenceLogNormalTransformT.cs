using Grader.Contracts.Vae;
using Grader.Tensors;

namespace Grader.Reference.Vae.Handin;

/// <summary>The reference as a hand-in of TUM P2 (a): <see cref="LogNormalReparametrisation.T"/>.</summary>
public sealed class ReferenceLogNormalTransformT : ILogNormalTransformT
{
    public Tensor T(Tensor epsilon)
    {
        using var _ = torch.no_grad();
        return LogNormalReparametrisation.T(epsilon);
    }
}
