using Grader.Checks.Diffusion.Tolerance;
using Grader.Reference.Flows;

namespace Grader.Reference.Tests.Flows;

/// <summary>One <c>AllInOneBlock</c>'s parameters in double: subnet W₁ [H, p], b₁, W₂ [2q, H], b₂; γ, offset; the mixing W [C, C].</summary>
internal sealed record DoubleBlock(double[,] W1, double[] B1, double[,] W2, double[] B2, double[] Gamma, double[] Offset, double[,] Perm, double Clamp)
{
    public int C => Perm.GetLength(0);

    /// <summary>The parameters of a reference block, read out as doubles (exactly: they are float32).</summary>
    public static DoubleBlock From(AllInOneBlock block)
    {
        var net = (Sequential)block.subnet;
        var l1 = (Linear)net[0];
        var l2 = (Linear)net[2];
        return new DoubleBlock(Matrix(l1.weight), l1.bias!.ToDoubleArray(), Matrix(l2.weight), l2.bias!.ToDoubleArray(),
            block.global_scale.ToDoubleArray(), block.global_offset.ToDoubleArray(), Matrix(block.w_perm), block.Clamp);
    }

    /// <summary>A block with a given subnet (Linear, ReLU, Linear), mixing and clamp, and the global scale 1 and offset 0 (as the contracts' INN blocks).</summary>
    public static DoubleBlock WithoutGlobalAffine(Sequential subnet, Tensor perm, double clamp)
    {
        var l1 = (Linear)subnet[0];
        var l2 = (Linear)subnet[2];
        int c = perm.size(0);
        return new DoubleBlock(Matrix(l1.weight), l1.bias!.ToDoubleArray(), Matrix(l2.weight), l2.bias!.ToDoubleArray(),
            Enumerable.Repeat(double.NaN, c).ToArray(), new double[c], Matrix(perm), clamp);
    }

    public static double[,] Matrix(Tensor t)
    {
        var v = t.contiguous().ToDoubleArray();
        var m = new double[t.size(0), t.size(1)];
        for (int i = 0; i < m.GetLength(0); i++)
            for (int j = 0; j < m.GetLength(1); j++) m[i, j] = v[i * m.GetLength(1) + j];
        return m;
    }

    /// <summary>g = 0.1·softplus_β=0.5(γ) = 0.2·ln(1 + e^(γ/2)) in double; 1 where γ is NaN (no global affine).</summary>
    public double Scale(int j) => double.IsNaN(Gamma[j]) ? 1 : 0.2 * (Math.Max(Gamma[j] / 2, 0) + Math.Log(1 + Math.Exp(-Math.Abs(Gamma[j] / 2))));

    public bool HasGlobalAffine => !double.IsNaN(Gamma[0]);

    /// <summary>W⁻¹ by Gauss–Jordan with partial pivoting, in double.</summary>
    public double[,] PermInverse() => DoubleInn.Invert(Perm);
}

/// <summary>
/// The test's own evaluation of <c>AllInOneBlock</c> chains, independent of the reference's code: plain double
/// arithmetic on arrays, with forward-mode derivatives (the Jacobian ∂out/∂in, exact up to double rounding; ReLU's
/// derivative at 0 is 0 as in PyTorch) and a bound on how far a float32 evaluation of the same formulas may be from the
/// double value (<see cref="Result.Error"/>). Errors pass through non-linear functions by their Lipschitz constant on
/// the whole error interval (ReLU 1, tanh sech² at the interval's point nearest 0, exp at its upper end), products keep
/// the e_a·e_b term, and bounded functions cap the error (|tanh| ≤ 1, |s| ≤ clamp), so the bound holds even where the
/// error is not small (where float32 cannot invert a block, the bound says so by being large). Per operation:
/// <list type="bullet">
/// <item>a sum of n products (matrix rows, with or without a bias): γ_n·Σ|terms| with γ_n = n·u/(1 − n·u), whatever the
/// summation order (BLAS, SIMD, FMA), plus the inputs' errors through |W|;</item>
/// <item>+, −, ·, /: u·|result| plus the inputs' errors through the partial derivatives' absolute values;</item>
/// <item>exp, tanh, log, softplus of the engine: <see cref="T"/> = 8u·|result| (4 ulps; <c>TranscendentalTests</c> measures
/// the engine's), plus the input's error through the derivative;</item>
/// <item>the constant 0.1 of FrEIA, which the reference holds as 0.1f: one more u·|a|.</item>
/// </list>
/// The inverse is evaluated with the exact W⁻¹; an implementation that undoes the mixing with Wᵀ (FrEIA, the reference)
/// is off by |y|·|Wᵀ − W⁻¹|, which <see cref="Inverse"/> adds to the bound when asked (zero for permutation matrices;
/// O(C·u) for a rotation rounded to float32). Bounds are first-order: tests allow twice the bound.
/// </summary>
internal static class DoubleInn
{
    public const double U = 5.9604644775390625e-8;    // 2⁻²⁴
    public const double T = 8 * U;

