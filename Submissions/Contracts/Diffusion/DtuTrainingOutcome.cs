using Grader.Tensors;

namespace Grader.Contracts.Diffusion;

/// <summary>What the grader's training of a DTU hand-in's parts ended with (<see cref="IDtuTrainingRun.Train"/>).</summary>
/// <param name="Values">The trained parameters' values, in the order of the network's <c>Parameters()</c>; empty on a failure.</param>
/// <param name="FailedPart">"model", "loss" or "settings" when the training failed; null when it ran.</param>
/// <param name="Reason">Why, in the feedback's words; null when it ran.</param>
/// <param name="Steps">The recorded steps (drawn by the grader, step 0 among them), for the hidden check's replay of the loss with the reference.</param>
public sealed record DtuTrainingOutcome(IReadOnlyList<Tensor> Values, string? FailedPart, string? Reason, IReadOnlyList<DtuRecordedStep> Steps);

/// <summary>
/// One step of the grader's loop as the loss saw it: the batch, what <c>NegativeElbo</c> drew from the grader's random
/// source, every call it made to the network (inputs, outputs, and the gradient of the batch's loss with respect to the
/// outputs), and the values it returned.
/// </summary>
/// <param name="Step">The step's index.</param>
/// <param name="X0">The batch the grader drew, [B, d].</param>
/// <param name="Elbo">What <c>NegativeElbo</c> returned, [B].</param>
/// <param name="Draws">Every request to the random source, in call order.</param>
/// <param name="Calls">Every call to the network, in call order.</param>
public sealed record DtuRecordedStep(int Step, Tensor X0, Tensor Elbo, IReadOnlyList<DtuRecordedDraw> Draws, IReadOnlyList<DtuRecordedCall> Calls);

/// <summary>One request to the grader's random source: "Integers" (on Low … High − 1) or "Normal", and the values given (flat).</summary>
public sealed record DtuRecordedDraw(string Method, int Low, int High, Tensor Values);

/// <summary>One call to the network: its inputs z and t/T, its output ε̂, and ∂(mean of the batch's values)/∂ε̂.</summary>
public sealed record DtuRecordedCall(Tensor Zt, Tensor Time, Tensor EpsilonHat, Tensor LossGradient);
