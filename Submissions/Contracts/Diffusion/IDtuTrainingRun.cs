using Grader.Tensors;

namespace Grader.Contracts.Diffusion;

/// <summary>
/// The grader's training of a hand-in's <see cref="IDtuTrainingParts"/>, answered by the grader's own code where the
/// hand-in runs (its host, or the self-check's process), never by a hand-in (issue 66). Since issue 79 it steps on the
/// grader's negative ELBO of the network's outputs, as <see cref="IDiffusionTrainingRun"/> steps on Algorithm 1, and
/// grades the hand-in's <see cref="IDtuDdpm.NegativeElbo"/> as its own part first, on the grader's draws with a stand-in
/// network (<see cref="DtuTrainingOutcome.MaxLossDeviation"/>).
/// </summary>
public interface IDtuTrainingRun
{
    /// <summary>
    /// Trains the hand-in's parts with the grader's loop (<paramref name="steps"/> Adam steps on <paramref name="data"/>,
    /// the network's weights from <paramref name="modelGenerator"/>, every batch, t and ε from
    /// <paramref name="batchGenerator"/>) and returns the trained values and the loss part's margins, or the part that failed.
    /// </summary>
    DtuTrainingOutcome Train(Tensor data, NoiseSchedule schedule, int steps, Generator modelGenerator, Generator batchGenerator);

    /// <summary>
    /// Sheet 004, ex. 3.5, "use the DDPM implementation from exercise 3.4 to learn a DDPM on MNIST": <see cref="Train"/> on
    /// images after the sheet's transform (<paramref name="images"/> [N, rows·columns] in [−1, 1], dequantised and mapped
    /// by the grader), with the learning rate and batch size the hand-in chose for images
    /// (<see cref="IMnistDdpm.Settings"/>) in place of the toy data's; the model and the loss are exercise 3.4's parts.
    /// </summary>
    DtuTrainingOutcome TrainOnImages(Tensor images, NoiseSchedule schedule, int steps, Generator modelGenerator, Generator batchGenerator);

    /// <summary>
    /// A fresh network from a fresh instance of the hand-in's parts (<see cref="IDtuTrainingParts.Model"/> with
    /// <paramref name="modelGenerator"/>), its parameters set to <paramref name="values"/> of the shapes it declares.
    /// </summary>
    IEpsilonNetwork Trained(int dataDimension, int T, Generator modelGenerator, IReadOnlyList<Tensor> values);
}
