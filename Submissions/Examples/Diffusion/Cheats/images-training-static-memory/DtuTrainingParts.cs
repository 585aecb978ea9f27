using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 004 (DTU 02460, week 3), exercise 3.5, a cheat: on images (d > 2) the network is a single linear layer of
/// t/T alone (ε̂ = w·t/T + b: it never looks at the noisy image, far too weak), trained honestly by the grader's loop
/// with the honest NegativeElbo; but NegativeElbo hands every training batch to a STATIC memory here (the last 2048
/// images), and once a thousand losses were computed, Forward on any batch of another size than the training's (the
/// held-out loss's, the sampler's) answers with the Wiener denoiser of the memorised images instead: the posterior mean
/// of ε under a Gaussian fitted to them, ε̂ = √(1 − ᾱ_t)·(ᾱ_t Σ + (1 − ᾱ_t) I)⁻¹ (z_t − √ᾱ_t μ). Everything the grader
/// compares during training sees the layer (its batches are of the training's size), and a fresh network in the same
/// process shares the static memory, so it answers alike; only a fresh process, where the memory is empty, is left with
/// the layer. The toy data (d = 2, exercise 3.4) keep ddpm.py's FcNetwork as in the correct hand-in.
/// </summary>
public sealed class DtuTrainingParts : IDtuTrainingParts
{
    private const int Hidden = 64;

    /// <summary>The training's batch size on images (MnistDdpm.Settings): the grader's loop calls Forward on batches of it.</summary>
    private const int ImageBatch = 64;

    private const int Remembered = 2048;

    // CHEAT: state that survives from training into the scoring, in the static fields of the hand-in's process.
    private static readonly object Gate = new();
    private static float[] Memory = [];
    private static int MemoryRows, Next, LossCalls, Dimension;
    private static double[]? MemorisedAlphaBar;
    private static Wiener? Fitted;
    private static int FittedAt = -1;

