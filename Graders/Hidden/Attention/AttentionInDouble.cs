using Grader.Checks.Attention;
using Grader.Contracts.Attention;

namespace Grader.Checks.Hidden.Attention;

/// <summary>
/// Multi-head attention in double with plain loops (no engine: an independent route to the layer's values and
/// gradients), and for every output, attention weight and gradient a first-order bound on the error of any float32
/// evaluation of the same stages from the same float32 inputs (Higham, <i>Accuracy and Stability of Numerical
/// Algorithms</i>, §3.1, running error analysis; u = 2⁻²⁴), whatever the summation order. A stage that sums n products
/// a·b errs by at most n·u·Σ|a·b| plus what its inputs' errors carry through (|δa|·|b| + |a|·|δb|):
/// <list type="bullet">
/// <item>projections P = x·Wᵀ + b (E products and a bias): e_P ≤ (E + 1)·u·(|x|·|W|ᵀ + |b|);</item>
/// <item>scaling q = Q/√d (a rounded constant and one product or quotient): e_q ≤ e_Q/√d + 2u·|q|;</item>
/// <item>scores s = q·kᵀ (d products); softmax a_j = exp(s_j − m)/Σ_i exp(s_i − m) over the open keys: the inherited
/// part a_j·(e_s,j + Σ_i a_i e_s,i) (from ∂a_j/∂s_i = a_j(δ_ij − a_i)) plus the rounding part
/// a_j·u·(|s_j − m| + max_i |s_i − m| + S + 9) (the shift, exp within 2 ulps for the term and the normaliser's terms,
/// S − 1 roundings of the sum, 2u for the quotient);</item>
/// <item>head outputs o = a·v (S products) and the output projection as the first item;</item>
/// <item>backward, for loss = Σ G ⊙ y: each gradient is a sum of products of G, the weights, the inputs and the
/// forward's stages (∂/∂W_o = Gᵀ·concat, ∂/∂concat = G·W_o, ∂/∂a = ∂o·vᵀ, ∂/∂v = aᵀ·∂o, the softmax's
/// ∂s = a ⊙ (∂a − Σ_k a_k ∂a_k), ∂q = ∂s·k, ∂k = ∂sᵀ·q, then the projections' transposes), each bounded as a sum of
/// products whose factors carry the forward's bounds; the softmax's term also covers its Jacobian form
/// (diag(a) − aaᵀ)·∂a.</item>
/// </list>
/// Second-order terms (products of two u's) are left out; they are below 1e-12 relative at the sizes graded.
/// The task's answer in double, so the tutor's side only: the visible checks read its values and bounds from the
/// approved snapshot (<see cref="AttentionVariants.Expected"/> makes both).
/// </summary>
public static class AttentionInDouble
{
    private const double U = 1.0 / (1 << 24);

    /// <summary>
    /// Values and error bounds, row-major: output [B, L, E], weights [B, H, L, S]; the largest score Q_h·K_hᵀ/√d of an
    /// open key, and the largest ln Σ_j e^score of a row (a softmax without the row max overflows float32 where e^score,
    /// or the row's sum, exceeds float.MaxValue, ln ≈ 88.7).
    /// </summary>
    public sealed record ExactAttention(double[] Output, double[] OutputBound, double[] Weights, double[] WeightsBound, double LargestScore, double LargestLogSumExp);

    /// <summary>
    /// The gradients of Σ G ⊙ output and their error bounds, row-major in the shapes of the inputs and parameters,
    /// keyed by the names of <see cref="AttentionInputs.Names"/>.
    /// </summary>
    public sealed record ExactGradients(IReadOnlyDictionary<string, double[]> Values, IReadOnlyDictionary<string, double[]> Bounds);

