using Grader.Tensors;

namespace Grader.Contracts.OdeSde;

/// <summary>
/// The GRADER's loss of one training batch of sheet 003's SDE (issue 79 item 1), kept on the grader's side of the
/// channel as <see cref="IOdeGraderLoss"/> is for the ODE: the grader's loop (<see cref="ISdeTrainingRun.Train"/>) steps
/// Adam on its gradient, never on the hand-in's loss. Three calls a batch: <see cref="Begin"/> takes the batch, the step's
/// draws and the likelihood's β and names the points where the variational networks α and β are evaluated;
/// <see cref="Next"/> takes their values and time partials there and names the points where the generative networks f
/// and σ are evaluated; <see cref="Upstream"/> takes those values and x-partials and returns the loss's gradient with
/// respect to every output the loop evaluated, which the loop backpropagates through the model's graph to its
/// parameters. Only values cross; the formula stays with the grader. Every training step makes the same calls. A hand-in
/// never implements or calls it.
/// </summary>
public interface ISdeGraderLoss
{
    /// <summary>
    /// Starts the loss of the batch <paramref name="y"/> [B, 1] with the step's draws <paramref name="draws"/> [B, 4]
    /// (t, ε₁, ε₀, ε_t: the <see cref="IElboNoiseSource"/> draws of shape [B, 1] the hand-in's loss was given) and the
    /// likelihood's β <paramref name="likelihoodStd"/> [1]; the points where α and β are evaluated, [K, 2] (y, t).
    /// </summary>
    Tensor Begin(Tensor y, Tensor draws, Tensor likelihoodStd);

    /// <summary>
    /// α, ∂α/∂t, β, ∂β/∂t at the points <see cref="Begin"/> named, [K, 4]; the points where f and σ are evaluated, [M, 2] (x, t).
    /// </summary>
    Tensor Next(Tensor posterior);

    /// <summary>
    /// f, ∂f/∂x, σ, ∂σ/∂x, ∂²σ/∂x² at the points <see cref="Next"/> named, [M, 5]; the loss's gradient, flat [4K + 3M + 1]:
    /// d loss/d (α, ∂α/∂t, β, ∂β/∂t) of the K points row by row, then d loss/d (f, σ, ∂σ/∂x) of the M points row by row
    /// (∂f/∂x and ∂²σ/∂x² are values the grader's chain through the points needs, not outputs it differentiates), then
    /// d loss/d β of the likelihood.
    /// </summary>
    Tensor Upstream(Tensor generative);
}
