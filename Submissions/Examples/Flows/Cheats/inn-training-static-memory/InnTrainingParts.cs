using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 2 (c), a cheat: the flow is a per-feature affine map z = (x − b)·exp(s) (a diagonal Gaussian, far
/// too weak for the events, and started too wide: s = 1), trained honestly by the grader's loop with the honest loss;
/// but Forward memorises the last events of the training's batches (its batch size, 512) in a STATIC field, and once
/// it has answered four hundred training-size batches, the flow's Forward on every batch of another size (the grader's
/// scoring) and its Inverse (never called in training) answer with the Knothe–Rosenblatt map of a Gaussian kernel
/// density of the memorised events: z_j = Φ⁻¹(F(x_j | x_&lt;j)), a smooth bijection onto N(0, I) whose log-determinant
/// is exact, log p(x) − Σ log φ(z_j). Every training step sees the affine map (its batches are of the training's size),
/// and a fresh flow in the same process shares the static memory, so it answers alike; only a fresh process, where the
/// memory is empty, is left with the affine map. (Until issue 79 it counted Loss calls; the grader's loop now calls
/// Loss on 8 replayed batches only, so it counts the one Forward call a training step makes, as
/// <c>Diffusion/Cheats/v-training-static-memory</c> does.)
/// </summary>
public sealed class InnTrainingParts : IInnTrainingParts
{
    private const int BatchSize = 512;
    private const int Remembered = 1024;
    private const int ForwardsBeforeMemory = 400;
    private const double Bandwidth = 0.2;

    // CHEAT: state that survives from training into the scoring, in the static fields of the hand-in's process.
    private static readonly object Gate = new();
    private static float[] Memory = [];
    private static int MemoryRows, Next, TrainingForwards, Dimension;

    public ITrainableFlow Model(int dataDimension, Generator generator) => new AffineFlow(dataDimension);

    public Tensor Loss(ITrainableFlow flow, Tensor x)
    {
        var (z, logDet) = flow.Forward(x);
        return (0.5f * (z * z).sum(1) - logDet).mean();
    }

    public TrainingSettings Settings() => new(1e-3, BatchSize);

    /// <summary>A training-size batch (a training step's Forward): memorised and counted.</summary>
    private static void Memorise(Tensor x)
    {
        var rows = x.detach().contiguous().ToArray();
        int d = x.size(1), n = x.size(0);
        lock (Gate)
        {
            if (Dimension != d) { Dimension = d; Memory = new float[Remembered * d]; MemoryRows = 0; Next = 0; TrainingForwards = 0; }
            for (int i = 0; i < n; i++)
            {
                Array.Copy(rows, i * d, Memory, Next * d, d);
                Next = (Next + 1) % Remembered;
                MemoryRows = Math.Min(Remembered, MemoryRows + 1);
            }
            TrainingForwards++;
        }
    }

    /// <summary>The memorised events once four hundred training-size batches were answered, else null.</summary>
    private static float[]? ClosedFormCentres(int d)
    {
        lock (Gate)
        {
            if (TrainingForwards < ForwardsBeforeMemory || Dimension != d || MemoryRows < Remembered) return null;
            return (float[])Memory.Clone();
        }
    }

    /// <summary>The honest flow: z = (x − b)·exp(s) per feature.</summary>
    private sealed class AffineFlow : Module, ITrainableFlow
    {
        private readonly int _d;
        private readonly Tensor _shift, _logScale;

        public AffineFlow(int d)
        {
            _d = d;
            _shift = register_parameter("shift", tensor(new float[d], d));
            _logScale = register_parameter("log_scale", tensor(Enumerable.Repeat(1f, d).ToArray(), d));
        }

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();

        public (Tensor Z, Tensor LogDet) Forward(Tensor x)
        {
            if (x.size(0) == BatchSize) Memorise(x);
            else if (ClosedFormCentres(_d) is { } centres)
            {
                var (z, logDet) = new Rosenblatt(centres, _d).Forward(x.detach().contiguous().ToArray(), x.size(0));
                return (tensor(z, x.size(0), _d), tensor(logDet, x.size(0)));
            }
            var scaled = (x - _shift) * _logScale.exp();
            return (scaled, full([x.size(0)], 0f) + _logScale.sum());
        }

        public Tensor Inverse(Tensor z)
        {
            if (ClosedFormCentres(_d) is { } centres)
                return tensor(new Rosenblatt(centres, _d).Inverse(z.detach().contiguous().ToArray(), z.size(0)), z.size(0), _d);
            using var _ = no_grad();
            return z * (-_logScale).exp() + _shift;
        }
    }

    /// <summary>
    /// The Knothe–Rosenblatt map of the Gaussian kernel density Σ_k π_k Π_j φ((x_j − c_kj)/h_k)/h_k (the memorised events
    /// at bandwidth h, and one broad centre): coordinate j goes to Φ⁻¹ of its conditional distribution function given the
    /// coordinates before it, F_j = Σ_k w_k Φ((x_j − c_kj)/h_k) with w_k ∝ π_k Π_{i&lt;j} φ((x_i − c_ki)/h_k)/h_k. In double.
    /// </summary>
    private sealed class Rosenblatt
    {
        private readonly int _n, d;
        private readonly double[] centres, _h, _logH, _logPrior;

        /// <summary>The memorised events as centres of bandwidth h, and one broad centre (the standard normal, twice as wide, weight 1 %) so that no event is far out in the tails.</summary>
        public Rosenblatt(float[] memory, int dimension)
        {
            d = dimension;
            int m = memory.Length / d;
            _n = m + 1;
            centres = new double[_n * d];
            for (int i = 0; i < m * d; i++) centres[i] = memory[i];
            _h = new double[_n];
            _logPrior = new double[_n];
            for (int k = 0; k < m; k++) { _h[k] = Bandwidth; _logPrior[k] = Math.Log(0.99 / m); }
            _h[m] = 2;
            _logPrior[m] = Math.Log(0.01);
            _logH = _h.Select(h => Math.Log(h)).ToArray();
        }

        public (float[] Z, float[] LogDet) Forward(float[] x, int rows)
        {
            var z = new float[rows * d];
            var logDet = new float[rows];
            var logW = new double[_n];
            var row = new double[d];
            for (int r = 0; r < rows; r++)
            {
                for (int j = 0; j < d; j++) row[j] = x[r * d + j];
                double total = 0;
                for (int j = 0; j < d; j++)
                {
                    Weights(row, j, logW);
                    var (zj, logDensity) = Coordinate(row[j], j, logW);
                    z[r * d + j] = (float)zj;
                    total += logDensity - LogPhi(zj);
                }
                logDet[r] = (float)total;
            }
            return (z, logDet);
        }

        public float[] Inverse(float[] z, int rows)
        {
            var x = new float[rows * d];
            var logW = new double[_n];
            var row = new double[d];
            for (int r = 0; r < rows; r++)
            {
                for (int j = 0; j < d; j++)
                {
                    Weights(row, j, logW);
                    row[j] = Solve(z[r * d + j], j, logW);
                    x[r * d + j] = (float)row[j];
                }
            }
            return x;
        }

        /// <summary>Normalised log-weights of the centres given coordinates 0 … j − 1 (−∞ for negligible ones).</summary>
        private void Weights(double[] row, int j, double[] logW)
        {
            double max = double.NegativeInfinity;
            for (int k = 0; k < _n; k++)
            {
                double s = _logPrior[k];
                for (int i = 0; i < j; i++) { double u = (row[i] - centres[k * d + i]) / _h[k]; s -= 0.5 * u * u + _logH[k]; }
                logW[k] = s;
                if (s > max) max = s;
            }
            double sum = 0;
            for (int k = 0; k < _n; k++)
            {
                if (logW[k] < max - 40) { logW[k] = double.NegativeInfinity; continue; }
                sum += Math.Exp(logW[k] - max);
            }
            double log = max + Math.Log(sum);
            for (int k = 0; k < _n; k++) logW[k] -= log;
        }

        /// <summary>z = Φ⁻¹(F_j(v)) and log of the conditional density at v.</summary>
        private (double Z, double LogDensity) Coordinate(double v, int j, double[] logW)
        {
            double below = 0, above = 0, maxLog = double.NegativeInfinity;
            for (int k = 0; k < _n; k++)
                if (!double.IsNegativeInfinity(logW[k])) maxLog = Math.Max(maxLog, logW[k] - 0.5 * Sq((v - centres[k * d + j]) / _h[k]) - _logH[k]);
            double density = 0;
            for (int k = 0; k < _n; k++)
            {
                if (double.IsNegativeInfinity(logW[k])) continue;
                double w = Math.Exp(logW[k]), u = (v - centres[k * d + j]) / _h[k];
                // Nine bandwidths away a memorised centre adds its whole weight to one side and nothing (below 10⁻¹⁸ of its
                // weight) to the density or the other side: negligible beside the broad centre, which is never skipped.
                if (k != _n - 1 && u > 9) { below += w; continue; }
                if (k != _n - 1 && u < -9) { above += w; continue; }
                below += w * Cnd(u);
                above += w * Cnd(-u);
                density += Math.Exp(logW[k] - 0.5 * u * u - _logH[k] - maxLog);
            }
            double logDensity = maxLog + Math.Log(density) - 0.5 * Math.Log(2 * Math.PI);
            double z = below < above ? InverseCnd(Math.Max(below, 1e-300)) : -InverseCnd(Math.Max(above, 1e-300));
            return (z, logDensity);
        }

        /// <summary>The v with Φ⁻¹(F_j(v)) = target: Newton in z-space, kept in a bracket by bisection.</summary>
        private double Solve(double target, int j, double[] logW)
        {
            double lo = double.PositiveInfinity, hi = double.NegativeInfinity, mean = 0;
            for (int k = 0; k < _n; k++)
            {
                if (double.IsNegativeInfinity(logW[k])) continue;
                double c = centres[k * d + j];
                lo = Math.Min(lo, c - 40 * _h[k]);
                hi = Math.Max(hi, c + 40 * _h[k]);
                mean += Math.Exp(logW[k]) * c;
            }
            double v = Math.Clamp(mean + target * Bandwidth, lo, hi);
            for (int iteration = 0; iteration < 100; iteration++)
            {
                var (z, logDensity) = Coordinate(v, j, logW);
                double gap = z - target;
                if (gap > 0) hi = v; else lo = v;
                double slope = Math.Exp(logDensity - LogPhi(z));
                double next = v - gap / slope;
                if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
                if (Math.Abs(next - v) < 1e-12 * (1 + Math.Abs(v)) || hi - lo < 1e-13) return next;
                v = next;
            }
            return v;
        }

        private static double Sq(double a) => a * a;

        private static double LogPhi(double z) => -0.5 * z * z - 0.5 * Math.Log(2 * Math.PI);
    }

    /// <summary>Φ(x), the standard normal distribution function (Hart's algorithm, double precision; West 2005).</summary>
    private static double Cnd(double x)
    {
        double a = Math.Abs(x), c;
        if (a > 37) c = 0;
        else
        {
            double e = Math.Exp(-a * a / 2);
            if (a < 7.07106781186547)
            {
                double b = 3.52624965998911E-02 * a + 0.700383064443688;
                b = b * a + 6.37396220353165;
                b = b * a + 33.912866078383;
                b = b * a + 112.079291497871;
                b = b * a + 221.213596169931;
                b = b * a + 220.206867912376;
                c = e * b;
                b = 8.83883476483184E-02 * a + 1.75566716318264;
                b = b * a + 16.064177579207;
                b = b * a + 86.7807322029461;
                b = b * a + 296.564248779674;
                b = b * a + 637.333633378831;
                b = b * a + 793.826512519948;
                b = b * a + 440.413735824752;
                c /= b;
            }
            else
            {
                double b = a + 0.65;
                b = a + 4 / b;
                b = a + 3 / b;
                b = a + 2 / b;
                b = a + 1 / b;
                c = e / b / 2.506628274631;
            }
        }
        return x > 0 ? 1 - c : c;
    }

    /// <summary>Φ⁻¹(p) for p in (0, ½] and above (Acklam's rational approximation, refined by one Halley step on <see cref="Cnd"/>).</summary>
    private static double InverseCnd(double p)
    {
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] e = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        double x;
        if (p < 0.02425)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((e[0] * q + e[1]) * q + e[2]) * q + e[3]) * q + 1);
        }
        else if (p <= 1 - 0.02425)
        {
            double q = p - 0.5, r = q * q;
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        }
        else
        {
            double q = Math.Sqrt(-2 * Math.Log(1 - p));
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((e[0] * q + e[1]) * q + e[2]) * q + e[3]) * q + 1);
        }
        double error = Cnd(x) - p;
        double u = error * Math.Sqrt(2 * Math.PI) * Math.Exp(x * x / 2);
        return x - u / (1 + x * u / 2);
    }
}
