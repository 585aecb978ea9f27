using System.Numerics;
using System.Numerics.Tensors;

namespace Grader.Tensors;

/// <summary>
/// A narrow two-layer perceptron y = act(x·W₁ᵀ + b₁)·W₂ᵀ + b₂ with few inputs k and few outputs m (x [N, k], W₁ [H, k],
/// W₂ [m, H]) computed row by row, so the hidden layer [N, H] is never written to memory: each row's H hidden values
/// live in one scratch buffer, in cache. The backward recomputes a row's hidden layer from x instead of reading a
/// stored one. Sums run in a different order than the two matrix products would (within float32 rounding of them).
/// </summary>
internal static class NarrowMlpKernel
{
    /// <summary>The weights as the kernel reads them: W₁ transposed to [k, H] (one contiguous row per input), W₂ [m, H].</summary>
    internal readonly record struct Weights(float[] W1T, float[] B1, float[] W2, float[] B2, int K, int H, int M, FusedActivation Act, float Alpha);

    public static Weights Read(Tensor w1, Tensor b1, Tensor w2, Tensor b2, FusedActivation act, float alpha)
    {
        int h = w1.Shape[0], k = w1.Shape[1], m = w2.Shape[0];
        var w1Rows = w1.ToArray();
        var w1t = new float[k * h];
        for (int j = 0; j < h; j++)
            for (int i = 0; i < k; i++) w1t[i * h + j] = w1Rows[j * k + i];
        return new Weights(w1t, b1.ToArray(), w2.ToArray(), b2.ToArray(), k, h, m, act, alpha);
    }

    /// <summary>y [N, m] from x [N, k] (row-major).</summary>
    public static void Forward(in Weights w, ReadOnlySpan<float> x, int n, Span<float> y)
    {
        var pre = new float[w.H];
        var hidden = new float[w.H];
        for (int r = 0; r < n; r++)
        {
            Hidden(w, x.Slice(r * w.K, w.K), pre, hidden);
            for (int c = 0; c < w.M; c++) y[r * w.M + c] = TensorPrimitives.Dot(hidden, w.W2.AsSpan(c * w.H, w.H)) + w.B2[c];
        }
    }

    /// <summary>
    /// The gradients of Σ g ⊙ y: dx [N, k], dW₁ [H, k], db₁ [H], dW₂ [m, H], db₂ [m], from x [N, k] and g [N, m]
    /// (row-major), each row's hidden layer recomputed.
    /// </summary>
    public static void Backward(in Weights w, ReadOnlySpan<float> x, ReadOnlySpan<float> g, int n,
        Span<float> dx, Span<float> dw1, Span<float> db1, Span<float> dw2, Span<float> db2)
    {
        int h = w.H, k = w.K, m = w.M;
        var pre = new float[h];
        var hidden = new float[h];
        var dpre = new float[h];
        var dw1t = new float[k * h];
        db1.Clear(); dw2.Clear(); db2.Clear();
        for (int r = 0; r < n; r++)
        {
            var xr = x.Slice(r * k, k);
            var gr = g.Slice(r * m, m);
            Hidden(w, xr, pre, hidden);
            dpre.AsSpan().Clear();
            for (int c = 0; c < m; c++)
            {
                TensorPrimitives.MultiplyAdd(w.W2.AsSpan(c * h, h), gr[c], dpre, dpre);          // dh = Σ_c g_c W₂[c, :]
                TensorPrimitives.MultiplyAdd(hidden, gr[c], dw2.Slice(c * h, h), dw2.Slice(c * h, h));   // dW₂[c, :] += g_c h
                db2[c] += gr[c];
            }
            ActivationBackward(w, hidden, dpre);                                             // dpre = dh ⊙ act'(pre)
            TensorPrimitives.Add(db1, dpre, db1);
            for (int i = 0; i < k; i++)
            {
                var column = dw1t.AsSpan(i * h, h);
                TensorPrimitives.MultiplyAdd(dpre, xr[i], column, column);
                dx[r * k + i] = TensorPrimitives.Dot(dpre, w.W1T.AsSpan(i * h, h));
            }
        }
        for (int j = 0; j < h; j++)
            for (int i = 0; i < k; i++) dw1[j * k + i] = dw1t[i * h + j];
    }

    /// <summary>pre = b₁ + Σᵢ xᵢ W₁[:, i]; hidden = act(pre).</summary>
    private static void Hidden(in Weights w, ReadOnlySpan<float> xr, Span<float> pre, Span<float> hidden)
    {
        w.B1.CopyTo(pre);
        for (int i = 0; i < w.K; i++) TensorPrimitives.MultiplyAdd(w.W1T.AsSpan(i * w.H, w.H), xr[i], pre, pre);
        switch (w.Act)
        {
            case FusedActivation.Relu: TensorPrimitives.Max(pre, 0f, hidden); break;
            case FusedActivation.Tanh: pre.CopyTo(hidden); Elementwise.TanhInPlace(hidden); break;
            default: Elementwise.Elu(pre, w.Alpha, hidden); break;
        }
    }

    /// <summary>
    /// d ← d ⊙ act', read off the hidden values h as the separate activation nodes read it: relu 1[h &gt; 0],
    /// tanh 1 − h², ELU (α &gt; 0) 1 where h &gt; 0, else h + α (NaN takes the second branch, as there).
    /// </summary>
    private static void ActivationBackward(in Weights w, ReadOnlySpan<float> hidden, Span<float> d)
    {
        int i = 0, width = Vector<float>.Count;
        var one = Vector<float>.One;
        var alpha = new Vector<float>(w.Alpha);
        for (; i <= d.Length - width; i += width)
        {
            var hv = new Vector<float>(hidden.Slice(i, width));
            var dv = new Vector<float>(d.Slice(i, width));
            var positive = Vector.GreaterThan(hv, Vector<float>.Zero);
            var r = w.Act switch
            {
                FusedActivation.Relu => Vector.ConditionalSelect(positive, dv, Vector<float>.Zero),
                FusedActivation.Tanh => dv * (one - hv * hv),
                _ => Vector.ConditionalSelect(positive, dv, dv * (hv + alpha)),
            };
            r.CopyTo(d.Slice(i, width));
        }
        for (; i < d.Length; i++)
        {
            float hv = hidden[i];
            d[i] = w.Act switch
            {
                FusedActivation.Relu => hv > 0f ? d[i] : 0f,
                FusedActivation.Tanh => d[i] * (1f - hv * hv),
                _ => hv > 0f ? d[i] : d[i] * (hv + w.Alpha),
            };
        }
    }
}
