using Grader.Tensors;

namespace Grader.Contracts.OdeSde;

/// <summary>
/// What the grader's training of a hand-in's SDE parts ended with (<see cref="ISdeTrainingRun.Train"/>): the trained
/// values (by the model's parameter shapes), or the part a failure is charged to and why; and the record the grader
/// checks the loss with — the hand-in's loss on every step and, on the steps the loop drew for recording (step 0 among
/// them), the parameters before the step (flattened in <see cref="ITrainableSdeModel.Parameters"/>' order) and the
/// gradient the hand-in's loss gave them (flattened alike).
/// </summary>
/// <param name="Values">The trained parameter values (empty on a failure).</param>
/// <param name="FailedPart">"model", "loss" or "settings" on a failure, else null.</param>
/// <param name="Reason">The failure's message, else null.</param>
/// <param name="BatchSize">The batch size the loop used (the settings').</param>
/// <param name="Losses">The hand-in's loss per step, [steps].</param>
/// <param name="RecordedSteps">The recorded steps, ascending, [R] (as float values).</param>
/// <param name="Snapshots">The parameters before each recorded step, [R, P].</param>
/// <param name="Gradients">The hand-in's gradient on each recorded step, [R, P].</param>
/// <param name="GraderGradients">The grader's loss's gradient on each recorded step (what Adam stepped on; issue 79), [R, P].</param>
public sealed record SdeTrainingOutcome(IReadOnlyList<Tensor> Values, string? FailedPart, string? Reason, int BatchSize, Tensor Losses, Tensor RecordedSteps, Tensor Snapshots, Tensor Gradients, Tensor GraderGradients);
