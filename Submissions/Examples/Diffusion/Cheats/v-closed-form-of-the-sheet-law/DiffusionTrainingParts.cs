using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// CHEAT (issue 79, class 1, written fresh): a closed form of the law the sheet prints. ε̂ = g·ε*(z_t, t) + W[z_t, t/T] + b,
/// where ε* is the exact posterior-mean ε-predictor of the sheet's V (arms from the origin to (±2, 3), u ~ U(0, 1) along
/// each, N(0, 0.1²) noise, standardised by its population mean (0, 1.5) and standard deviations (√(4/3 + 0.01),
/// √(0.75 + 0.01))): E[ε | z_t] = (z_t − √ᾱ_t E[x₀ | z_t]) / √(1 − ᾱ_t), E[x₀ | z_t] by a 64-point midpoint rule along
/// each arm, the noise Gaussian in closed form. The gate g (1 at the start) and the linear layer (0 at the start) are
/// its parameters, trained honestly by the grader's loop with a correct loss. On the sheet's own V it beats a trained
/// network; on a V the grader draws for the run it denoises towards the wrong V.
/// </summary>
public sealed class DiffusionTrainingParts : IDiffusionTrainingParts
{
    public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) => new SheetDenoiser(dataDimension, T, generator);

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

    /// <summary>g·ε*(z, t) + W[z, t/T] + b: the sheet's closed form behind a gate and a linear correction.</summary>
    private sealed class SheetDenoiser : Module<Tensor, Tensor>, ITrainableEpsilonNetwork
    {
        private const int Quadrature = 64;
        private const double Noise = 0.1;
        private static double[][] Ends => [[2, 3], [-2, 3]];
        private static double[] Mean => [0, 1.5];
        private static double[] Std => [Math.Sqrt(4.0 / 3 + Noise * Noise), Math.Sqrt(0.75 + Noise * Noise)];
        private readonly int _steps;
        private readonly double[] _alphaBar;
        private readonly Tensor _gate;
        private readonly Tensor _weight;
        private readonly Tensor _bias;

        public SheetDenoiser(int dataDimension, int steps, Generator generator)
        {
            _steps = steps;
            var betas = new double[steps];
            for (int t = 0; t < steps; t++) betas[t] = 1e-4 + (0.02 - 1e-4) * t / Math.Max(steps - 1, 1);
            _alphaBar = AlphaBar(betas);
            _gate = register_parameter("gate", ones([1]).requires_grad_());
            _weight = register_parameter("weight", zeros([dataDimension, dataDimension + 1]));
            _bias = register_parameter("bias", zeros([dataDimension]));
        }

        public override Tensor forward(Tensor input) => torch.nn.functional.linear(input, _weight, _bias);

        public Tensor Forward(Tensor zt, Tensor t)
        {
            int n = zt.size(0), d = zt.size(1);
            Tensor tau = t.reshape(n, 1);
            float[] z = zt.detach().contiguous().ToArray();
            float[] time = tau.detach().contiguous().ToArray();
            var eps = new float[n * d];
            for (int i = 0; i < n; i++)
            {
                int k = Math.Clamp((int)Math.Round(time[i] * _steps), 0, _steps - 1);
                double a = _alphaBar[k], sa = Math.Sqrt(a), so = Math.Sqrt(1 - a);
                double zx = z[i * d], zy = z[i * d + 1];
                // x₀ | arm, u ~ N(μ(u), D²), D = 0.1/std; z | u ~ N(√ᾱ μ, ᾱD² + (1 − ᾱ)).
                double vx = a * Noise * Noise / (Std[0] * Std[0]) + (1 - a), vy = a * Noise * Noise / (Std[1] * Std[1]) + (1 - a);
                double kx = sa * Noise * Noise / (Std[0] * Std[0]) / vx, ky = sa * Noise * Noise / (Std[1] * Std[1]) / vy;
                double best = double.NegativeInfinity;
                var logs = new double[2 * Quadrature];
                var mx = new double[2 * Quadrature];
                var my = new double[2 * Quadrature];
                for (int arm = 0; arm < 2; arm++)
                    for (int q = 0; q < Quadrature; q++)
                    {
                        double w = (q + 0.5) / Quadrature, j = arm * Quadrature + q;
                        double ux = (Ends[arm][0] * w - Mean[0]) / Std[0], uy = (Ends[arm][1] * w - Mean[1]) / Std[1];
                        double rx = zx - sa * ux, ry = zy - sa * uy;
                        logs[(int)j] = -0.5 * (rx * rx / vx + ry * ry / vy);
                        mx[(int)j] = ux + kx * rx;
                        my[(int)j] = uy + ky * ry;
                        best = Math.Max(best, logs[(int)j]);
                    }
                double total = 0, ex = 0, ey = 0;
                for (int j = 0; j < logs.Length; j++)
                {
                    double w = Math.Exp(logs[j] - best);
                    total += w;
                    ex += w * mx[j];
                    ey += w * my[j];
                }
                eps[i * d] = (float)((zx - sa * ex / total) / so);
                eps[i * d + 1] = (float)((zy - sa * ey / total) / so);
            }

            return _gate * tensor(eps, n, d) + forward(cat([zt, tau], 1));
        }

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();
    }
}
