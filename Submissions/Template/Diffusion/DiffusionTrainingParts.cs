using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Heidelberg sheet 10, exercise 1 (a) (train on the 'V' data set): the parts of the training. The grader runs the loop
/// itself (its batches, t, ε and Adam's steps, as <see cref="TrainAtHome"/> does) on your network, your loss and your
/// settings, then draws samples from a fresh network holding only the trained parameter values.
/// </summary>
public sealed class DiffusionTrainingParts : IDiffusionTrainingParts
{
    /// <inheritdoc />
    public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) =>
        throw new NotImplementedException(
            "Heidelberg sheet 10, exercise 1 (a): build a new ε-network for data of dimension d that takes (z_t, t/T as [N, 1]), "
            + "its weights drawn from `generator` only, and list its trainable tensors in Parameters() — see README.md, DiffusionTrainingParts.cs.");

    /// <inheritdoc />
    public Tensor Loss(ITrainableEpsilonNetwork network, NoiseSchedule schedule, Tensor x0, int[] t, Tensor epsilon) =>
        throw new NotImplementedException(
            "Heidelberg sheet 10, exercise 1 (a): the loss of Algorithm 1 of Ho et al. 2020 for this batch: z_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε, "
            + "then the mean over the batch and the dimensions of (ε − network.Forward(z_t, t/T))² — see README.md, DiffusionTrainingParts.cs.");

    /// <inheritdoc />
    public TrainingSettings Settings() =>
        throw new NotImplementedException(
            "Heidelberg sheet 10, exercise 1 (a): return Adam's learning rate and the batch size (the notebook uses 1e-3 and 128) — see README.md, DiffusionTrainingParts.cs.");

    /// <summary>
    /// The notebook's loop over these parts, to run and plot at home (the grader runs its own, the same way): per step
    /// t ~ U{0..T−1}, ε ~ N(0, I) and a batch of rows, then the loss, backward and Adam's step. Returns the losses.
    /// </summary>
    public static List<double> TrainAtHome(Tensor data, NoiseSchedule schedule, int steps, Generator generator)
    {
        var parts = new DiffusionTrainingParts();
        var settings = parts.Settings();
        int n = data.size(0), d = data.size(1), batch = settings.BatchSize;
        var network = parts.Model(d, schedule.T, generator);
        var optimizer = torch.optim.Adam(network.Parameters(), settings.LearningRate);
        var losses = new List<double>();
        for (int step = 0; step < steps; step++)
        {
            var t = new int[batch];
            for (int i = 0; i < batch; i++) t[i] = (int)generator.NextInt(0, schedule.T);
            Tensor epsilon = randn([batch, d], generator);
            var rows = new int[batch];
            for (int i = 0; i < batch; i++) rows[i] = (int)generator.NextInt(0, n);
            Tensor loss = parts.Loss(network, schedule, data.index_select(0, rows), t, epsilon);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            losses.Add(loss.item());
        }

        return losses;
    }
}
