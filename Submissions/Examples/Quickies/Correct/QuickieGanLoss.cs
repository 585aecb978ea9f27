using System;
using Grader.Contracts.Quickies;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Quickie 3 (e), the GAN (minimax game, D = sigmoid(logit)): the discriminator minimises
/// −mean log D(x) − mean log(1 − D(G(z))), the generator minimises mean log(1 − D(G(z))). Written with
/// log sigmoid(ℓ) = −softplus(−ℓ) and log(1 − sigmoid(ℓ)) = −softplus(ℓ).
/// </summary>
public sealed class QuickieGanLoss : IGanLoss
{
    public Tensor DiscriminatorLoss(Tensor realLogits, Tensor fakeLogits) =>
        (-realLogits).softplus().mean() + fakeLogits.softplus().mean();

    public Tensor GeneratorLoss(Tensor fakeLogits) => -fakeLogits.softplus().mean();
}
