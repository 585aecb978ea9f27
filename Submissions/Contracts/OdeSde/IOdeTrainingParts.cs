using Grader.Contracts.Diffusion;
using Grader.Tensors;

namespace Grader.Contracts.OdeSde;

/// <summary>
/// Sheet 003, tasks 1.3–1.4 ("Run training") with the grader owning the loop (issue 66): the hand-in supplies the parts
/// the sheet grades — the drift network, the loss of one batch (the negative log-likelihood by the ODE's change of
/// variables, <c>ODE.ipynb</c>'s <c>training_loop_ode</c>) and its settings — and the grader draws the batches, calls
/// <see cref="Loss"/>, runs backward and Adam's step itself. It checks that only its steps change the parameters, that
/// the loss is the sheet's formula on the drift's own outputs and that its gradient is the formula's, and it judges a
/// fresh drift holding only the trained values. There is no loop in the hand-in.
/// </summary>
public interface IOdeTrainingParts
{
    /// <summary>
    /// A new, untrained drift f(x, t) (the notebook's: [x, t] → 64 → Tanh → 64 → Tanh → 64 → Tanh → 1), its initial
    /// weights drawn from <paramref name="generator"/> only (the drift never sees the data).
    /// </summary>
    ITrainableDrift Model(Generator generator);

    /// <summary>
    /// The loss of one batch: −(1/B) Σ log p(y_i), with log p(y) = log N(x₀; 0, 1) − ∫₀¹ ∂f/∂x(x_t, t) dt, x_t the flow of
    /// dx = f(x, t)·dt through y = x₁, solved backwards from t = 1 to t = 0 by Euler on <c>torch.linspace(0, 1, 100)</c>
    /// (99 steps, each reading f and ∂f/∂x at the time it starts from; the notebook's <c>method="euler"</c>), as a scalar
    /// tensor differentiable in the drift's parameters (∂f/∂x kept on the graph, create_graph).
    /// </summary>
    /// <param name="drift">The drift being trained (the one <see cref="Model"/> returned).</param>
    /// <param name="y">The batch the grader drew, [B, 1].</param>
    Tensor Loss(ITrainableDrift drift, Tensor y);

    /// <summary>The learning rate and batch size the student chose, within the bounds the grader states (the notebook: 1e-2 and 125).</summary>
    TrainingSettings Settings();
}
