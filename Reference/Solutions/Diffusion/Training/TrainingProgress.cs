namespace Grader.Reference.Diffusion;

/// <summary>A progress report: after <see cref="Step"/> of <see cref="Steps"/> optimiser steps, the mean loss of the
/// steps since the previous report, and the wall time so far.</summary>
public readonly record struct TrainingProgress(int Step, int Steps, double RunningLoss, TimeSpan Elapsed);
