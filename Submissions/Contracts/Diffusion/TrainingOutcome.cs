using Grader.Tensors;

namespace Grader.Contracts.Diffusion;

/// <summary>What the grader's training of a hand-in's parts ended with (<see cref="IDiffusionTrainingRun.Train"/>).</summary>
/// <param name="Values">The trained parameters' values, in the order of the network's <c>Parameters()</c>; empty on a failure.</param>
/// <param name="FailedPart">"model", "loss" or "settings" when the training failed; null when it ran.</param>
/// <param name="Reason">Why, in the feedback's words; null when it ran.</param>
/// <param name="MaxLossDeviation">The largest relative difference of the hand-in's loss from the formula: on the batches its loss was graded on (the V's, the INN's loops), over the steps run (the DTU's).</param>
/// <param name="MaxGradientDeviation">The V's and the INN's: the largest gap of the loss's gradient with respect to the model's outputs as a share of its float32 bound; the DTU's: the largest relative difference of its gradient on the checked steps.</param>
public sealed record TrainingOutcome(IReadOnlyList<Tensor> Values, string? FailedPart, string? Reason, double MaxLossDeviation, double MaxGradientDeviation);
