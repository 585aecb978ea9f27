namespace Grader.Contracts.Diffusion;

/// <summary>
/// What the sheet leaves to the student in a training the grader runs: Adam's learning rate and the batch size
/// (the Heidelberg notebook uses 1e-3 and 128). The grader refuses values outside its stated bounds.
/// </summary>
/// <param name="LearningRate">Adam's learning rate.</param>
/// <param name="BatchSize">Points per optimiser step.</param>
public sealed record TrainingSettings(double LearningRate, int BatchSize);