    /// <summary>The layer's inputs in double (each exactly a float32 value); weights [E, E] row-major [out, in].</summary>
    public sealed record AttentionInputs(
        int Heads, int B, int L, int S, int E,
        double[] Query, double[] Key, double[] Value,
        double[] QueryWeight, double[] KeyWeight, double[] ValueWeight, double[] OutputWeight,
        double[]? QueryBias, double[]? KeyBias, double[]? ValueBias, double[]? OutputBias,
        bool[,]? Padding, bool Causal)
    {
        /// <summary>The names of the inputs and parameters, in the order of the contract's <see cref="AttentionGradients"/>.</summary>
        public static IReadOnlyList<string> Names { get; } =
            ["query", "key", "value", "query_weight", "key_weight", "value_weight", "output_weight", "query_bias", "key_bias", "value_bias", "output_bias"];

        /// <summary>The inputs of one contract call (a padding mask of 1 = padding; all biases given).</summary>
        public static AttentionInputs From(MultiHeadAttentionWeights weights, Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, bool causal)
        {
            ArgumentNullException.ThrowIfNull(weights);
            int b = query.size(0), l = query.size(1), s = key.size(1), e = query.size(2);
            var mask = keyPaddingMask.ToArray();
            var padding = new bool[b, s];
            for (int i = 0; i < mask.Length; i++) padding[i / s, i % s] = mask[i] == 1f;
            return new AttentionInputs(weights.Heads, b, l, s, e, query.ToDoubleArray(), key.ToDoubleArray(), value.ToDoubleArray(),
                weights.QueryWeight.ToDoubleArray(), weights.KeyWeight.ToDoubleArray(), weights.ValueWeight.ToDoubleArray(), weights.OutputWeight.ToDoubleArray(),
                weights.QueryBias.ToDoubleArray(), weights.KeyBias.ToDoubleArray(), weights.ValueBias.ToDoubleArray(), weights.OutputBias.ToDoubleArray(),
                padding, causal);
        }

        public AttentionInputs With(string what, double[] values) => what switch
        {
            "query" => this with { Query = values },
            "key" => this with { Key = values },
            "value" => this with { Value = values },
            "query_weight" => this with { QueryWeight = values },
            "key_weight" => this with { KeyWeight = values },
            "value_weight" => this with { ValueWeight = values },
            "output_weight" => this with { OutputWeight = values },
            "query_bias" => this with { QueryBias = values },
            "key_bias" => this with { KeyBias = values },
            "value_bias" => this with { ValueBias = values },
            "output_bias" => this with { OutputBias = values },
            _ => throw new ArgumentOutOfRangeException(nameof(what), what, "no such input"),
        };

        public double[]? Get(string what) => what switch
        {
            "query" => Query, "key" => Key, "value" => Value,
            "query_weight" => QueryWeight, "key_weight" => KeyWeight, "value_weight" => ValueWeight, "output_weight" => OutputWeight,
            "query_bias" => QueryBias, "key_bias" => KeyBias, "value_bias" => ValueBias, "output_bias" => OutputBias,
            _ => throw new ArgumentOutOfRangeException(nameof(what), what, "no such input"),
        };

        /// <summary>True when key j is masked for query i of batch element b.</summary>
        public bool Masked(int b, int i, int j) => (Padding?[b, j] ?? false) || (Causal && j > i);
    }

    /// <summary>The inputs of <paramref name="c"/>'s call.</summary>
    public static AttentionInputs InDouble(this AttentionCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return AttentionInputs.From(c.Weights(), c.QueryTensor(), c.KeyTensor(), c.ValueTensor(), c.PaddingTensor(), c.Causal);
    }

    public static ExactAttention Evaluate(AttentionInputs x)
    {
        var t = Forward(x);
        return new ExactAttention(t.Output, t.OutputBound, t.Weights, t.WeightsBound, t.LargestScore, t.LargestLogSumExp);
    }

