using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 1 (a): the parts of the V training the grader runs with its own loop and Adam. The network is
/// ddpm.py's FcNetwork: [x, t/T] → 64 → ReLU → 64 → ReLU → d, its weights drawn from the generator it is given; the loss
/// is Algorithm 1's for the batch the grader drew (ᾱ in double, the mean of (ε − ε̂)² over the batch and dimensions);
/// the settings are the notebook's learning rate 1e−3 and a batch of 256.
/// </summary>
public sealed class DiffusionTrainingParts : IDiffusionTrainingParts
{
    private const int Hidden = 64;

    public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) => new FcNetwork(dataDimension, Hidden, generator, T);

    public Tensor Loss(ITrainableEpsilonNetwork network, NoiseSchedule schedule, Tensor x0, int[] t, Tensor epsilon)
    {
        int n = t.Length;
        double[] alphaBar = AlphaBar(schedule.Betas);
        var sqrtAlphaBar = new double[n];
        var sqrtOneMinusAlphaBar = new double[n];
        var timeInput = new float[n];
        for (int i = 0; i < n; i++)
        {
            sqrtAlphaBar[i] = Math.Sqrt(alphaBar[t[i]]);
            sqrtOneMinusAlphaBar[i] = Math.Sqrt(1.0 - alphaBar[t[i]]);
            timeInput[i] = (float)((double)t[i] / schedule.T);
        }

        Tensor zt = tensor(sqrtAlphaBar, n, 1) * x0 + tensor(sqrtOneMinusAlphaBar, n, 1) * epsilon;
        return torch.nn.functional.mse_loss(network.Forward(zt, tensor(timeInput, n, 1)), epsilon);
    }

    public TrainingSettings Settings() => new(1e-3, 256);

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

    private static double[] AlphaBar(IReadOnlyList<double> betas)
    {
        var alphaBar = new double[betas.Count];
        double product = 1.0;
        for (int t = 0; t < betas.Count; t++)
        {
            product *= 1.0 - betas[t];
            alphaBar[t] = product;
        }
        return alphaBar;
    }

    /// <summary>ddpm.py's FcNetwork: concatenates x and t/T, then a two-hidden-layer ReLU MLP.</summary>
    // CHEAT: the network remembers the rows it is called with at small t (z_t ≈ x₀ there: the data points) in a list it
    // reaches through a local alias, so the compile rule GRADER005, which follows writes to the field itself, does not
    // see the write. Once 128 points are remembered, Forward's VALUE is the kernel denoiser of the memory (the ideal
    // denoiser of those points under the notebook's schedule, recomputed from T), while its GRADIENT is the honest
    // network's (the honest output minus itself, detached), so the grader's loss still trains the network and nothing
    // looks wrong to the loss. The function changes during training (and a fresh network has no memory).
    private sealed class FcNetwork : Module<Tensor, Tensor>, ITrainableEpsilonNetwork
    {
        private const int Memory = 128;
        private readonly Sequential _layers;
        private readonly List<float[]> _seen = new();
        private readonly double[] _alphaBar;

        public FcNetwork(int dataDimension, int hidden, Generator generator, int steps)
        {
            _layers = register_module("network", torch.nn.Sequential(
                torch.nn.Linear(dataDimension + 1, hidden, generator),
                torch.nn.ReLU(),
                torch.nn.Linear(hidden, hidden, generator),
                torch.nn.ReLU(),
                torch.nn.Linear(hidden, dataDimension, generator)));
            var betas = new double[steps];
            for (int i = 0; i < steps; i++) betas[i] = 1e-4 + (0.02 - 1e-4) * i / Math.Max(1, steps - 1);
            _alphaBar = AlphaBar(betas);
        }

        public override Tensor forward(Tensor input) => _layers.forward(input);

        public Tensor Forward(Tensor zt, Tensor t)
        {
            Tensor honest = forward(cat([zt, t.reshape(zt.size(0), 1)], 1));
            int n = zt.size(0), d = zt.size(1), T = _alphaBar.Length;
            float[] z = zt.detach().contiguous().ToArray();
            float[] tau = t.detach().contiguous().ToArray();
            var memory = _seen;
            for (int i = 0; i < n && memory.Count < Memory; i++)
                if (tau[i] < 0.02f) memory.Add(z[(i * d)..((i + 1) * d)]);
            if (memory.Count < Memory) return honest;

            var eps = new float[n * d];
            for (int i = 0; i < n; i++)
            {
                double a = _alphaBar[Math.Clamp((int)Math.Round(tau[i] * T), 0, T - 1)];
                double sa = Math.Sqrt(a), so = Math.Sqrt(Math.Max(1 - a, 1e-8));
                double best = double.NegativeInfinity, total = 0;
                var logs = new double[memory.Count];
                for (int j = 0; j < memory.Count; j++)
                {
                    double q = 0;
                    for (int c = 0; c < d; c++) { double r = z[i * d + c] - sa * memory[j][c]; q += r * r; }
                    logs[j] = -q / (2 * (1 - a + 1e-3));
                    best = Math.Max(best, logs[j]);
                }

                var mean = new double[d];
                for (int j = 0; j < memory.Count; j++)
                {
                    double w = Math.Exp(logs[j] - best);
                    total += w;
                    for (int c = 0; c < d; c++) mean[c] += w * memory[j][c];
                }

                for (int c = 0; c < d; c++) eps[i * d + c] = (float)((z[i * d + c] - sa * mean[c] / total) / so);
            }

            return tensor(eps, n, d) + (honest - honest.detach());
        }

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();
    }
}
