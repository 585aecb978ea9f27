using System;
using Grader.Contracts.Quickies;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>Sheet 000, exercise 3 (e): the GAN losses on logits.</summary>
public sealed class QuickieGanLoss : IGanLoss
{
    // ADVERSARIAL: an object that hangs when it is formatted: the exception's Message getter never returns, so whoever
    // reports the exception (the hand-in's host, reading it to send it across) would wait forever.
    public Tensor DiscriminatorLoss(Tensor realLogits, Tensor fakeLogits) => throw new Unreadable();

    public Tensor GeneratorLoss(Tensor fakeLogits) => -fakeLogits.softplus().mean();

    private sealed class Unreadable : Exception
    {
        public override string Message
        {
            get
            {
                long spins = 0;
                while (true)
                {
                    spins++;
                }
            }
        }
    }
}