    /// <summary>Output per sample, its float32 error bound, the Jacobian [C, C] of the output w.r.t. the input, and the analytic log-det with its bound.</summary>
    public sealed record Result(double[] Value, double[] Error, double[,] Jacobian, double LogDet, double LogDetError);

    /// <summary>A vector with its error bound and its derivatives [n, C] w.r.t. the chain's input.</summary>
    private sealed class Vec(double[] v, double[] e, double[,] d)
    {
        public double[] V { get; } = v;
        public double[] E { get; } = e;
        public double[,] D { get; } = d;
        public int N => V.Length;
        public int C => D.GetLength(1);

        public Vec Slice(int start, int length)
        {
            var d = new double[length, C];
            for (int i = 0; i < length; i++)
                for (int k = 0; k < C; k++) d[i, k] = D[start + i, k];
            return new Vec(V[start..(start + length)], E[start..(start + length)], d);
        }

        public static Vec Concat(Vec a, Vec b)
        {
            var d = new double[a.N + b.N, a.C];
            for (int i = 0; i < a.N; i++) for (int k = 0; k < a.C; k++) d[i, k] = a.D[i, k];
            for (int i = 0; i < b.N; i++) for (int k = 0; k < a.C; k++) d[a.N + i, k] = b.D[i, k];
            return new Vec([.. a.V, .. b.V], [.. a.E, .. b.E], d);
        }

        /// <summary>
        /// Element-wise y_i = f(x_i): the Jacobian through the derivative f'(x_i); the error through the Lipschitz constant
        /// of f on [x_i − e_i, x_i + e_i] (<paramref name="lipschitz"/>, so the bound holds however large the error), plus
        /// the rounding of the result (<paramref name="localError"/>), capped at <paramref name="cap"/> for bounded f.
        /// </summary>
        public Vec Map(Func<double, double> f, Func<double, double> df, Func<double, double, double> lipschitz, Func<double, double> localError, double cap = double.PositiveInfinity)
        {
            var v = new double[N]; var e = new double[N]; var d = new double[N, C];
            for (int i = 0; i < N; i++)
            {
                double y = f(V[i]), dy = df(V[i]);
                v[i] = y;
                e[i] = Math.Min(lipschitz(V[i], E[i]) * E[i] + localError(y), cap);
                for (int k = 0; k < C; k++) d[i, k] = dy * D[i, k];
            }
            return new Vec(v, e, d);
        }
    }

    /// <summary>y = M·x + b (b optional), M [m, n].</summary>
    private static Vec Affine(double[,] m, Vec x, double[]? b, double u)
    {
        int rows = m.GetLength(0), n = m.GetLength(1);
        var v = new double[rows]; var e = new double[rows]; var d = new double[rows, x.C];
        double g = Float32Bound.Gamma(n + (b is null ? 0 : 1), u);
        for (int i = 0; i < rows; i++)
        {
            double s = b?[i] ?? 0, abs = Math.Abs(b?[i] ?? 0), prop = 0;
            for (int j = 0; j < n; j++)
            {
                s += m[i, j] * x.V[j];
                abs += Math.Abs(m[i, j]) * (Math.Abs(x.V[j]) + x.E[j]);
                prop += Math.Abs(m[i, j]) * x.E[j];
                for (int k = 0; k < x.C; k++) d[i, k] += m[i, j] * x.D[j, k];
            }
            v[i] = s;
            e[i] = g * abs + prop;
        }
        return new Vec(v, e, d);
    }

