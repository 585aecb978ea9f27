using System;
using Grader.Contracts.Quickies;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>Sheet 000, quickie 3 (e): the losses of a generative adversarial network in their most basic form.</summary>
public sealed class QuickieGanLoss : IGanLoss
{
    /// <inheritdoc />
    public Tensor DiscriminatorLoss(Tensor realLogits, Tensor fakeLogits) =>
        throw new NotImplementedException("Sheet 000, quickie 3 (e): the discriminator loss — see README.md, QuickieGanLoss.cs.");

    /// <inheritdoc />
    public Tensor GeneratorLoss(Tensor fakeLogits) =>
        throw new NotImplementedException("Sheet 000, quickie 3 (e): the generator loss — see README.md, QuickieGanLoss.cs.");
}