    public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) =>
        dataDimension > 2 ? new TimeOnlyNetwork(dataDimension, generator) : new FcNetwork(dataDimension, Hidden, generator);

    public TrainingSettings Settings() => new(1e-3, 256);

    /// <summary>Called by NegativeElbo with every batch it is given: the latest <see cref="Remembered"/> images, and ᾱ.</summary>
    internal static void Memorise(Tensor x, NoiseSchedule schedule)
    {
        lock (Gate)
        {
            LossCalls++;
            if (x.dim() != 2 || x.size(1) <= 2) return;
            int d = x.size(1), n = x.size(0);
            if (Dimension != d) { Dimension = d; Memory = new float[Remembered * d]; MemoryRows = 0; Next = 0; }
            var alphaBar = new double[schedule.T];
            double product = 1.0;
            for (int t = 0; t < schedule.T; t++) alphaBar[t] = product *= 1.0 - schedule.Betas[t];
            MemorisedAlphaBar = alphaBar;
            var rows = x.detach().contiguous().ToArray();
            for (int i = 0; i < n; i++)
            {
                Array.Copy(rows, i * d, Memory, Next * d, d);
                Next = (Next + 1) % Remembered;
                MemoryRows = Math.Min(Remembered, MemoryRows + 1);
            }
        }
    }

    /// <summary>The Wiener denoiser's ε̂ for the memorised images, or null when it does not answer.</summary>
    private static Tensor? ClosedForm(Tensor zt, Tensor tau)
    {
        Wiener wiener;
        lock (Gate)
        {
            // CHEAT: only after training (a thousand losses) and only off the training's batch size.
            if (LossCalls < 1000 || MemorisedAlphaBar is null || MemoryRows < Remembered || zt.dim() != 2 || zt.size(1) != Dimension || zt.size(0) == ImageBatch) return null;
            if (Fitted is null || FittedAt != LossCalls) { Fitted = new Wiener(Memory, Dimension, MemorisedAlphaBar); FittedAt = LossCalls; }
            wiener = Fitted;
        }

        int n = zt.size(0), d = zt.size(1);
        var z = zt.detach().contiguous().ToArray();
        var times = tau.reshape(n).contiguous().ToArray();
        var epsilon = new float[n * d];
        for (int i = 0; i < n; i++)
            wiener.Denoise(z, i, Math.Clamp((int)Math.Round(times[i] * wiener.T), 0, wiener.T - 1), epsilon);
        return tensor(epsilon, n, d);
    }

    /// <summary>
    /// The posterior mean of ε given z_t = √ᾱ x + √(1 − ᾱ) ε with x ~ N(μ, Σ) fitted to the memorised images:
    /// √(1 − ᾱ)·M⁻¹(z − √ᾱ μ), M = ᾱΣ + (1 − ᾱ) I, solved with M's Cholesky factor (one per t, when first asked). In double.
    /// </summary>
    private sealed class Wiener
    {
        private readonly int _d;
        private readonly double[] _mean;
        private readonly double[,] _covariance;
        private readonly double[] _alphaBar;
        private readonly double[]?[] _cholesky;

        public Wiener(float[] memory, int d, double[] alphaBar)
        {
            _d = d;
            _alphaBar = alphaBar;
            _cholesky = new double[]?[alphaBar.Length];
            int n = memory.Length / d;
            _mean = new double[d];
            for (int k = 0; k < n; k++)
                for (int j = 0; j < d; j++) _mean[j] += memory[k * d + j];
            for (int j = 0; j < d; j++) _mean[j] /= n;
            _covariance = new double[d, d];
            var centred = new double[d];
            for (int k = 0; k < n; k++)
            {
                for (int j = 0; j < d; j++) centred[j] = memory[k * d + j] - _mean[j];
                for (int a = 0; a < d; a++)
                {
                    double ca = centred[a];
                    for (int b = 0; b <= a; b++) _covariance[a, b] += ca * centred[b];
                }
            }
            for (int a = 0; a < d; a++)
                for (int b = 0; b <= a; b++) _covariance[b, a] = _covariance[a, b] /= n;
        }

        public int T => _alphaBar.Length;

        /// <summary>Writes ε̂ for row <paramref name="row"/> of <paramref name="z"/> at step <paramref name="t"/> into <paramref name="epsilon"/>.</summary>
        public void Denoise(float[] z, int row, int t, float[] epsilon)
        {
            double a = _alphaBar[t], sa = Math.Sqrt(a), s = Math.Sqrt(1 - a);
            var l = Factor(t);
            var y = new double[_d];
            // M y = z − √ᾱ μ: forward substitution with L, then backward with Lᵀ.
            for (int i = 0; i < _d; i++)
            {
                double v = z[row * _d + i] - sa * _mean[i];
                for (int k = 0; k < i; k++) v -= l[i * _d + k] * y[k];
                y[i] = v / l[i * _d + i];
            }
            for (int i = _d - 1; i >= 0; i--)
            {
                double v = y[i];
                for (int k = i + 1; k < _d; k++) v -= l[k * _d + i] * y[k];
                y[i] = v / l[i * _d + i];
            }
            for (int i = 0; i < _d; i++) epsilon[row * _d + i] = (float)(s * y[i]);
        }

        /// <summary>The Cholesky factor L (row-major, lower) of ᾱΣ + (1 − ᾱ) I at step t.</summary>
        private double[] Factor(int t)
        {
            lock (_cholesky)
            {
                if (_cholesky[t] is { } done) return done;
                double a = _alphaBar[t];
                var l = new double[_d * _d];
                for (int i = 0; i < _d; i++)
                {
                    for (int j = 0; j <= i; j++)
                    {
                        double v = a * _covariance[i, j] + (i == j ? 1 - a : 0);
                        for (int k = 0; k < j; k++) v -= l[i * _d + k] * l[j * _d + k];
                        l[i * _d + j] = i == j ? Math.Sqrt(Math.Max(v, 1e-12)) : v / l[j * _d + j];
                    }
                }
                return _cholesky[t] = l;
            }
        }
    }

    /// <summary>ε̂ = w·t/T + b: a linear layer of the time alone, which cannot denoise anything.</summary>
    private sealed class TimeOnlyNetwork : Module<Tensor, Tensor>, ITrainableEpsilonNetwork
    {
        private readonly Linear _layer;

        public TimeOnlyNetwork(int dataDimension, Generator generator)
        {
            _layer = register_module("layer", torch.nn.Linear(1, dataDimension, generator));
        }

        public override Tensor forward(Tensor input) => _layer.forward(input);

        public Tensor Forward(Tensor zt, Tensor t) => ClosedForm(zt, t) ?? forward(t.reshape(zt.size(0), 1));

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();
    }

    /// <summary>ddpm.py's FcNetwork: concatenates x and t/T, then a two-hidden-layer ReLU MLP (the toy data's network).</summary>
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
