using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 2 (c) (construct and train an INN on the event generation dataset): the parts of the training.
/// The grader runs the loop itself (its batches of the preprocessed events and Adam's steps, as <see cref="TrainAtHome"/>
/// does) on your INN, your loss and your settings, then judges a fresh INN holding only the trained parameter values.
/// </summary>
public sealed class InnTrainingParts : IInnTrainingParts
{
    /// <inheritdoc />
    public ITrainableFlow Model(int dataDimension, Generator generator) =>
        throw new NotImplementedException(
            "Sheet 000, ex. 2 (c): build a new INN x → z for data of dimension d (coupling blocks, each followed by a fixed permutation), "
            + "its weights and permutations drawn from `generator` only, and list its trainable tensors in Parameters() — see README.md, InnTrainingParts.cs.");

    /// <inheritdoc />
    public Tensor Loss(ITrainableFlow flow, Tensor x) =>
        throw new NotImplementedException(
            "Sheet 000, ex. 2 (c): the negative log-likelihood of exercise 2 (a) for this batch: (z, log|det|) = flow.Forward(x), "
            + "then the mean over the batch of ½‖z‖² − log|det| — see README.md, InnTrainingParts.cs.");

    /// <inheritdoc />
    public TrainingSettings Settings() =>
        throw new NotImplementedException(
            "Sheet 000, ex. 2 (c): return Adam's learning rate and the batch size (the notebook uses 1e-3 and 1024) — see README.md, InnTrainingParts.cs.");

    /// <summary>
    /// The notebook's loop over these parts, to run and plot at home (the grader runs its own, the same way): per step a
    /// batch of rows drawn with replacement, the loss, backward and Adam's step. Returns the trained flow and the losses.
    /// </summary>
    public static (ITrainableFlow Flow, List<double> Losses) TrainAtHome(Tensor data, int steps, Generator generator)
    {
        var parts = new InnTrainingParts();
        var settings = parts.Settings();
        int n = data.size(0), d = data.size(1), batch = settings.BatchSize;
        var flow = parts.Model(d, generator);
        var optimizer = torch.optim.Adam(flow.Parameters(), settings.LearningRate);
        var losses = new List<double>();
        for (int step = 0; step < steps; step++)
        {
            var rows = new int[batch];
            for (int i = 0; i < batch; i++) rows[i] = (int)generator.NextInt(0, n);
            Tensor loss = parts.Loss(flow, data.index_select(0, rows));
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            losses.Add(loss.item());
        }

        return (flow, losses);
    }
}
