using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;
using Grader.Contracts.OdeSde;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 003, tasks 1.3 and 1.4 (run training): the parts of <c>ODE.ipynb</c>'s training. The grader runs the loop itself
/// (its batches and Adam's steps, as <see cref="TrainAtHome"/> does) on your drift, your loss and your settings, checks
/// your loss against the sheet's formula, then scores a fresh drift holding only the trained parameter values.
/// </summary>
public sealed class OdeTrainingParts : IOdeTrainingParts
{
    /// <inheritdoc />
    public ITrainableDrift Model(Generator generator) =>
        throw new NotImplementedException(
            "Sheet 003, task 1.3: build a new drift network f(x, t) (the notebook's takes [x, t]), its weights drawn from `generator` only, "
            + "and list its trainable tensors in Parameters() — see README.md, OdeTrainingParts.cs.");

    /// <inheritdoc />
    public Tensor Loss(ITrainableDrift drift, Tensor y) =>
        throw new NotImplementedException(
            "Sheet 003, task 1.3: the negative mean log-likelihood of the batch y, −mean log p(y), by the change of variables solved backwards "
            + "from t = 1 on linspace(0, 1, 100), with the trace ∂f/∂x kept on the graph — see README.md, OdeTrainingParts.cs.");

    /// <inheritdoc />
    public TrainingSettings Settings() =>
        throw new NotImplementedException(
            "Sheet 003, task 1.4: return Adam's learning rate and the batch size (the notebook uses 1e-2 and 125) — see README.md, OdeTrainingParts.cs.");

    /// <summary>
    /// The notebook's <c>training_loop_ode</c> over these parts, to run and plot at home (the grader runs its own, the same
    /// way): Adam with the settings' learning rate, batches of the settings' size from a shuffled epoch, the loss,
    /// backward and Adam's step. Returns the trained drift and the losses.
    /// </summary>
    public static (ITrainableDrift Drift, List<double> Losses) TrainAtHome(Tensor data, int steps, Generator generator)
    {
        var parts = new OdeTrainingParts();
        var settings = parts.Settings();
        var drift = parts.Model(generator);
        var optimizer = torch.optim.Adam(drift.Parameters(), settings.LearningRate);
        var losses = new List<double>();
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
            losses.Add(loss.item());
        }

        return (drift, losses);
    }
}
