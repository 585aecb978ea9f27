namespace Grader.Reference.Diffusion;

/// <summary>
/// A sample-quality figure of a trained reference model: <see cref="Metric"/> evaluated on <see cref="Samples"/> DDPM
/// samples (<see cref="Value"/>) and on as many draws of the true data law (<see cref="DataValue"/>, the best a model
/// can do up to sampling noise).
/// </summary>
public sealed record ReferenceModelQuality(string Metric, int Samples, double Value, double DataValue);
