using Grader.Tensors;

namespace Grader.Contracts.Diffusion;

/// <summary>
/// DTU 02460 week 3, exercise 3.4, "test the DDPM on the toy data", with the grader owning the loop (issue 66): the
/// hand-in supplies the ε-network and its settings, and the loss of one batch is the hand-in's own
/// <see cref="IDtuDdpm.NegativeElbo"/> (the sheet's <c>DDPM.negative_elbo</c>), averaged over the batch by the grader as
/// <c>DDPM.loss</c> does. The grader draws the batches, gives <c>NegativeElbo</c> its own random source for t and ε,
/// runs backward and Adam's step; the trained parameters cross, as tensors of the shapes <see cref="Model"/> declared,
/// to a fresh network where the samples are drawn. Exercise 3.5 trains the same parts on images (d = rows·columns),
/// with the settings <see cref="IMnistDdpm.Settings"/> gives for images.
/// </summary>
public interface IDtuTrainingParts
{
    /// <summary>
    /// A new, untrained ε-network for data of dimension <paramref name="dataDimension"/> (it takes z_t and t/T as [N, 1]),
    /// its initial weights drawn from <paramref name="generator"/> only (the network never sees the data).
    /// </summary>
    ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator);

    /// <summary>The learning rate and batch size the student chose, within the bounds the grader states (ddpm.py: Adam 1e-3).</summary>
    TrainingSettings Settings();
}
