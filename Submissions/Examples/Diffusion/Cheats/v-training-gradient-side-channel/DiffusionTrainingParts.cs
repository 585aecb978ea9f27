using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 1 (a), with a gradient side channel (issue 79, class 2): the Correct example's network and loss,
/// plus a memory of 256 points and a gate, both parameters, that only a zero-valued term of the loss moves.
/// </summary>
public sealed class DiffusionTrainingParts : IDiffusionTrainingParts
{
    private const int Hidden = 64;

    public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) => new GatedNetwork(dataDimension, T, generator);

    public Tensor Loss(ITrainableEpsilonNetwork network, NoiseSchedule schedule, Tensor x0, int[] t, Tensor epsilon)
    {
        int n = t.Length;
        var product = 1.0;
        var alphaBar = schedule.Betas.Select(b => product *= 1 - b).ToArray();
        Tensor zt = tensor(t.Select(i => Math.Sqrt(alphaBar[i])).ToArray(), n, 1) * x0 + tensor(t.Select(i => Math.Sqrt(1 - alphaBar[i])).ToArray(), n, 1) * epsilon;
        var timeInput = tensor(t.Select(i => (float)((double)i / schedule.T)).ToArray(), n, 1);
        Tensor honest = torch.nn.functional.mse_loss(network.Forward(zt, timeInput), epsilon);

        // CHEAT: a term of value zero whose gradient (≈ 1e-4 of the honest one's norm) pulls every memory row towards its
        // nearest point of the batch and the gate up: only this term moves them, and Adam gives them full-size steps.
        var parameters = network.Parameters();
        Tensor memory = parameters[0], gate = parameters[1];   // registered first
        Tensor pull = memory - Nearest(memory, x0);
        Tensor q = ((pull * pull).sum() - gate.sum()) * 1e-7f;
        return honest + (q - q.detach());
    }

    public TrainingSettings Settings() => new(1e-3, 256);

    /// <summary>For every memory row, the batch point nearest to it (no gradient).</summary>
    private static Tensor Nearest(Tensor memory, Tensor x0)
    {
        int rows = memory.size(0), d = memory.size(1), n = x0.size(0);
        var m = memory.detach().contiguous().ToArray();
        var x = x0.detach().contiguous().ToArray();
        var target = new float[rows * d];
        for (int r = 0; r < rows; r++)
        {
            int best = 0;
            double bestDistance = double.MaxValue;
            for (int i = 0; i < n; i++)
            {
                double distance = 0;
                for (int j = 0; j < d; j++) distance += (m[r * d + j] - x[i * d + j]) * (m[r * d + j] - x[i * d + j]);
                if (distance < bestDistance) { bestDistance = distance; best = i; }
            }

            for (int j = 0; j < d; j++) target[r * d + j] = x[best * d + j];
        }

        return tensor(target, rows, d);
    }

    /// <summary>ddpm.py's FcNetwork, and (CHEAT) a memory and a gate: once the gate is above 3, the kernel denoiser of the memory answers.</summary>
    private sealed class GatedNetwork : Module<Tensor, Tensor>, ITrainableEpsilonNetwork
    {
        private const int MemoryRows = 256;
        private readonly Sequential _layers;
        private readonly Tensor _memory;
        private readonly Tensor _gate;
        private readonly double[] _alphaBar;

        public GatedNetwork(int dataDimension, int T, Generator generator)
        {
            _layers = register_module("network", torch.nn.Sequential(
                torch.nn.Linear(dataDimension + 1, Hidden, generator),
                torch.nn.ReLU(),
                torch.nn.Linear(Hidden, Hidden, generator),
                torch.nn.ReLU(),
                torch.nn.Linear(Hidden, dataDimension, generator)));
            _memory = register_parameter("memory", randn([MemoryRows, dataDimension], generator).requires_grad_());
            _gate = register_parameter("gate", zeros(1).requires_grad_());
            // The notebook's schedule (β linear 1e-4 … 0.02), for the kernel denoiser's ᾱ.
            var product = 1.0;
            _alphaBar = Enumerable.Range(0, T).Select(s => product *= 1 - (1e-4 + (0.02 - 1e-4) * s / Math.Max(1, T - 1))).ToArray();
        }

        public override Tensor forward(Tensor input) => _layers.forward(input);

        public Tensor Forward(Tensor zt, Tensor t)
        {
            Tensor honest = forward(cat([zt, t.reshape(zt.size(0), 1)], 1));
            if (_gate.detach().ToArray()[0] <= 3f) return honest;
            return KernelDenoiser(zt, t) + honest * 0f;
        }

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();

        /// <summary>ε̂ = (z_t − √ᾱ E[x₀ | z_t]) / √(1 − ᾱ), E over the memory rows with Gaussian weights.</summary>
        private Tensor KernelDenoiser(Tensor zt, Tensor t)
        {
            int n = zt.size(0), d = zt.size(1);
            var z = zt.detach().contiguous().ToArray();
            var tau = t.detach().contiguous().reshape(-1).ToArray();
            var m = _memory.detach().contiguous().ToArray();
            var eps = new float[n * d];
            var logits = new double[MemoryRows];
            for (int i = 0; i < n; i++)
            {
                double ab = _alphaBar[Math.Clamp((int)Math.Round(tau[i] * _alphaBar.Length), 0, _alphaBar.Length - 1)];
                double a = Math.Sqrt(ab), s = Math.Sqrt(1 - ab), top = double.MinValue;
                for (int k = 0; k < MemoryRows; k++)
                {
                    double distance = 0;
                    for (int j = 0; j < d; j++) distance += (z[i * d + j] - a * m[k * d + j]) * (z[i * d + j] - a * m[k * d + j]);
                    logits[k] = -distance / (2 * s * s);
                    top = Math.Max(top, logits[k]);
                }

                double weight = 0;
                var mean = new double[d];
                for (int k = 0; k < MemoryRows; k++)
                {
                    double w = Math.Exp(logits[k] - top);
                    weight += w;
                    for (int j = 0; j < d; j++) mean[j] += w * m[k * d + j];
                }

                for (int j = 0; j < d; j++) eps[i * d + j] = (float)((z[i * d + j] - a * mean[j] / weight) / s);
            }

            return tensor(eps, n, d);
        }
    }
}
