using System;
using Grader.Contracts.OdeSde;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 003, tasks 1.3 and 1.4: <c>ODE.ipynb</c>'s <c>training_loop_ode</c> as run, over the parts the grader trains
/// (<see cref="OdeTrainingParts"/>: the drift network, the loss of one batch, the settings) — Adam with the settings'
/// learning rate, batches of the settings' size from a shuffled epoch. The grader's own loop (issue 66) calls the same
/// parts; this one is the student's, to run and plot the loss with.
/// </summary>
public sealed class OdeTraining : IOdeTraining
{
    public IDifferentiableNetwork Train(Tensor data, int steps, Generator generator)
    {
        var parts = new OdeTrainingParts();
        var settings = parts.Settings();
        var drift = parts.Model(generator);
        var optimizer = torch.optim.Adam(drift.Parameters(), settings.LearningRate);
        int n = data.size(0);
        int[] order = [];
        int position = 0;
        using var grad = enable_grad();
        for (int step = 0; step < steps; step++)
        {
            if (position >= order.Length)
            {
                order = generator.Permutation(n);
                position = 0;
            }
            int take = Math.Min(settings.BatchSize, n - position);
            Tensor batch = data.index_select(0, order.AsSpan(position, take).ToArray());
            position += take;

            optimizer.zero_grad();
            Tensor loss = parts.Loss(drift, batch);
            loss.backward();
            optimizer.step();
        }
        return drift;
    }
}
