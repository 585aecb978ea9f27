using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 1 (a), a legitimate network the sheet allows (Legit/README.md): "float64 inside". Everything the
/// network computes off its parameters is computed in double: the step t·T and a 16-d sinusoidal embedding of it (the
/// notebook's formula, Math.Exp and Math.Sin/Math.Cos on doubles) become the network's input only at the end, as a
/// float32 tensor; the loss's ᾱ_t, √ᾱ_t and √(1 − ᾱ_t) are doubles too. The engine's tensors are float32, so the layers
/// are: [x, t/T, embedding₁₆(t·T)] → 64 → ReLU → 64 → ReLU → d; the settings are the Correct example's (Adam 1e−3, batch 256).
/// </summary>
public sealed class DiffusionTrainingParts : IDiffusionTrainingParts
{
    public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) => new DoubleTimeNetwork(dataDimension, T, generator);

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

    /// <summary>[x, t/T, embedding₁₆(t·T)] → 64 → ReLU → 64 → ReLU → d, the embedding computed in double.</summary>
    private sealed class DoubleTimeNetwork : Module<Tensor, Tensor>, ITrainableEpsilonNetwork
    {
        private const int Half = 8;
        private readonly int _steps;
        private readonly Sequential _layers;

        public DoubleTimeNetwork(int dataDimension, int steps, Generator generator)
        {
            _steps = steps;
            _layers = register_module("network", torch.nn.Sequential(
                torch.nn.Linear(dataDimension + 1 + 2 * Half, 64, generator),
                torch.nn.ReLU(),
                torch.nn.Linear(64, 64, generator),
                torch.nn.ReLU(),
                torch.nn.Linear(64, dataDimension, generator)));
        }

        public override Tensor forward(Tensor input) => _layers.forward(input);

        /// <param name="zt">[N, d].</param>
        /// <param name="t">t/T, [N, 1] or [N].</param>
        public Tensor Forward(Tensor zt, Tensor t)
        {
            int n = zt.size(0);
            return forward(cat([zt, t.reshape(n, 1), tensor(Embedding(t.ToArray(), _steps), n, 2 * Half)], 1));
        }

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();

        /// <summary>
        /// The notebook's sinusoidal embedding of the step s = (t/T)·T, in double: sin(s·ω_i) and cos(s·ω_i), ω_i =
        /// exp(−ln(10000)·i/(Half − 1)), i = 0 … Half − 1; row-major [N, 2·Half].
        /// </summary>
        private static double[] Embedding(float[] fractions, int steps)
        {
            var rows = new double[fractions.Length * 2 * Half];
            double scale = Math.Log(10000.0) / (Half - 1);
            for (int r = 0; r < fractions.Length; r++)
            {
                double step = (double)fractions[r] * steps;
                for (int i = 0; i < Half; i++)
                {
                    double angle = step * Math.Exp(-scale * i);
                    rows[r * 2 * Half + i] = Math.Sin(angle);
                    rows[r * 2 * Half + Half + i] = Math.Cos(angle);
                }
            }

            return rows;
        }
    }
}
