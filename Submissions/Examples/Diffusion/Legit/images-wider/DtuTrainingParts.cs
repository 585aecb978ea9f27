using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 004 (DTU 02460, week 3), exercise 3.5, a legitimate network for the images the sheet allows (Legit/README.md):
/// on 3.5's images ddpm.py's FcNetwork wider, [x, t/T] → 384 → ReLU → 384 → ReLU → d; on the toy data the Correct
/// example's network; the settings (MnistDdpm.Settings: Adam 1e−3, batch 64) and the loss are the Correct example's.
/// </summary>
public sealed class DtuTrainingParts : IDtuTrainingParts
{
    private const int Hidden = 64;

    /// <summary>The width for exercise 3.5's images (d = rows·columns): ddpm.py's FcNetwork with 384 hidden units.</summary>
    private const int ImageHidden = 384;

    public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) =>
        new FcNetwork(dataDimension, dataDimension > 2 ? ImageHidden : Hidden, generator);

    public TrainingSettings Settings() => new(1e-3, 256);

    /// <summary>
    /// ddpm.py's train loop over these parts, to run and plot at home (the grader runs its own, the same way): per step a
    /// batch of rows, the loss DDPM.loss = mean of NegativeElbo (which draws t and ε from the random source), backward and
    /// Adam's step. Returns the losses. <paramref name="settings"/>: other settings than these parts' (3.5's images).
    /// </summary>
    public static List<double> TrainAtHome(Tensor data, NoiseSchedule schedule, int steps, Generator generator, TrainingSettings? settings = null)
    {
        var parts = new DtuTrainingParts();
        var ddpm = new DtuDdpm();
        settings ??= parts.Settings();
        int n = data.size(0), d = data.size(1), batch = settings.BatchSize;
        var network = parts.Model(d, schedule.T, generator);
        var optimizer = torch.optim.Adam(network.Parameters(), settings.LearningRate);
        var random = new GeneratorRandom(generator);
        var losses = new List<double>();
        for (int step = 0; step < steps; step++)
        {
            var rows = new int[batch];
            for (int i = 0; i < batch; i++) rows[i] = (int)generator.NextInt(0, n);
            Tensor loss = ddpm.NegativeElbo(data.index_select(0, rows), schedule, network, random).mean();
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            losses.Add(loss.item());
        }

        return losses;
    }

    /// <summary>torch.randint and torch.randn on a generator, for the loop at home.</summary>
    private sealed class GeneratorRandom(Generator generator) : IRandomSource
    {
        public Tensor Integers(int low, int high, int[] shape)
        {
            int count = shape.Aggregate(1, (p, s) => p * s);
            var values = new float[count];
            for (int i = 0; i < count; i++) values[i] = low + generator.NextInt(0, high - low);
            return tensor(values, shape);
        }

        public Tensor Normal(int[] shape) => randn(shape, generator);
    }

    /// <summary>ddpm.py's FcNetwork: concatenates x and t/T, then a two-hidden-layer ReLU MLP.</summary>
    private sealed class FcNetwork : Module<Tensor, Tensor>, ITrainableEpsilonNetwork
    {
        private readonly Sequential _layers;

        public FcNetwork(int dataDimension, int hidden, Generator generator)
        {
            _layers = register_module("network", torch.nn.Sequential(
                torch.nn.Linear(dataDimension + 1, hidden, generator),
                torch.nn.ReLU(),
                torch.nn.Linear(hidden, hidden, generator),
                torch.nn.ReLU(),
                torch.nn.Linear(hidden, dataDimension, generator)));
        }

        public override Tensor forward(Tensor input) => _layers.forward(input);

        /// <param name="zt">[N, d].</param>
        /// <param name="t">t/T, [N, 1] or [N].</param>
        public Tensor Forward(Tensor zt, Tensor t) => forward(cat([zt, t.reshape(zt.size(0), 1)], 1));

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();
    }
}
