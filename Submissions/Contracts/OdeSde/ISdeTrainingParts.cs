using Grader.Contracts.Diffusion;
using Grader.Tensors;

namespace Grader.Contracts.OdeSde;

/// <summary>
/// Sheet 003, task 2.3 ("Run training") with the grader owning the loop (issue 66): the hand-in supplies the parts the
/// sheet grades — the SDE model's networks, the loss of one batch (the negative ELBO of 2.1, <c>SDE.ipynb</c>'s
/// <c>training_loop_sde</c>) and its settings — and the grader draws the batches and the ELBO's t and ε, calls
/// <see cref="Loss"/>, runs backward and Adam's step itself. It checks that only its steps change the parameters, that the
/// loss is the sheet's negative ELBO on the model's own outputs with the draws it was given and that its gradient is the
/// formula's, and it judges a fresh model holding only the trained values. There is no loop in the hand-in.
/// </summary>
public interface ISdeTrainingParts
{
    /// <summary>
    /// A new, untrained model (the notebook's f, σ, α, β networks and the shared likelihood β), its initial weights drawn
    /// from <paramref name="generator"/> only (the model never sees the data).
    /// </summary>
    ITrainableSdeModel Model(Generator generator);

    /// <summary>
    /// The loss of one batch: −(1/B) Σ ELBO(y_i), the ELBO of <see cref="ISdeElbo"/> (likelihood term − KL term − drift
    /// matching term) with every random draw — one t per example, the ε of x₁, x₀ and x_t — taken from
    /// <paramref name="noise"/>, as a scalar tensor differentiable in the model's parameters (the partials ∂α/∂t, ∂β/∂t,
    /// ∂σ/∂x kept on the graph, create_graph).
    /// </summary>
    /// <param name="model">The model being trained (the one <see cref="Model"/> returned).</param>
    /// <param name="y">The batch the grader drew, [B, 1].</param>
    /// <param name="noise">The grader's draws of t and ε for this batch (keyed: the same for the same method and shape).</param>
    Tensor Loss(ITrainableSdeModel model, Tensor y, IElboNoiseSource noise);

    /// <summary>The learning rate and batch size the student chose, within the bounds the grader states (the notebook: 1e-3 and 125).</summary>
    TrainingSettings Settings();
}
