using System.Diagnostics;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Diffusion;

/// <summary>
/// The step loop every reference trainer runs (diffusion's <see cref="Trainer"/>, the INN's, the ODE's and the SDE's):
/// <paramref name="steps"/> optimiser steps under <c>enable_grad</c>, each step's loss kept (the loss curve), a loss that
/// is not finite stops the training, and the mean loss since the last report goes to <paramref name="progress"/> every
/// <paramref name="progressEvery"/> steps and at the end.
/// </summary>
public static class TrainingLoop
{
    /// <summary>
    /// Runs <paramref name="step"/> (one optimiser step; it returns the step's loss) for steps 0 … n − 1. A loss that is
    /// not finite throws, naming <paramref name="trainer"/> and, when given, the preset <paramref name="preset"/>.
    /// </summary>
    public static TrainingResult Run(string trainer, string? preset, int steps, Func<int, float> step, Action<TrainingProgress>? progress, int progressEvery)
    {
        ArgumentNullException.ThrowIfNull(step);
        var losses = new float[steps];
        var clock = Stopwatch.StartNew();
        double running = 0;
        int sinceReport = 0;
        using (enable_grad())
        {
            for (int k = 0; k < steps; k++)
            {
                losses[k] = step(k);
                if (!float.IsFinite(losses[k]))
                    throw new InvalidOperationException($"{trainer}: the loss became {losses[k]} at step {k + 1}{(preset is null ? "" : $" of preset '{preset}'")}");
                running += losses[k];
                sinceReport++;
                if (progress is not null && ((k + 1) % progressEvery == 0 || k + 1 == steps))
                {
                    progress(new TrainingProgress(k + 1, steps, running / sinceReport, clock.Elapsed));
                    running = 0;
                    sinceReport = 0;
                }
            }
        }
        return new TrainingResult(losses, clock.Elapsed);
    }
}
