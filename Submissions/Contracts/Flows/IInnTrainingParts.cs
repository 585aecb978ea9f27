using Grader.Contracts.Diffusion;
using Grader.Tensors;

namespace Grader.Contracts.Flows;

/// <summary>
/// Heidelberg sheet 10 (sheet 000), exercise 2 (c), "construct and train an INN on the event generation dataset", with
/// the grader owning the loop (issue 66): the hand-in supplies the parts the sheet grades — the INN, the loss of one
/// batch (the negative log-likelihood of exercise 2 (a)) and its settings — and the grader draws the batches of the
/// preprocessed training events, calls <see cref="Loss"/>, runs backward and Adam's step itself. On every batch it checks
/// that the loss is the formula on the flow's own z and log-determinant and that only its steps changed the parameters;
/// the trained parameters then go, as tensors of the shapes <see cref="Model"/> declared, into a fresh flow, whose
/// held-out likelihood and generated events are judged. There is no loop in the hand-in.
/// </summary>
public interface IInnTrainingParts
{
    /// <summary>
    /// A new, untrained INN x → z on data of dimension <paramref name="dataDimension"/> (3 for the sheet's preprocessing),
    /// its initial weights and fixed permutations drawn from <paramref name="generator"/> only (the flow never sees the
    /// data before training).
    /// </summary>
    ITrainableFlow Model(int dataDimension, Generator generator);

    /// <summary>
    /// The loss of one batch: the mean over the batch of ½‖z‖² − log|det ∂z/∂x| with (z, log|det|) = flow.Forward(x),
    /// the negative log-likelihood of exercise 2 (a) under the standard normal latent (the constant (d/2)·ln 2π may be
    /// added or left out), as a scalar tensor differentiable in the flow's parameters.
    /// </summary>
    /// <param name="flow">The flow being trained (the one <see cref="Model"/> returned).</param>
    /// <param name="x">The batch of preprocessed events the grader drew, [B, d].</param>
    Tensor Loss(ITrainableFlow flow, Tensor x);

    /// <summary>The learning rate and batch size the student chose, within the bounds the grader states.</summary>
    TrainingSettings Settings();
}
