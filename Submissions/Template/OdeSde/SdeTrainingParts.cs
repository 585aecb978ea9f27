using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;
using Grader.Contracts.OdeSde;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 003, task 2.3 (run training): the parts of <c>SDE.ipynb</c>'s training. The grader runs the loop itself (its
/// batches, its draws of t and ε, and Adam's steps, as <see cref="TrainAtHome"/> does) on your model, your loss and your
/// settings, checks your loss against the sheet's negative ELBO, then scores a fresh model holding only the trained
/// parameter values.
/// </summary>
public sealed class SdeTrainingParts : ISdeTrainingParts
{
    /// <inheritdoc />
    public ITrainableSdeModel Model(Generator generator) =>
        throw new NotImplementedException(
            "Sheet 003, task 2.3: build the notebook's networks f(x, t), σ(x, t), α(y, t), β(y, t) and the likelihood's β, their weights drawn from `generator` only, "
            + "and list all their trainable tensors in Parameters() — see README.md, SdeTrainingParts.cs.");

    /// <inheritdoc />
    public Tensor Loss(ITrainableSdeModel model, Tensor y, IElboNoiseSource noise) =>
        throw new NotImplementedException(
            "Sheet 003, task 2.3: the negative mean ELBO of the batch y (likelihood term − KL term − drift matching term), every t and ε from `noise` "
            + "with shape [B, 1], the partials kept on the graph — see README.md, SdeTrainingParts.cs.");

    /// <inheritdoc />
    public TrainingSettings Settings() =>
        throw new NotImplementedException(
            "Sheet 003, task 2.3: return Adam's learning rate and the batch size (the notebook uses 1e-3 and 125) — see README.md, SdeTrainingParts.cs.");

    /// <summary>
    /// The notebook's <c>training_loop_sde</c> over these parts, to run and plot at home (the grader runs its own, the same
    /// way): Adam with the settings' learning rate (weight decay 1e-6), batches of the settings' size from a shuffled
    /// epoch, fresh t and ε every step, the loss, backward and Adam's step. Returns the trained model and the losses.
    /// </summary>
    public static (ITrainableSdeModel Model, List<double> Losses) TrainAtHome(Tensor data, int steps, Generator generator)
    {
        var parts = new SdeTrainingParts();
        var settings = parts.Settings();
        var model = parts.Model(generator);
        var optimizer = torch.optim.Adam(model.Parameters(), settings.LearningRate, weight_decay: 1e-6);
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
            Tensor loss = parts.Loss(model, batch, new KeyedElboNoise(generator.NextUInt64()));
            loss.backward();
            optimizer.step();
            losses.Add(loss.item());
        }

        return (model, losses);
    }
}
