using Grader.Checks.Diffusion.Tolerance;
using Grader.Checks.Flows.Support;

namespace Grader.Checks.Hidden.Flows;

/// <summary>
/// One block of a chain as <see cref="CouplingChain"/> evaluates it: the subnet's weights (float32 numbers held in
/// double) and the block's mixing matrix P [C, C] (null for a bare coupling block), applied after the coupling as
/// y = c·Pᵀ.
/// </summary>
public sealed record DoubleCouplingBlock(double[,] W1, double[] B1, double[,] W2, double[] B2, SubnetActivation Activation, double[,]? Mixing)
{
    /// <summary>The block of a grader subnet and an optional mixing matrix.</summary>
    public static DoubleCouplingBlock Of(FixedSubnet subnet, Tensor? mixing = null)
    {
        ArgumentNullException.ThrowIfNull(subnet);
        return new(subnet.W1, subnet.B1, subnet.W2, subnet.B2, subnet.Spec.Activation, mixing is null ? null : CouplingChain.Matrix(mixing));
    }

    /// <summary>Channels C: the subnet's inputs plus half its outputs.</summary>
    public int Channels => W1.GetLength(1) + W2.GetLength(0) / 2;
}

/// <summary>
/// The log-scales s of one coupling as a chain evaluation met them (in the order the couplings were applied), with a
/// bound on the float32 error of each.
/// </summary>
public sealed record LogScales(double[] Value, double[] Error);

/// <summary>
/// A chain evaluated at one sample: the output in double, a first-order bound on how far a float32 evaluation of the
/// same formulas may be from it (per channel), the Jacobian ∂output/∂input [C, C] (forward mode, exact up to double
/// rounding; ReLU's derivative at 0 is 0, as in PyTorch), and every coupling's log-scales.
/// </summary>
public sealed record ChainEvaluation(double[] Value, double[] Error, double[,] Jacobian, IReadOnlyList<LogScales> LogScales);

/// <summary>
/// The grader's own double-precision evaluation of chains of affine coupling blocks as the contracts define them
/// (<c>IAffineCouplingBlock</c>, <c>IInvertibleNeuralNetwork</c>): x splits into x₁ (the first C − ⌊C/2⌋ channels) and
/// x₂; a = 0.1·subnet(x₁); s = clamp·tanh(a_s/clamp) from the first ⌊C/2⌋ columns, t from the last; y = (x₁, x₂ ⊙ eˢ + t),
/// then the block's mixing. Independent of the reference's code; it gives the tolerances of the flow checks.
/// <para>
/// <b>Float32 error bound</b> (running error analysis, Higham §3): per operation, a sum of n products (matrix rows,
/// with or without a bias) γ_n·Σ|terms| with γ_n = n·u/(1 − n·u), whatever the summation order (BLAS, SIMD, FMA),
/// plus the inputs' errors through |W|; +, −, ·, / u·|result| plus the inputs' errors through the partial derivatives'
/// absolute values; exp and tanh <see cref="T"/> = 8u·|result| (4 ulps) plus the input's error through the largest
/// derivative on the whole error interval (tanh: sech² at the interval's point nearest 0; exp: at its upper end), so
/// the bound holds even where the error is not small; the constant 0.1, which a hand-in may hold as 0.1f, one more
/// 2u·|a|. The soft clamp's tanh has an absolute floor besides (<see cref="SoftClampFloor"/>). Bounded functions cap
/// the error (|tanh| ≤ 1, |s| ≤ clamp). Products keep the e_a·e_b term. The bound is
/// first order: checks allow twice it.
/// </para>
/// <para>
/// The inverse is evaluated with the exact P⁻¹; an implementation that undoes the mixing with Pᵀ is off by
/// |y|·|Pᵀ − P⁻¹|, which <see cref="Inverse"/> adds to the bound (zero for a permutation matrix, O(C·u) for a rotation
/// rounded to float32).
/// </para>
/// </summary>
public static class CouplingChain
{
    /// <summary>Unit roundoff of float32, 2⁻²⁴.</summary>
    public const double U = 5.9604644775390625e-8;

    /// <summary>The rounding allowed to the engine's exp and tanh: 4 ulps, 8u relative.</summary>
    public const double T = 8 * U;

    private const double SubnetOutputScale = 0.1;

