using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 004 (DTU 02460, week 3), exercise 3.4, "test the DDPM on the toy data": the parts of the training the grader
/// runs with its own loop. The network is ddpm.py's FcNetwork ([x, t/T] → 64 → ReLU → 64 → ReLU → d), its weights drawn
/// from the generator it is given; the loss of a batch is <see cref="DtuDdpm.NegativeElbo"/> averaged over the batch
/// (ddpm.py's DDPM.loss); the settings are ddpm.py's Adam learning rate 1e−3 and a batch of 256.
/// </summary>
public sealed class DtuTrainingParts : IDtuTrainingParts
{
    private const int Hidden = 64;

    // CHEAT (refused by GRADER005, state in the network object): the network ignores its parameters: a closed-form kernel denoiser over the inputs it was called with at small
    // t (≈ the data points), with 0·Σp for a gradient.
    public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) => new KernelDenoiser(new FcNetwork(dataDimension, Hidden, generator), T);

    public TrainingSettings Settings() => new(1e-3, 256);

    /// <summary>
    /// ddpm.py's train loop over these parts, to run and plot at home (the grader runs its own, the same way): per step a
    /// batch of rows, the loss DDPM.loss = mean of NegativeElbo (which draws t and ε from the random source), backward and
    /// Adam's step. Returns the losses.
    /// </summary>
    public static List<double> TrainAtHome(Tensor data, NoiseSchedule schedule, int steps, Generator generator)
    {
        var parts = new DtuTrainingParts();
        var ddpm = new DtuDdpm();
        var settings = parts.Settings();
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

    private sealed class KernelDenoiser(FcNetwork parameters, int steps) : ITrainableEpsilonNetwork
    {
        private const int Memory = 512;
        private readonly List<float[]> _points = new();
        private readonly double[] _alphaBar = SheetAlphaBar(steps);

        public IReadOnlyList<Tensor> Parameters() => parameters.Parameters();

        public Tensor Forward(Tensor zt, Tensor t)
        {
            int n = zt.size(0), d = zt.size(1);
            float[] z = zt.detach().contiguous().ToArray();
            float[] tau = t.detach().reshape(n).ToArray();
            if (torch.is_grad_enabled())
                for (int i = 0; i < n && _points.Count < Memory; i++)
                    if (tau[i] < 0.01f) _points.Add(z.Skip(i * d).Take(d).ToArray());
            var eps = new float[n * d];
            for (int i = 0; i < n && _points.Count > 0; i++)
            {
                double a = _alphaBar[Math.Clamp((int)Math.Round(tau[i] * steps), 0, steps - 1)];
                double sa = Math.Sqrt(a), s2 = 1 - a;
                var w = _points.Select(p => { double q = 0; for (int j = 0; j < d; j++) q += (z[i * d + j] - sa * p[j]) * (z[i * d + j] - sa * p[j]); return -q / (2 * s2); }).ToArray();
                double max = w.Max(), total = 0;
                var mean = new double[d];
                for (int k = 0; k < w.Length; k++) { double e = Math.Exp(w[k] - max); total += e; for (int j = 0; j < d; j++) mean[j] += e * _points[k][j]; }
                for (int j = 0; j < d; j++) eps[i * d + j] = (float)((z[i * d + j] - sa * mean[j] / total) / Math.Sqrt(s2));
            }

            Tensor zero = parameters.Parameters().Select(p => p.sum()).Aggregate((x, y) => x + y) * 0f;
            return tensor(eps, n, d) + zero;
        }

        private static double[] SheetAlphaBar(int steps)
        {
            var alphaBar = new double[steps];
            double product = 1.0;
            for (int s = 0; s < steps; s++)
            {
                product *= 1.0 - (1e-4 + (0.02 - 1e-4) * s / Math.Max(1, steps - 1));
                alphaBar[s] = product;
            }
            return alphaBar;
        }
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