    /// <summary>The gradients of Σ G ⊙ output (G [B, L, E], exact) with respect to every input and parameter, with bounds.</summary>
    public static ExactGradients Backward(AttentionInputs x, double[] outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        int h = x.Heads, b = x.B, l = x.L, s = x.S, e = x.E, d = e / h;
        if (outputGradient.Length != b * l * e) throw new ArgumentException($"G must have B·L·E = {b * l * e} values, has {outputGradient.Length}.", nameof(outputGradient));
        var t = Forward(x);
        var g = outputGradient;
        var values = new Dictionary<string, double[]>();
        var bounds = new Dictionary<string, double[]>();

        // Output projection: y = concat·W_oᵀ + b_o.
        var (dbo, dboE) = ColumnSums(g, null, b * l, e);
        var (dwo, dwoE) = OuterSums(g, null, t.Concat, t.ConcatBound, b * l, e);
        var (dc, dcE) = Times(g, null, b * l, e, x.OutputWeight);
        values["output_bias"] = dbo; bounds["output_bias"] = dboE;
        values["output_weight"] = dwo; bounds["output_weight"] = dwoE;

        // Heads.
        var dq = new double[b * l * e]; var dqE = new double[dq.Length];
        var dk = new double[b * s * e]; var dkE = new double[dk.Length];
        var dv = new double[b * s * e]; var dvE = new double[dv.Length];
        var dvMag = new double[dv.Length]; var dqMag = new double[dq.Length]; var dkMag = new double[dk.Length];
        var da = new double[s]; var daE = new double[s]; var ds = new double[s]; var dsE = new double[s];
        for (int bb = 0; bb < b; bb++)
            for (int hh = 0; hh < h; hh++)
                for (int i = 0; i < l; i++)
                {
                    int row = ((bb * h + hh) * l + i) * s;
                    double m = 0, mMag = 0, mInherited = 0;
                    for (int j = 0; j < s; j++)
                    {
                        da[j] = daE[j] = 0;
                        if (x.Masked(bb, i, j)) continue;
                        double v = 0, mag = 0, inherited = 0;
                        for (int c = 0; c < d; c++)
                        {
                            int oi = (bb * l + i) * e + hh * d + c, vi = (bb * s + j) * e + hh * d + c;
                            v += dc[oi] * t.V[vi];
                            mag += Math.Abs(dc[oi] * t.V[vi]);
                            inherited += dcE[oi] * Math.Abs(t.V[vi]) + Math.Abs(dc[oi]) * t.VBound[vi];
                        }
                        da[j] = v;
                        daE[j] = d * U * mag + inherited;
                        var a = t.Weights[row + j];
                        m += a * v;
                        mMag += a * Math.Abs(v);
                        mInherited += t.WeightsBound[row + j] * Math.Abs(v) + a * daE[j];
                    }
                    var mE = s * U * mMag + mInherited;
                    for (int j = 0; j < s; j++)
                    {
                        ds[j] = dsE[j] = 0;
                        if (x.Masked(bb, i, j)) continue;
                        var a = t.Weights[row + j];
                        var diff = da[j] - m;
                        var diffE = daE[j] + mE + (s + 2) * U * (Math.Abs(da[j]) + Math.Abs(m));
                        ds[j] = a * diff;
                        dsE[j] = t.WeightsBound[row + j] * Math.Abs(diff) + a * diffE + U * Math.Abs(ds[j]);
                    }
                    for (int c = 0; c < d; c++)
                    {
                        int oi = (bb * l + i) * e + hh * d + c;
                        double v = 0, mag = 0, inherited = 0;
                        for (int j = 0; j < s; j++)
                        {
                            if (x.Masked(bb, i, j)) continue;
                            int ki = (bb * s + j) * e + hh * d + c;
                            v += ds[j] * t.K[ki];
                            mag += Math.Abs(ds[j] * t.K[ki]);
                            inherited += dsE[j] * Math.Abs(t.K[ki]) + Math.Abs(ds[j]) * t.KBound[ki];

                            // ∂k_j += ∂s_ij·q_i and ∂v_j += a_ij·∂o_i accumulate over the L queries.
                            var a = t.Weights[row + j];
                            dk[ki] += ds[j] * t.Q[oi];
                            dkMag[ki] += Math.Abs(ds[j] * t.Q[oi]);
                            dkE[ki] += dsE[j] * Math.Abs(t.Q[oi]) + Math.Abs(ds[j]) * t.QBound[oi];
                            dv[ki] += a * dc[oi];
                            dvMag[ki] += a * Math.Abs(dc[oi]);
                            dvE[ki] += t.WeightsBound[row + j] * Math.Abs(dc[oi]) + a * dcE[oi];
                        }
                        dq[oi] = v;
                        dqMag[oi] = mag;
                        dqE[oi] = inherited;
                    }
                }

        // ∂Q = ∂q/√d (the scale's rounding, 2u), the sums' own rounding; then the projections' transposes.
        var scale = 1 / Math.Sqrt(d);
        for (int i = 0; i < dq.Length; i++)
        {
            dq[i] *= scale;
            dqE[i] = (s * U * dqMag[i] + dqE[i]) * scale + 2 * U * Math.Abs(dq[i]);
        }
        for (int i = 0; i < dk.Length; i++)
        {
            dkE[i] += l * U * dkMag[i];
            dvE[i] += l * U * dvMag[i];
        }

        void Projection(string input, string weight, string bias, double[] xs, double[] w, double[] dy, double[] dyE, int rows)
        {
            var (db, dbE) = ColumnSums(dy, dyE, rows, e);
            var (dw, dwE) = OuterSums(dy, dyE, xs, null, rows, e);
            var (dx, dxE) = Times(dy, dyE, rows, e, w);
            values[bias] = db; bounds[bias] = dbE;
            values[weight] = dw; bounds[weight] = dwE;
            values[input] = dx; bounds[input] = dxE;
        }

        Projection("query", "query_weight", "query_bias", x.Query, x.QueryWeight, dq, dqE, b * l);
        Projection("key", "key_weight", "key_bias", x.Key, x.KeyWeight, dk, dkE, b * s);
        Projection("value", "value_weight", "value_bias", x.Value, x.ValueWeight, dv, dvE, b * s);
        return new ExactGradients(values, bounds);
    }