    private static double[,] Transpose(double[,] m)
    {
        var t = new double[m.GetLength(1), m.GetLength(0)];
        for (int i = 0; i < m.GetLength(0); i++) for (int j = 0; j < m.GetLength(1); j++) t[j, i] = m[i, j];
        return t;
    }

    /// <summary>(s, t) of the coupling from the passive part: a = 0.1·subnet(x₁), s = clamp·tanh(a_s/clamp), t = a_t.</summary>
    private static (Vec S, Vec T) Coefficients(DoubleBlock b, Vec x1, int q, double u, double t)
    {
        var h = Affine(b.W1, x1, b.B1, u).Map(v => Math.Max(v, 0), v => v > 0 ? 1 : 0, (_, _) => 1, _ => 0);
        var o = Affine(b.W2, h, b.B2, u);
        var a = o.Map(v => 0.1 * v, _ => 0.1, (_, _) => 0.1, y => 2 * u * Math.Abs(y));
        double c = b.Clamp;
        static double Sech2(double v) => 1 / (Math.Cosh(v) * Math.Cosh(v));
        var s = a.Slice(0, q)
            .Map(v => v / c, _ => 1 / c, (_, _) => 1 / c, y => u * Math.Abs(y))
            .Map(Math.Tanh, Sech2, (v, e) => Sech2(Math.Max(Math.Abs(v) - e, 0)), y => t * Math.Abs(y), cap: 2)
            .Map(v => c * v, _ => c, (_, _) => c, y => u * Math.Abs(y), cap: 2 * c);
        return (s, a.Slice(q, q));
    }

    private static (double Value, double Error) Sum(double[] v, double[] e, double u) =>
        (v.Sum(), e.Sum() + Float32Bound.Gamma(Math.Max(v.Length - 1, 0), u) * v.Sum(Math.Abs));

    private static Vec Input(double[] x, double[] error)
    {
        int c = x.Length;
        var d = new double[c, c];
        for (int i = 0; i < c; i++) d[i, i] = 1;
        return new Vec((double[])x.Clone(), (double[])error.Clone(), d);
    }

    private static double[,] Jacobian(Vec v) => (double[,])v.D.Clone();

    /// <summary>The chain applied to one sample x (error bounds for float32 with unit roundoff <paramref name="u"/>; 0 for none).</summary>
    public static Result Forward(IReadOnlyList<DoubleBlock> blocks, double[] x, double u = U, double[]? inputError = null)
    {
        double t = u == 0 ? 0 : T;
        var cur = Input(x, inputError ?? new double[x.Length]);
        double logDet = 0, logDetError = 0;
        foreach (var b in blocks)
        {
            int c = b.C, p = c - c / 2, q = c / 2;
            var x1 = cur.Slice(0, p);
            var x2 = cur.Slice(p, q);
            var (s, shift) = Coefficients(b, x1, q, u, t);
            var es = s.Map(Math.Exp, Math.Exp, (v, e) => Math.Exp(v + e), y => t * Math.Abs(y));
            // y₂ = x₂·e^s + t
            var v = new double[q]; var e = new double[q]; var d = new double[q, cur.C];
            for (int i = 0; i < q; i++)
            {
                double prod = x2.V[i] * es.V[i];
                double prodErr = Math.Abs(es.V[i]) * x2.E[i] + Math.Abs(x2.V[i]) * es.E[i] + x2.E[i] * es.E[i] + u * Math.Abs(prod);
                v[i] = prod + shift.V[i];
                e[i] = prodErr + shift.E[i] + u * Math.Abs(v[i]);
                for (int k = 0; k < cur.C; k++) d[i, k] = es.V[i] * x2.D[i, k] + x2.V[i] * es.D[i, k] + shift.D[i, k];
            }
            var coupled = Vec.Concat(x1, new Vec(v, e, d));
            var (ls, lsErr) = Sum(s.V, s.E, u);
            double blockLogDet = ls, blockLogDetErr = lsErr;
            if (b.HasGlobalAffine)
            {
                var g = Enumerable.Range(0, c).Select(j => b.Scale(j)).ToArray();
                var gErr = g.Select(gj => (t + 4 * u) * gj).ToArray();
                var w = new double[c]; var we = new double[c]; var wd = new double[c, cur.C];
                for (int j = 0; j < c; j++)
                {
                    double prod = coupled.V[j] * g[j];
                    w[j] = prod + b.Offset[j];
                    we[j] = Math.Abs(g[j]) * coupled.E[j] + Math.Abs(coupled.V[j]) * gErr[j] + coupled.E[j] * gErr[j] + u * Math.Abs(prod) + u * Math.Abs(w[j]);
                    for (int k = 0; k < cur.C; k++) wd[j, k] = g[j] * coupled.D[j, k];
                }
                coupled = new Vec(w, we, wd);
                var logs = g.Select(v => Math.Log(v)).ToArray();
                var (lg, lgErr) = Sum(logs, g.Select((gj, j) => gErr[j] / gj + t * Math.Abs(logs[j])).ToArray(), u);
                blockLogDet += lg;
                blockLogDetErr += lgErr + u * Math.Abs(blockLogDet);
            }
            cur = Affine(b.Perm, coupled, null, u);
            logDet += blockLogDet;
            logDetError += blockLogDetErr + u * Math.Abs(logDet);
        }
        return new Result(cur.V, cur.E, Jacobian(cur), logDet, logDetError);
    }

