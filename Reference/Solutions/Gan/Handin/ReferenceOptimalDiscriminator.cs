using Grader.Contracts.Gan;
using Grader.Tensors;

namespace Grader.Reference.Gan.Handin;

/// <summary>The reference as a hand-in of TUM P3 (b), the optimal discriminator: <see cref="GanObjective.OptimalDiscriminator(Tensor, Tensor)"/>.</summary>
public sealed class ReferenceOptimalDiscriminator : IOptimalDiscriminator
{
    public Tensor OptimalDiscriminator(Tensor dataDensity, Tensor modelDensity)
    {
        using var _ = torch.no_grad();
        return GanObjective.OptimalDiscriminator(dataDensity, modelDensity);
    }
}
