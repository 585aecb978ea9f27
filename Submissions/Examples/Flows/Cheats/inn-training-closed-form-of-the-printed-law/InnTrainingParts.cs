using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 2 (c), a cheat (issue 79, class 1: a closed form of the law the sheet states): the flow does
/// not learn the events. Its constructor simulates events from the law the data generator's defaults print (the Z as a
/// Breit–Wigner in m² with M_Z = 91.1876 GeV and Γ_Z = 2.4952 GeV plus a 1 % m⁻⁴ continuum on 40 … 130 GeV, the pair's
/// rapidity N(0, 3.5²), cos θ* from (3/8)(1 + cos²θ*), no pair pT, the cuts pT &gt; 10 GeV and |η| &lt; 2.5), maps them
/// with the improved preprocessing and standardises them by their own mean and std; Forward is the Knothe–Rosenblatt
/// map of a Gaussian kernel density of those events (a smooth bijection onto N(0, I) with its exact log-determinant),
/// followed by a per-feature affine map z = u·exp(s) + b whose six parameters the grader's loop trains honestly. Nothing
/// is written after construction and the same constructor gives a fresh flow the same map.
/// </summary>
public sealed class InnTrainingParts : IInnTrainingParts
{
    private const int Centres = 384;
    private const double Bandwidth = 0.25;

    public ITrainableFlow Model(int dataDimension, Generator generator) => new PrintedLawFlow(dataDimension);

    public Tensor Loss(ITrainableFlow flow, Tensor x)
    {
        var (z, logDet) = flow.Forward(x);
        return (0.5f * (z * z).sum(1) - logDet).mean();
    }

    public TrainingSettings Settings() => new(1e-3, 512);

    // CHEAT: the printed law's events, simulated by the hand-in: the features (ln(pT₁ − 10), artanh(η₁/2.50001),
    // artanh(η₂/2.50001)) of Centres accepted events, standardised by their own mean and population std.
    private static float[] PrintedLawFeatures()
    {
        const double mass = 91.1876, width = 2.4952, low = 40, high = 130, continuum = 0.01, spread = 3.5;
        ulong state = 0x9E3779B97F4A7C15UL;
        double mg = mass * width, a = Math.Atan((low * low - mass * mass) / mg), b = Math.Atan((high * high - mass * mass) / mg);
        var f = new double[Centres * 3];
        int n = 0;
        while (n < Centres)
        {
            double m;
            bool isContinuum = Uniform(ref state) < continuum;
            double u = Uniform(ref state);
            if (isContinuum)
            {
                double lo = Math.Pow(low, -3), hi = Math.Pow(high, -3);
                m = Math.Pow(lo + u * (hi - lo), -1.0 / 3);
            }
            else m = Math.Sqrt(mass * mass + mg * Math.Tan(a + u * (b - a)));
            double y = spread * Normal(ref state);
            double w = 4 * Uniform(ref state) - 2, cube = Math.Cbrt(w + Math.Sqrt(w * w + 1));
            double c = Math.Clamp(cube - 1 / cube, -0.999999999, 0.999999999);
            Uniform(ref state);
            double pt = m / 2 * Math.Sqrt(1 - c * c), eta1 = y + Math.Atanh(c), eta2 = y - Math.Atanh(c);
            if (pt <= 10 * (1 + 1e-6) || Math.Abs(eta1) >= 2.5 || Math.Abs(eta2) >= 2.5) continue;
            f[3 * n] = Math.Log(pt - 10);
            f[3 * n + 1] = Math.Atanh(eta1 / 2.50001);
            f[3 * n + 2] = Math.Atanh(eta2 / 2.50001);
            n++;
        }
        var centres = new float[Centres * 3];
        for (int j = 0; j < 3; j++)
        {
            double s = 0, ss = 0;
            for (int i = 0; i < Centres; i++) s += f[3 * i + j];
            double mean = s / Centres;
            for (int i = 0; i < Centres; i++) ss += (f[3 * i + j] - mean) * (f[3 * i + j] - mean);
            double std = Math.Sqrt(ss / Centres);
            for (int i = 0; i < Centres; i++) centres[3 * i + j] = (float)((f[3 * i + j] - mean) / std);
        }
        return centres;
    }

    private static double Uniform(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        ulong z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }

    private static double Normal(ref ulong state)
    {
        double u1 = Uniform(ref state), u2 = Uniform(ref state);
        return Math.Sqrt(-2 * Math.Log(1 - u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>z = KR(x)·exp(s) + b: the printed law's map, then a per-feature affine map the grader's loop trains.</summary>
    private sealed class PrintedLawFlow : Module, ITrainableFlow
    {
        private readonly int _d;
        private readonly Rosenblatt _map;
        private readonly Tensor _shift, _logScale;

        public PrintedLawFlow(int d)
        {
            if (d != 3) throw new ArgumentException("the printed law's map has three features");
            _d = d;
            _map = new Rosenblatt(PrintedLawFeatures(), d);
            _shift = register_parameter("shift", zeros(d));
            _logScale = register_parameter("log_scale", zeros(d));
        }

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();

        public (Tensor Z, Tensor LogDet) Forward(Tensor x)
        {
            var (u, logDet) = _map.Forward(x.detach().contiguous().ToArray(), x.size(0));
            var z = tensor(u, x.size(0), _d) * _logScale.exp() + _shift;
            return (z, tensor(logDet, x.size(0)) + _logScale.sum());
        }

        public Tensor Inverse(Tensor z)
        {
            using var _ = no_grad();
            var u = ((z - _shift) * (-_logScale).exp()).contiguous().ToArray();
            return tensor(_map.Inverse(u, z.size(0)), z.size(0), _d);
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