    /// <summary>Every stage of the forward pass with its bound.</summary>
    private sealed record AttentionTrace(
        double[] Q, double[] QBound, double[] K, double[] KBound, double[] V, double[] VBound,
        double[] Weights, double[] WeightsBound, double[] Concat, double[] ConcatBound, double[] Output, double[] OutputBound, double LargestScore, double LargestLogSumExp);

    private static AttentionTrace Forward(AttentionInputs x)
    {
        ArgumentNullException.ThrowIfNull(x);
        int h = x.Heads, b = x.B, l = x.L, s = x.S, e = x.E, d = e / h;
        var (qv, qe) = Project(x.Query, b * l, e, x.QueryWeight, x.QueryBias);
        var (kv, ke) = Project(x.Key, b * s, e, x.KeyWeight, x.KeyBias);
        var (vv, ve) = Project(x.Value, b * s, e, x.ValueWeight, x.ValueBias);
        var scale = 1 / Math.Sqrt(d);
        for (int i = 0; i < qv.Length; i++)
        {
            qv[i] *= scale;
            qe[i] = qe[i] * scale + 2 * U * Math.Abs(qv[i]);
        }

        var weights = new double[b * h * l * s];
        var weightsBound = new double[weights.Length];
        var concat = new double[b * l * e];
        var concatBound = new double[concat.Length];
        var scores = new double[s];
        var scoreBound = new double[s];
        var open = new bool[s];
        double largest = double.NegativeInfinity, largestLogSumExp = double.NegativeInfinity;
        for (int bb = 0; bb < b; bb++)
            for (int hh = 0; hh < h; hh++)
                for (int i = 0; i < l; i++)
                {
                    double m = double.NegativeInfinity;
                    for (int j = 0; j < s; j++)
                    {
                        open[j] = !x.Masked(bb, i, j);
                        if (!open[j]) continue;
                        double v = 0, mag = 0, inherited = 0;
                        for (int c = 0; c < d; c++)
                        {
                            int qi = (bb * l + i) * e + hh * d + c, ki = (bb * s + j) * e + hh * d + c;
                            v += qv[qi] * kv[ki];
                            mag += Math.Abs(qv[qi] * kv[ki]);
                            inherited += qe[qi] * Math.Abs(kv[ki]) + Math.Abs(qv[qi]) * ke[ki];
                        }
                        scores[j] = v;
                        scoreBound[j] = d * U * mag + inherited;
                        m = Math.Max(m, v);
                    }
                    if (double.IsNegativeInfinity(m)) throw new ArgumentException($"query {i} of batch {bb} has no key");
                    largest = Math.Max(largest, m);
                    double z = 0, maxShift = 0;
                    for (int j = 0; j < s; j++)
                        if (open[j]) { z += Math.Exp(scores[j] - m); maxShift = Math.Max(maxShift, m - scores[j]); }
                    largestLogSumExp = Math.Max(largestLogSumExp, m + Math.Log(z));
                    int row = ((bb * h + hh) * l + i) * s;
                    double meanScoreError = 0;
                    for (int j = 0; j < s; j++)
                        if (open[j]) { weights[row + j] = Math.Exp(scores[j] - m) / z; meanScoreError += weights[row + j] * scoreBound[j]; }
                    for (int j = 0; j < s; j++)
                        if (open[j])
                        {
                            var a = weights[row + j];
                            weightsBound[row + j] = a * (scoreBound[j] + meanScoreError) + a * U * ((m - scores[j]) + maxShift + s + 9);
                        }
                    for (int c = 0; c < d; c++)
                    {
                        double v = 0, mag = 0, inherited = 0;
                        for (int j = 0; j < s; j++)
                        {
                            if (!open[j]) continue;
                            int vi = (bb * s + j) * e + hh * d + c;
                            var a = weights[row + j];
                            v += a * vv[vi];
                            mag += a * Math.Abs(vv[vi]);
                            inherited += weightsBound[row + j] * Math.Abs(vv[vi]) + a * ve[vi];
                        }
                        int oi = (bb * l + i) * e + hh * d + c;
                        concat[oi] = v;
                        concatBound[oi] = s * U * mag + inherited;
                    }
                }

        var (output, outputBound) = Project(concat, b * l, e, x.OutputWeight, x.OutputBias, concatBound);
        return new AttentionTrace(qv, qe, kv, ke, vv, ve, weights, weightsBound, concat, concatBound, output, outputBound, largest, largestLogSumExp);
    }

