using Grader.Tensors;

namespace Grader.Contracts.Diffusion;

/// <summary>What the grader's training of a DTU hand-in's parts ended with (<see cref="IDtuTrainingRun.Train"/>).</summary>
/// <param name="Values">The trained parameters' values, in the order of the network's <c>Parameters()</c>; empty on a failure.</param>
/// <param name="FailedPart">"model", "loss" or "settings" when the training failed; null when it ran.</param>
/// <param name="Reason">Why, in the feedback's words; null when it ran.</param>
/// <param name="MaxLossDeviation">The loss part's margin (issue 79): the largest relative deviation of the batch mean of
/// the hand-in's <c>NegativeElbo</c> from the formula's on the grader's draws; NaN on a failure.</param>
/// <param name="MaxGradientShare">The largest gap of its gradient with respect to ε̂ from the formula's, as a share of its
/// float32 bound (≤ 1 on a pass); NaN on a failure.</param>
public sealed record DtuTrainingOutcome(IReadOnlyList<Tensor> Values, string? FailedPart, string? Reason, double MaxLossDeviation, double MaxGradientShare);
