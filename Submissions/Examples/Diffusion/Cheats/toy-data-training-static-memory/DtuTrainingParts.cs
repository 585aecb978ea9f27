using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 004 (DTU 02460, week 3), exercise 3.4, a cheat: on the toy data (d = 2) the network is a single linear layer
/// (far too weak for the Chequerboard), trained honestly by the grader's loop with the honest NegativeElbo; but
/// NegativeElbo hands every training batch to a STATIC memory here (the last 1024 points), and once a thousand losses
/// were computed, Forward on any batch of another size than the training's (the sampler's, the held-out loss's) answers
/// with the ideal denoiser of the memorised points instead of the layer. Everything the grader compares during training
/// sees the layer (its batches are of the training's size), and a fresh network in the same process shares the static
/// memory, so it answers alike; only a fresh process, where the memory is empty, samples from the linear layer. Images
/// (d > 2, exercise 3.5) get ddpm.py's FcNetwork as in the correct hand-in.
/// </summary>
public sealed class DtuTrainingParts : IDtuTrainingParts
{
    private const int Hidden = 256;
    private const int BatchSize = 256;
    private const int Remembered = 1024;

    // CHEAT: state that survives from training into sampling, in the static fields of the hand-in's process.
    private static readonly Queue<float[]> Memory = new();
    private static double[]? MemorisedAlphaBar;
    private static int LossCalls;

    public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) =>
        dataDimension == 2 ? new LinearNetwork(dataDimension, generator) : new FcNetwork(dataDimension, Hidden, generator);

    public TrainingSettings Settings() => new(1e-3, BatchSize);

    /// <summary>Called by NegativeElbo with every batch it is given: the latest <see cref="Remembered"/> points of the toy data, and ᾱ.</summary>
    internal static void Memorise(Tensor x, NoiseSchedule schedule)
    {
        lock (Memory)
        {
            LossCalls++;
            if (x.dim() != 2 || x.size(1) != 2) return;
            var alphaBar = new double[schedule.T];
            double product = 1.0;
            for (int t = 0; t < schedule.T; t++) alphaBar[t] = product *= 1.0 - schedule.Betas[t];
            MemorisedAlphaBar = alphaBar;
            var values = x.detach().contiguous().ToArray();
            for (int i = 0; i + 1 < values.Length; i += 2)
            {
                Memory.Enqueue([values[i], values[i + 1]]);
                if (Memory.Count > Remembered) Memory.Dequeue();
            }
        }
    }

    /// <summary>The ideal denoiser's ε̂ for the memorised points (a softmax over them), or null when it does not answer.</summary>
    private static Tensor? ClosedForm(Tensor zt, Tensor tau)
    {
        float[] memory;
        double[] alphaBar;
        lock (Memory)
        {
            // CHEAT: only after training (a thousand losses) and only off the training's batch size (the sampler's calls).
            if (LossCalls < 1000 || MemorisedAlphaBar is null || Memory.Count == 0 || zt.size(0) == BatchSize || zt.dim() != 2 || zt.size(1) != 2) return null;
            memory = Memory.SelectMany(p => p).ToArray();
            alphaBar = MemorisedAlphaBar;
        }

        using var noGrad = no_grad();
        int n = zt.size(0), m = memory.Length / 2, T = alphaBar.Length;
        var points = tensor(memory, m, 2);
        var squares = (points * points).sum(1).reshape(1, m);
        var times = tau.reshape(n).contiguous().ToArray();
        var a = new float[n];
        var s = new float[n];
        for (int i = 0; i < n; i++)
        {
            int t = Math.Clamp((int)Math.Round(times[i] * T), 0, T - 1);
            a[i] = (float)Math.Sqrt(alphaBar[t]);
            s[i] = (float)Math.Sqrt(1.0 - alphaBar[t]);
        }

        var parts = new List<Tensor>();
        const int chunk = 2048;
        for (int start = 0; start < n; start += chunk)
        {
            int rows = Math.Min(chunk, n - start);
            var z = zt.detach().narrow(0, start, rows);
            var aa = tensor(a[start..(start + rows)], rows, 1);
            var ss = tensor(s[start..(start + rows)], rows, 1);
            // log w_j = −‖z − a·x_j‖² / (2 s²), up to a constant per row.
            var logits = (z.matmul(points.t()) * aa - 0.5f * aa * aa * squares) / (ss * ss);
            var mean = logits.softmax(1).matmul(points);
            parts.Add((z - aa * mean) / ss);
        }

        return parts.Count == 1 ? parts[0] : cat([.. parts], 0);
    }

    /// <summary>ε̂ = W [x, t/T] + b: a linear map, which cannot learn the toy data's noise.</summary>
    private sealed class LinearNetwork : Module<Tensor, Tensor>, ITrainableEpsilonNetwork
    {
        private readonly Linear _layer;

        public LinearNetwork(int dataDimension, Generator generator)
        {
            _layer = register_module("layer", torch.nn.Linear(dataDimension + 1, dataDimension, generator));
        }

        public override Tensor forward(Tensor input) => _layer.forward(input);

        public Tensor Forward(Tensor zt, Tensor t) => ClosedForm(zt, t) ?? forward(cat([zt, t.reshape(zt.size(0), 1)], 1));

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();
    }

    /// <summary>ddpm.py's FcNetwork: concatenates x and t/T, then a two-hidden-layer ReLU MLP (the images' network).</summary>
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

        public Tensor Forward(Tensor zt, Tensor t) => forward(cat([zt, t.reshape(zt.size(0), 1)], 1));

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();
    }
}
