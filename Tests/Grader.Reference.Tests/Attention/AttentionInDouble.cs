namespace Grader.Reference.Tests.Attention;

/// <summary>
/// Multi-head attention in double with plain loops (no engine: an independent route to the reference's values), and
/// for every output and attention weight a first-order bound on the error of any float32 evaluation of the same
/// stages from the same float32 inputs (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, §3.1, running
/// error analysis; u = 2⁻²⁴), whatever the summation order:
/// <list type="bullet">
/// <item>projections P = x·Wᵀ + b (E products and a bias): e_P ≤ (E + 1)·u·(|x|·|W|ᵀ + |b|);</item>
/// <item>scaling q = Q/√d (a rounded constant and one product or quotient): e_q ≤ e_Q/√d + 2u·|q|;</item>
/// <item>scores s = q·kᵀ (d products): e_s ≤ d·u·|q|·|k|ᵀ + e_q·|k|ᵀ + |q|·e_kᵀ;</item>
/// <item>softmax a_j = exp(s_j − m)/Σ_i exp(s_i − m) over the open keys: the inherited part a_j·(e_s,j + Σ_i a_i e_s,i)
/// (from ∂a_j/∂s_i = a_j(δ_ij − a_i)) plus the rounding part a_j·u·(|s_j − m| + max_i |s_i − m| + S + 9): the shift
/// (u·|s − m| in the exponent), exp within 2 ulps (4u) for the term and for the normaliser's terms, S − 1 roundings of
/// the sum and 2u for the quotient (or reciprocal and product);</item>
/// <item>head outputs o = a·v (S products): e_o ≤ S·u·a·|v| + e_a·|v| + a·e_v;</item>
/// <item>the output projection as the first item, plus the inherited e_o·|W_o|ᵀ.</item>
/// </list>
/// Second-order terms (products of two u's) are left out; they are below 1e-12 relative here.
/// </summary>
internal static class AttentionInDouble
{
    private const double U = 1.0 / (1 << 24);

    /// <summary>Values and error bounds, row-major: output [B, L, E], weights [B, H, L, S].</summary>
    public sealed record Result(double[] Output, double[] OutputBound, double[] Weights, double[] WeightsBound);

    /// <summary>The layer's inputs in double (each exactly a float32 value); weights [E, E] row-major [out, in].</summary>
    public sealed record Inputs(
        int Heads, int B, int L, int S, int E,
        double[] Query, double[] Key, double[] Value,
        double[] QueryWeight, double[] KeyWeight, double[] ValueWeight, double[] OutputWeight,
        double[]? QueryBias, double[]? KeyBias, double[]? ValueBias, double[]? OutputBias,
        bool[,]? Padding, bool Causal)
    {
        public Inputs With(string what, double[] values) => what switch
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
    }

    public static Result Evaluate(Inputs x)
    {
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
        for (int bb = 0; bb < b; bb++)
            for (int hh = 0; hh < h; hh++)
                for (int i = 0; i < l; i++)
                {
                    double m = double.NegativeInfinity;
                    for (int j = 0; j < s; j++)
                    {
                        open[j] = !(x.Padding?[bb, j] ?? false) && !(x.Causal && j > i);
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
                    double z = 0, maxShift = 0;
                    for (int j = 0; j < s; j++)
                        if (open[j]) { z += Math.Exp(scores[j] - m); maxShift = Math.Max(maxShift, m - scores[j]); }
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
        return new Result(output, outputBound, weights, weightsBound);
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
}
