using Grader.Tensors;

namespace Grader.Contracts.OdeSde;

/// <summary>
/// The GRADER's loss of one training batch of sheet 003's ODE (issue 79 item 1), kept on the grader's side of the
/// channel: the grader's loop (<see cref="IOdeTrainingRun.Train"/>) steps Adam on its gradient, never on the hand-in's
/// loss. The loop asks it, call by call, where to evaluate the drift (<see cref="Begin"/>, <see cref="Next"/>: points and
/// times the grader's formula chooses), gives it each call's values (f, ∂f/∂x, ∂²f/∂x²), and after the last call takes
/// the upstream gradient of the loss with respect to each call's f and ∂f/∂x (<see cref="Upstream"/>) and backpropagates
/// it through the drift's graph to its parameters. Only values cross; the formula stays with the grader. Every training
/// step makes the same calls. A hand-in never implements or calls it.
/// </summary>
public interface IOdeGraderLoss
{
    /// <summary>Starts the loss of the batch <paramref name="y"/> [B, 1]; the first drift call's inputs, [B, 2] (x, t).</summary>
    Tensor Begin(Tensor y);

    /// <summary>
    /// The last call's values <paramref name="outputs"/> [B, 3] (f, ∂f/∂x, ∂²f/∂x² at its x and t); the next call's
    /// inputs [B, 2] (x, t), or [0, 2] after the last call.
    /// </summary>
    Tensor Next(Tensor outputs);

    /// <summary>d loss/d f and d loss/d (∂f/∂x) of every call, in call order: [calls, B, 2].</summary>
    Tensor Upstream();
}