    /// <summary>rows × E inputs times Wᵀ plus b, with (E + 1)·u·(|x|·|W|ᵀ + |b|) plus the inherited error of x.</summary>
    private static (double[] Values, double[] Bounds) Project(double[] x, int rows, int e, double[] w, double[]? bias, double[]? inputBound = null)
    {
        var y = new double[rows * e];
        var bound = new double[rows * e];
        for (int r = 0; r < rows; r++)
            for (int o = 0; o < e; o++)
            {
                double v = bias?[o] ?? 0, mag = Math.Abs(bias?[o] ?? 0), inherited = 0;
                for (int i = 0; i < e; i++)
                {
                    v += x[r * e + i] * w[o * e + i];
                    mag += Math.Abs(x[r * e + i] * w[o * e + i]);
                    if (inputBound is not null) inherited += inputBound[r * e + i] * Math.Abs(w[o * e + i]);
                }
                y[r * e + o] = v;
                bound[r * e + o] = (e + 1) * U * mag + inherited;
            }
        return (y, bound);
    }

    /// <summary>Σ over rows of dy (a bias gradient): rows·u·Σ|dy| plus the inherited error.</summary>
    private static (double[] Values, double[] Bounds) ColumnSums(double[] dy, double[]? dyBound, int rows, int e)
    {
        var v = new double[e];
        var bound = new double[e];
        for (int o = 0; o < e; o++)
        {
            double mag = 0, inherited = 0;
            for (int r = 0; r < rows; r++)
            {
                v[o] += dy[r * e + o];
                mag += Math.Abs(dy[r * e + o]);
                inherited += dyBound?[r * e + o] ?? 0;
            }
            bound[o] = rows * U * mag + inherited;
        }
        return (v, bound);
    }

    /// <summary>dW[o, i] = Σ_r dy[r, o]·x[r, i] (a weight gradient), with its bound.</summary>
    private static (double[] Values, double[] Bounds) OuterSums(double[] dy, double[]? dyBound, double[] x, double[]? xBound, int rows, int e) =>
        Sums(dy, dyBound, 1, e, x, xBound, e, rows, e);

    /// <summary>dx[r, i] = Σ_o dy[r, o]·W[o, i] (an input gradient), with its bound.</summary>
    private static (double[] Values, double[] Bounds) Times(double[] dy, double[]? dyBound, int rows, int e, double[] w) =>
        Sums(dy, dyBound, e, 1, w, null, rows, e, e);

    /// <summary>
    /// out[p, i] = Σ_k a[p·<paramref name="aRow"/> + k·<paramref name="aStep"/>]·b[k, i] for p &lt; <paramref name="outer"/>,
    /// i &lt; e, k &lt; <paramref name="terms"/> (b row-major of e columns), with its bound: terms·u·Σ|a·b| plus the error
    /// inherited from a's and b's bounds (Σ bound(a)·|b| + |a|·bound(b); a null bound is none).
    /// </summary>
    private static (double[] Values, double[] Bounds) Sums(double[] a, double[]? aBound, int aRow, int aStep, double[] b, double[]? bBound, int outer, int terms, int e)
    {
        var v = new double[outer * e];
        var bound = new double[outer * e];
        for (int p = 0; p < outer; p++)
            for (int i = 0; i < e; i++)
            {
                double sum = 0, mag = 0, inherited = 0;
                for (int k = 0; k < terms; k++)
                {
                    double av = a[p * aRow + k * aStep], bv = b[k * e + i];
                    sum += av * bv;
                    mag += Math.Abs(av * bv);
                    inherited += (aBound?[p * aRow + k * aStep] ?? 0) * Math.Abs(bv) + (bBound is null ? 0 : Math.Abs(av) * bBound[k * e + i]);
                }
                v[p * e + i] = sum;
                bound[p * e + i] = terms * U * mag + inherited;
            }
        return (v, bound);
    }
}
