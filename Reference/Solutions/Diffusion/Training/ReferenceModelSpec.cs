namespace Grader.Reference.Diffusion;

/// <summary>One trained reference model: its file stem under fixtures/models, a description, the preset and the seed.</summary>
public sealed record ReferenceModelSpec(string Name, string Description, TrainingPreset Preset, ulong Seed);
