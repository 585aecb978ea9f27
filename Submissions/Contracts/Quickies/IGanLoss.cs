using Grader.Tensors;

namespace Grader.Contracts.Quickies;

/// <summary>
/// Heidelberg 2023 quickie 3 (e) (sheet 000), the generative adversarial network in its original minimax form
/// (Goodfellow et al. 2014): the losses the discriminator and the generator each minimise. The discriminator's output
/// is given as a logit: D(x) = sigmoid(logit) is the probability it assigns to "x is real".
/// </summary>
public interface IGanLoss
{
    /// <param name="realLogits">Logits on a batch of data, [N].</param>
    /// <param name="fakeLogits">Logits on a batch of generated samples, [M].</param>
    /// <returns>The discriminator's loss (batch means), a 0-d tensor.</returns>
    Tensor DiscriminatorLoss(Tensor realLogits, Tensor fakeLogits);

    /// <param name="fakeLogits">Logits on a batch of generated samples, [M].</param>
    /// <returns>The generator's loss in the minimax game (a batch mean), a 0-d tensor.</returns>
    Tensor GeneratorLoss(Tensor fakeLogits);
}