    /// <summary>
    /// The chain's exact inverse applied to one sample z (W⁻¹ in double). With <paramref name="transposeDefect"/>, the
    /// bound also covers an implementation that undoes the mixing with Wᵀ: |Σ_i z_i(Wᵀ − W⁻¹)_ij| ≤ Σ_i |z_i|·|Δ_ij|.
    /// </summary>
    public static Result Inverse(IReadOnlyList<DoubleBlock> blocks, double[] z, double u = U, bool transposeDefect = true, double[]? inputError = null)
    {
        double t = u == 0 ? 0 : T;
        var cur = Input(z, inputError ?? new double[z.Length]);
        double logDet = 0, logDetError = 0;
        for (int bi = blocks.Count - 1; bi >= 0; bi--)
        {
            var b = blocks[bi];
            int c = b.C, p = c - c / 2, q = c / 2;
            var inv = b.PermInverse();
            // w = z·W⁻ᵀ… as a column: w_j = Σ_i z_i (W⁻¹)_ji ⇔ w = W⁻¹ z.
            var w = Affine(inv, cur, null, u);
            if (transposeDefect)
                for (int j = 0; j < c; j++)
                    for (int i = 0; i < c; i++) w.E[j] += Math.Abs(cur.V[i]) * Math.Abs(b.Perm[i, j] - inv[j, i]);
            double blockLogDet = 0, blockLogDetErr = 0;
            if (b.HasGlobalAffine)
            {
                var g = Enumerable.Range(0, c).Select(j => b.Scale(j)).ToArray();
                var gErr = g.Select(gj => (t + 4 * u) * gj).ToArray();
                var v = new double[c]; var e = new double[c]; var d = new double[c, cur.C];
                for (int j = 0; j < c; j++)
                {
                    double diff = w.V[j] - b.Offset[j];
                    double diffErr = w.E[j] + u * Math.Abs(diff);
                    v[j] = diff / g[j];
                    e[j] = (diffErr + Math.Abs(v[j]) * gErr[j]) / (g[j] - gErr[j]) + u * Math.Abs(v[j]);
                    for (int k = 0; k < cur.C; k++) d[j, k] = w.D[j, k] / g[j];
                }
                w = new Vec(v, e, d);
                var logs = g.Select(v => Math.Log(v)).ToArray();
                var (lg, lgErr) = Sum(logs, g.Select((gj, j) => gErr[j] / gj + t * Math.Abs(logs[j])).ToArray(), u);
                blockLogDet -= lg;
                blockLogDetErr += lgErr;
            }
            var u1 = w.Slice(0, p);
            var u2 = w.Slice(p, q);
            var (s, shift) = Coefficients(b, u1, q, u, t);
            var ne = s.Map(v => Math.Exp(-v), v => -Math.Exp(-v), (v, e) => Math.Exp(-v + e), y => t * Math.Abs(y));
            var xv = new double[q]; var xe = new double[q]; var xd = new double[q, cur.C];
            for (int i = 0; i < q; i++)
            {
                double diff = u2.V[i] - shift.V[i];
                double diffErr = u2.E[i] + shift.E[i] + u * Math.Abs(diff);
                xv[i] = diff * ne.V[i];
                xe[i] = Math.Abs(ne.V[i]) * diffErr + Math.Abs(diff) * ne.E[i] + diffErr * ne.E[i] + u * Math.Abs(xv[i]);
                for (int k = 0; k < cur.C; k++) xd[i, k] = ne.V[i] * (u2.D[i, k] - shift.D[i, k]) + diff * ne.D[i, k];
            }
            cur = Vec.Concat(u1, new Vec(xv, xe, xd));
            var (ls, lsErr) = Sum(s.V, s.E, u);
            blockLogDet -= ls;
            blockLogDetErr += lsErr + u * Math.Abs(blockLogDet);
            logDet += blockLogDet;
            logDetError += blockLogDetErr + u * Math.Abs(logDet);
        }
        return new Result(cur.V, cur.E, Jacobian(cur), logDet, logDetError);
    }

