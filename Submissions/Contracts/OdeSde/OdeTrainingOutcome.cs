using Grader.Tensors;

namespace Grader.Contracts.OdeSde;

/// <summary>
/// What the grader's training of a hand-in's ODE parts ended with (<see cref="IOdeTrainingRun.Train"/>): the trained
/// values (by the drift's parameter shapes), or the part a failure is charged to and why; and the record the grader
/// checks the loss with — per step the hand-in's loss value, the parameters before the step (flattened in
/// <see cref="ITrainableDrift.Parameters"/>' order) and the gradient the hand-in's loss gave them (flattened alike).
/// </summary>
/// <param name="Values">The trained parameter values (empty on a failure).</param>
/// <param name="FailedPart">"model", "loss" or "settings" on a failure, else null.</param>
/// <param name="Reason">The failure's message, else null.</param>
/// <param name="BatchSize">The batch size the loop used (the settings').</param>
/// <param name="Losses">The hand-in's loss per step, [steps].</param>
/// <param name="Snapshots">The parameters before each step, [steps, P].</param>
/// <param name="Gradients">The hand-in's gradient on each step, [steps, P].</param>
/// <param name="GraderGradients">The grader's loss's gradient on each step (what Adam stepped on; issue 79), [steps, P].</param>
public sealed record OdeTrainingOutcome(IReadOnlyList<Tensor> Values, string? FailedPart, string? Reason, int BatchSize, Tensor Losses, Tensor Snapshots, Tensor Gradients, Tensor GraderGradients);
