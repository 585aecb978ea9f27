using Grader.Tensors;

namespace Grader.Contracts.Diffusion;

/// <summary>
/// "Train the model" tasks (Heidelberg 1 (a) on the V data set; DTU 3.4 on TwoGaussians and Chequerboard): the grader
/// gives the data, the schedule, a step budget and a seed, and samples from the returned network with its own sampler.
/// </summary>
public interface IDiffusionTraining
{
    /// <param name="data">Training points, [N, d] (already standardised or mapped to [−1, 1] by the grader).</param>
    /// <param name="schedule">β for each index.</param>
    /// <param name="steps">Number of optimiser steps the hand-in may take.</param>
    /// <param name="generator">The only source of randomness the hand-in may use.</param>
    /// <returns>
    /// The trained ε-network. Whatever the sheet's network does inside, the returned one takes time in one convention
    /// for every training task: t/T as [N, 1] (t the code index 0..T−1), so the grader can sample from it with its own sampler.
    /// </returns>
    IEpsilonNetwork Train(Tensor data, NoiseSchedule schedule, int steps, Generator generator);
}