    /// <summary>
    /// The soft clamp's tanh also gets an absolute floor of 20u (in units of u): a hand-in may write tanh(v) from exp,
    /// and near v = 0 its error is absolute, not relative to tanh(v). For 1 − 2/(E + 1), E = e^{2v} within 8u relative
    /// (<see cref="T"/>): E + 1 is within 8u·E/(E + 1) + u ≤ 9u relative, q = 2/(E + 1) within 10u relative, and q &lt; 2,
    /// so q is within 20u absolute; the last subtraction rounds by u·|tanh v| (inside the 8u·|tanh v| term). The same
    /// 20u covers 2σ(2v) − 1 (σ within 10u relative, σ ≤ 1, doubled) and (E − 1)/(E + 1) (8u·E/2 ≤ 4u near 0).
    /// Measured: 1 − 2/(e^{2v} + 1) in float32 was off log|det J| by up to 7.6e-7 where the relative bound allowed
    /// 4.1e-8 (<c>Submissions/Examples/Flows/Variants/soft-clamp-from-exp</c>); a wrong soft clamp is off by O(|s|).
    /// </summary>
    private const double SoftClampFloor = 20;

    /// <summary>The chain applied to one sample x, blocks in order (u = 0: no error bounds).</summary>
    public static ChainEvaluation Forward(IReadOnlyList<DoubleCouplingBlock> blocks, double clamp, ReadOnlySpan<double> x, double u = U, double[]? inputError = null)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        double t = u == 0 ? 0 : T;
        var current = Vec.Input(x, inputError);
        var scales = new List<LogScales>();
        foreach (var b in blocks)
        {
            int c = current.N, p = c - c / 2, q = c / 2;
            Check(b, c);
            var x1 = current.Slice(0, p);
            var x2 = current.Slice(p, q);
            var (s, shift) = Coefficients(b, x1, q, clamp, u, t);
            scales.Add(new LogScales(s.V, s.E));
            var es = s.Map(Math.Exp, Math.Exp, (v, e) => Math.Exp(v + e), y => t * Math.Abs(y));
            var v = new double[q];
            var e = new double[q];
            var d = new double[q, current.C];
            for (int i = 0; i < q; i++)
            {
                double product = x2.V[i] * es.V[i];
                double productError = Math.Abs(es.V[i]) * x2.E[i] + Math.Abs(x2.V[i]) * es.E[i] + x2.E[i] * es.E[i] + u * Math.Abs(product);
                v[i] = product + shift.V[i];
                e[i] = productError + shift.E[i] + u * Math.Abs(v[i]);
                for (int k = 0; k < current.C; k++) d[i, k] = es.V[i] * x2.D[i, k] + x2.V[i] * es.D[i, k] + shift.D[i, k];
            }
            var coupled = Vec.Concat(x1, new Vec(v, e, d));
            current = b.Mixing is null ? coupled : Affine(b.Mixing, coupled, null, u);
        }
        return new ChainEvaluation(current.V, current.E, (double[,])current.D.Clone(), scales);
    }

    /// <summary>
    /// The chain applied to one sample x in double, values only: what <see cref="Forward"/> computes with u = 0, without
    /// error bounds or Jacobian, at a small fraction of its cost (for grids of 10⁵ points). Writes the output to
    /// <paramref name="output"/> [C] and returns Σ s over every coupling's log-scales — log|det ∂y/∂x| when every mixing
    /// has |det P| = 1 (permutations, rotations).
    /// </summary>
    public static double ForwardValue(IReadOnlyList<DoubleCouplingBlock> blocks, double clamp, ReadOnlySpan<double> x, Span<double> output)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        int c = x.Length;
        if (output.Length != c) throw new ArgumentException($"an output of {output.Length} values for {c} inputs", nameof(output));
        Span<double> current = stackalloc double[c];
        Span<double> coupled = stackalloc double[c];
        int widest = 0;
        foreach (var b in blocks) widest = Math.Max(widest, b.W1.GetLength(0));
        // Called once per grid point (10⁵ times per grid): no allocation on the common path.
        Span<double> hidden = widest <= 256 ? stackalloc double[widest] : new double[widest];
        x.CopyTo(current);
        double logScales = 0;
        foreach (var b in blocks)
        {
            Check(b, c);
            int p = c - c / 2, q = c / 2, width = b.W1.GetLength(0);
            var h = hidden[..width];
            for (int i = 0; i < width; i++)
            {
                double pre = b.B1[i];
                for (int j = 0; j < p; j++) pre += b.W1[i, j] * current[j];
                h[i] = b.Activation == SubnetActivation.Tanh ? Math.Tanh(pre) : Math.Max(pre, 0);
            }

            current[..p].CopyTo(coupled);
            for (int i = 0; i < q; i++)
            {
                double aS = b.B2[i], aT = b.B2[q + i];
                for (int k = 0; k < width; k++)
                {
                    aS += b.W2[i, k] * h[k];
                    aT += b.W2[q + i, k] * h[k];
                }

                double s = clamp * Math.Tanh(SubnetOutputScale * aS / clamp);
                logScales += s;
                coupled[p + i] = current[p + i] * Math.Exp(s) + SubnetOutputScale * aT;
            }

            if (b.Mixing is { } m)
            {
                for (int i = 0; i < c; i++)
                {
                    double v = 0;
                    for (int j = 0; j < c; j++) v += m[i, j] * coupled[j];
                    current[i] = v;
                }
            }
            else
            {
                coupled.CopyTo(current);
            }
        }

        current.CopyTo(output);
        return logScales;
    }

    /// <summary>
    /// The chain's exact inverse applied to one sample y, blocks in reverse order (P⁻¹ in double). With
    /// <paramref name="transposeDefect"/>, the bound also covers undoing the mixing with Pᵀ.
    /// </summary>
    public static ChainEvaluation Inverse(IReadOnlyList<DoubleCouplingBlock> blocks, double clamp, ReadOnlySpan<double> y, double u = U, bool transposeDefect = true, double[]? inputError = null)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        double t = u == 0 ? 0 : T;
        var current = Vec.Input(y, inputError);
        var scales = new List<LogScales>();
        for (int bi = blocks.Count - 1; bi >= 0; bi--)
        {
            var b = blocks[bi];
            int c = current.N, p = c - c / 2, q = c / 2;
            Check(b, c);
            var w = current;
            if (b.Mixing is { } mixing)
            {
                var inverse = Invert(mixing);
                w = Affine(inverse, current, null, u);
                if (transposeDefect)
                    for (int j = 0; j < c; j++)
                        for (int i = 0; i < c; i++) w.E[j] += Math.Abs(current.V[i]) * Math.Abs(mixing[i, j] - inverse[j, i]);
            }
            var u1 = w.Slice(0, p);
            var u2 = w.Slice(p, q);
            var (s, shift) = Coefficients(b, u1, q, clamp, u, t);
            scales.Add(new LogScales(s.V, s.E));
            var ne = s.Map(v => Math.Exp(-v), v => -Math.Exp(-v), (v, e) => Math.Exp(-v + e), y => t * Math.Abs(y));
            var xv = new double[q];
            var xe = new double[q];
            var xd = new double[q, current.C];
            for (int i = 0; i < q; i++)
            {
                double diff = u2.V[i] - shift.V[i];
                double diffError = u2.E[i] + shift.E[i] + u * Math.Abs(diff);
                xv[i] = diff * ne.V[i];
                xe[i] = Math.Abs(ne.V[i]) * diffError + Math.Abs(diff) * ne.E[i] + diffError * ne.E[i] + u * Math.Abs(xv[i]);
                for (int k = 0; k < current.C; k++) xd[i, k] = ne.V[i] * (u2.D[i, k] - shift.D[i, k]) + diff * ne.D[i, k];
            }
            current = Vec.Concat(u1, new Vec(xv, xe, xd));
        }
        return new ChainEvaluation(current.V, current.E, (double[,])current.D.Clone(), scales);
    }

    /// <summary>The values of a float32 tensor as a double matrix [rows, cols].</summary>
    public static double[,] Matrix(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.dim() != 2) throw new ArgumentException($"expected a matrix, got shape [{string.Join(", ", t.shape)}]");
        var v = t.contiguous().ToDoubleArray();
        var m = new double[t.size(0), t.size(1)];
        for (int i = 0; i < m.GetLength(0); i++)
            for (int j = 0; j < m.GetLength(1); j++) m[i, j] = v[i * m.GetLength(1) + j];
        return m;
    }

    /// <summary>log|det M| by LU with partial pivoting, in double; −∞ for a singular M.</summary>
    public static double LogAbsDet(double[,] m) => LuDeterminant.Of(m).LogAbs;

    /// <summary>M⁻¹ by Gauss–Jordan with partial pivoting, in double.</summary>
    public static double[,] Invert(double[,] m)
    {
        ArgumentNullException.ThrowIfNull(m);
        int n = m.GetLength(0);
        var a = new double[n, 2 * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) a[i, j] = m[i, j];
            a[i, n + i] = 1;
        }
        for (int k = 0; k < n; k++)
        {
            int pivot = k;
            for (int i = k + 1; i < n; i++) if (Math.Abs(a[i, k]) > Math.Abs(a[pivot, k])) pivot = i;
            if (a[pivot, k] == 0) throw new ArgumentException("the matrix is singular");
            for (int j = 0; j < 2 * n; j++) (a[k, j], a[pivot, j]) = (a[pivot, j], a[k, j]);
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
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) r[i, j] = a[i, n + j];
        return r;
    }

    /// <summary>Σ_ij |(J⁻¹)_ji|·|J_ij|: how far relative perturbations of J's entries can move log|det J| (≥ C).</summary>
    public static double Sensitivity(double[,] j)
    {
        ArgumentNullException.ThrowIfNull(j);
        var inverse = Invert(j);
        double s = 0;
        for (int a = 0; a < j.GetLength(0); a++)
            for (int b = 0; b < j.GetLength(1); b++) s += Math.Abs(inverse[b, a]) * Math.Abs(j[a, b]);
        return s;
    }

    private static void Check(DoubleCouplingBlock b, int channels)
    {
        ArgumentNullException.ThrowIfNull(b);
        if (b.Channels != channels)
            throw new ArgumentException($"a block of {b.Channels} channels in a chain of {channels}");
        if (b.Mixing is { } m && (m.GetLength(0) != channels || m.GetLength(1) != channels))
            throw new ArgumentException($"a mixing matrix of [{m.GetLength(0)}, {m.GetLength(1)}] in a chain of {channels} channels");
    }

    /// <summary>(s, t) of the coupling from its first part: a = 0.1·subnet(x₁), s = clamp·tanh(a_s/clamp), t = a_t.</summary>
    private static (Vec S, Vec Shift) Coefficients(DoubleCouplingBlock b, Vec x1, int q, double clamp, double u, double t)
    {
        var pre = Affine(b.W1, x1, b.B1, u);
        var h = b.Activation == SubnetActivation.Tanh
            ? pre.Map(Math.Tanh, Sech2, (v, e) => Sech2(Math.Max(Math.Abs(v) - e, 0)), y => t * Math.Abs(y), cap: 2)
            : pre.Map(v => Math.Max(v, 0), v => v > 0 ? 1 : 0, (_, _) => 1, _ => 0);
        var o = Affine(b.W2, h, b.B2, u);
        var a = o.Map(v => SubnetOutputScale * v, _ => SubnetOutputScale, (_, _) => SubnetOutputScale, y => 2 * u * Math.Abs(y));
        var s = a.Slice(0, q)
            .Map(v => v / clamp, _ => 1 / clamp, (_, _) => 1 / clamp, y => u * Math.Abs(y))
            .Map(Math.Tanh, Sech2, (v, e) => Sech2(Math.Max(Math.Abs(v) - e, 0)), y => t * Math.Abs(y) + SoftClampFloor * u, cap: 2)
            .Map(v => clamp * v, _ => clamp, (_, _) => clamp, y => u * Math.Abs(y), cap: 2 * clamp);
        return (s, a.Slice(q, q));
    }

    private static double Sech2(double v)
    {
        double c = Math.Cosh(v);
        return double.IsFinite(c) ? 1 / (c * c) : 0;
    }

    /// <summary>y = M·x + b (b optional), M [m, n].</summary>
    private static Vec Affine(double[,] m, Vec x, double[]? b, double u)
    {
        int rows = m.GetLength(0), n = m.GetLength(1);
        if (n != x.N) throw new ArgumentException($"a [{rows}, {n}] matrix applied to {x.N} values");
        var v = new double[rows];
        var e = new double[rows];
        var d = new double[rows, x.C];
        double g = Float32Bound.Gamma(n + (b is null ? 0 : 1), u);
        for (int i = 0; i < rows; i++)
        {
            double s = b?[i] ?? 0, abs = Math.Abs(b?[i] ?? 0), propagated = 0;
            for (int j = 0; j < n; j++)
            {
                s += m[i, j] * x.V[j];
                abs += Math.Abs(m[i, j]) * (Math.Abs(x.V[j]) + x.E[j]);
                propagated += Math.Abs(m[i, j]) * x.E[j];
                for (int k = 0; k < x.C; k++) d[i, k] += m[i, j] * x.D[j, k];
            }
            v[i] = s;
            e[i] = g * abs + propagated;
        }
        return new Vec(v, e, d);
    }

    /// <summary>Values with their error bounds and their derivatives [n, C] with respect to the chain's input.</summary>
    private sealed class Vec(double[] v, double[] e, double[,] d)
    {
        public double[] V { get; } = v;
        public double[] E { get; } = e;
        public double[,] D { get; } = d;
        public int N => V.Length;
        public int C => D.GetLength(1);

        public static Vec Input(ReadOnlySpan<double> x, double[]? error)
        {
            int c = x.Length;
            if (error is not null && error.Length != c) throw new ArgumentException($"{error.Length} input errors for {c} inputs");
            var d = new double[c, c];
            for (int i = 0; i < c; i++) d[i, i] = 1;
            return new Vec(x.ToArray(), error is null ? new double[c] : (double[])error.Clone(), d);
        }

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
        /// y_i = f(x_i): the derivatives through f'(x_i); the error through the Lipschitz constant of f on
        /// [x_i − e_i, x_i + e_i] (<paramref name="lipschitz"/>), plus the rounding of the result, capped at
        /// <paramref name="cap"/> for bounded f.
        /// </summary>
        public Vec Map(Func<double, double> f, Func<double, double> df, Func<double, double, double> lipschitz, Func<double, double> localError, double cap = double.PositiveInfinity)
        {
            var v = new double[N];
            var e = new double[N];
            var d = new double[N, C];
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
}