    /// <summary>log|det M| by LU with partial pivoting, in double.</summary>
    public static double LogAbsDet(double[,] m) => SignAndLogAbsDet(m).LogAbs;

    /// <summary>The sign of det M and log|det M|, by LU with partial pivoting, in double (0 and −∞ for a singular M).</summary>
    public static (int Sign, double LogAbs) SignAndLogAbsDet(double[,] m)
    {
        int n = m.GetLength(0);
        var a = (double[,])m.Clone();
        int sign = 1;
        double log = 0;
        for (int k = 0; k < n; k++)
        {
            int piv = k;
            for (int i = k + 1; i < n; i++) if (Math.Abs(a[i, k]) > Math.Abs(a[piv, k])) piv = i;
            if (a[piv, k] == 0) return (0, double.NegativeInfinity);
            if (piv != k)
            {
                sign = -sign;
                for (int j = 0; j < n; j++) (a[k, j], a[piv, j]) = (a[piv, j], a[k, j]);
            }

            sign *= Math.Sign(a[k, k]);
            log += Math.Log(Math.Abs(a[k, k]));
            for (int i = k + 1; i < n; i++)
            {
                double f = a[i, k] / a[k, k];
                for (int j = k; j < n; j++) a[i, j] -= f * a[k, j];
            }
        }
        return (sign, log);
    }

    /// <summary>M⁻¹ by Gauss–Jordan with partial pivoting, in double.</summary>
    public static double[,] Invert(double[,] m)
    {
        int n = m.GetLength(0);
        var a = new double[n, 2 * n];
        for (int i = 0; i < n; i++) { for (int j = 0; j < n; j++) a[i, j] = m[i, j]; a[i, n + i] = 1; }
        for (int k = 0; k < n; k++)
        {
            int piv = k;
            for (int i = k + 1; i < n; i++) if (Math.Abs(a[i, k]) > Math.Abs(a[piv, k])) piv = i;
            for (int j = 0; j < 2 * n; j++) (a[k, j], a[piv, j]) = (a[piv, j], a[k, j]);
            double p = a[k, k];
            for (int j = 0; j < 2 * n; j++) a[k, j] /= p;
            for (int i = 0; i < n; i++)
            {
                if (i == k) continue;
                double f = a[i, k];
                for (int j = 0; j < 2 * n; j++) a[i, j] -= f * a[k, j];
            }
        }
        var r = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) r[i, j] = a[i, n + j];
        return r;
    }

    /// <summary>Σ_ij |(J⁻¹)_ji|·|J_ij|: how much relative perturbations of J's entries can move log|det J| (≥ C).</summary>
    public static double Sensitivity(double[,] j)
    {
        var inv = Invert(j);
        double s = 0;
        for (int a = 0; a < j.GetLength(0); a++)
            for (int b = 0; b < j.GetLength(1); b++) s += Math.Abs(inv[b, a]) * Math.Abs(j[a, b]);
        return s;
    }
}
