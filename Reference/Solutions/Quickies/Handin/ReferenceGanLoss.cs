using Grader.Contracts.Quickies;
using Grader.Tensors;

namespace Grader.Reference.Quickies.Handin;

/// <summary>The reference as a hand-in of quickie 3 (e), the GAN: <see cref="GenerativeLosses.GanDiscriminatorLoss"/> and <see cref="GenerativeLosses.GanGeneratorLoss"/>.</summary>
public sealed class ReferenceGanLoss : IGanLoss
{
    public Tensor DiscriminatorLoss(Tensor realLogits, Tensor fakeLogits) => GenerativeLosses.GanDiscriminatorLoss(realLogits, fakeLogits);

    public Tensor GeneratorLoss(Tensor fakeLogits) => GenerativeLosses.GanGeneratorLoss(fakeLogits);
}
