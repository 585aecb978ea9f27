using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Grader.Tensors;

/// <summary>
/// A narrow two-layer perceptron y = act(x·W₁ᵀ + b₁)·W₂ᵀ + b₂ with few inputs k and few outputs m (x [N, k], W₁ [H, k],
/// W₂ [m, H]) computed row by row, so the hidden layer [N, H] is never written to memory: each row's H hidden values
/// live in one scratch buffer, in cache. The backward recomputes a row's hidden layer from x instead of reading a
/// stored one. Sums run in a different order than the two matrix products would (within float32 rounding of them); the
/// sums over the hidden units (y and dx) run in the kernel's own order (<see cref="Dot"/>), the same bits with and
/// without AVX-512.
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

    /// <summary>y [N, m] from x [N, k] (row-major); y = <see cref="Dot"/>(hidden, W₂[c, :]) + b₂[c].</summary>
    public static void Forward(in Weights w, ReadOnlySpan<float> x, int n, Span<float> y)
    {
        int r = 0;
        if (BlockShape(w))
            for (; r <= n - RowBlock; r += RowBlock)
                RowBlockForward2x2Relu(w, x.Slice(r * 2, RowBlock * 2), y.Slice(r * 2, RowBlock * 2));
        var hidden = new float[w.H];
        for (; r < n; r++)
        {
            Hidden(w, x.Slice(r * w.K, w.K), hidden);
            for (int c = 0; c < w.M; c++) y[r * w.M + c] = Dot(hidden, w.W2.AsSpan(c * w.H, w.H)) + w.B2[c];
        }
    }

    /// <summary>Two inputs, two outputs, ReLU, whole vectors of hidden units: the shape of the four-row blocks.</summary>
    private static bool BlockShape(in Weights w) =>
        w.K == 2 && w.M == 2 && w.Act == FusedActivation.Relu && w.H % Vector256<float>.Count == 0 && Vector256.IsHardwareAccelerated;

    /// <summary>
    /// Σⱼ aⱼ bⱼ in the kernel's own order, the same on every machine with or without AVX-512: eight lane sums, lane l
    /// over j ≡ l (mod 8) in increasing j (a multiply, then an add, starting from +0) for the whole vectors of eight, the
    /// lanes summed as <see cref="Sum8"/>, then the tail j ≥ 8⌊n/8⌋ added one by one. (Was
    /// <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>, whose order depends on the vector
    /// width and whose call cost as much as the hidden layer on the INN's rows.)
    /// </summary>
    internal static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int n = a.Length, j = 0, whole = n - n % Vector256<float>.Count;
        float sum;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float ar = ref MemoryMarshal.GetReference(a);
            ref float br = ref MemoryMarshal.GetReference(b);
            var acc = Vector256<float>.Zero;
            for (; j < whole; j += Vector256<float>.Count)
                acc = Vector256.LoadUnsafe(ref ar, (nuint)j) * Vector256.LoadUnsafe(ref br, (nuint)j) + acc;
            sum = Sum8(acc);
        }
        else
        {
            Span<float> lanes = stackalloc float[Vector256<float>.Count];
            lanes.Clear();
            for (; j < whole; j++) lanes[j % Vector256<float>.Count] = a[j] * b[j] + lanes[j % Vector256<float>.Count];
            sum = Sum8(lanes);
        }
        for (; j < n; j++) sum = a[j] * b[j] + sum;
        return sum;
    }

    /// <summary>The eight lanes summed as ((l₀ + l₄) + (l₂ + l₆)) + ((l₁ + l₅) + (l₃ + l₇)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Sum8(Vector256<float> v)
    {
        var s = v.GetLower() + v.GetUpper();
        return (s.GetElement(0) + s.GetElement(2)) + (s.GetElement(1) + s.GetElement(3));
    }

    private static float Sum8(ReadOnlySpan<float> l) => ((l[0] + l[4]) + (l[2] + l[6])) + ((l[1] + l[5]) + (l[3] + l[7]));

    /// <summary>
    /// <see cref="Forward"/> for <see cref="RowBlock"/> rows at once, two inputs, two outputs, ReLU: for each eight hidden
    /// units the weights stay in registers while the rows pass, each row's hidden values go straight into its two lane
    /// sums, so every value gets the operations of <see cref="Hidden"/> and <see cref="Dot"/> in their order.
    /// </summary>
    private static void RowBlockForward2x2Relu(in Weights w, ReadOnlySpan<float> x, Span<float> y)
    {
        int h = w.H;
        ref float w1t = ref MemoryMarshal.GetArrayDataReference(w.W1T);
        ref float b1 = ref MemoryMarshal.GetArrayDataReference(w.B1);
        ref float w2 = ref MemoryMarshal.GetArrayDataReference(w.W2);
        float x00 = x[0], x01 = x[1], x10 = x[2], x11 = x[3], x20 = x[4], x21 = x[5], x30 = x[6], x31 = x[7];
        Vector256<float> s00 = default, s01 = default, s10 = default, s11 = default, s20 = default, s21 = default, s30 = default, s31 = default;
        for (int j = 0; j < h; j += Vector256<float>.Count)
        {
            nuint j0 = (nuint)j, j1 = (nuint)(h + j);
            var w10 = Vector256.LoadUnsafe(ref w1t, j0);
            var w11 = Vector256.LoadUnsafe(ref w1t, j1);
            var bias = Vector256.LoadUnsafe(ref b1, j0);
            var w20 = Vector256.LoadUnsafe(ref w2, j0);
            var w21 = Vector256.LoadUnsafe(ref w2, j1);
            var hv = Relu(w11 * Vector256.Create(x01) + (w10 * Vector256.Create(x00) + bias));
            s00 = hv * w20 + s00;
            s01 = hv * w21 + s01;
            hv = Relu(w11 * Vector256.Create(x11) + (w10 * Vector256.Create(x10) + bias));
            s10 = hv * w20 + s10;
            s11 = hv * w21 + s11;
            hv = Relu(w11 * Vector256.Create(x21) + (w10 * Vector256.Create(x20) + bias));
            s20 = hv * w20 + s20;
            s21 = hv * w21 + s21;
            hv = Relu(w11 * Vector256.Create(x31) + (w10 * Vector256.Create(x30) + bias));
            s30 = hv * w20 + s30;
            s31 = hv * w21 + s31;
        }
        float c0 = w.B2[0], c1 = w.B2[1];
        y[0] = Sum8(s00) + c0; y[1] = Sum8(s01) + c1;
        y[2] = Sum8(s10) + c0; y[3] = Sum8(s11) + c1;
        y[4] = Sum8(s20) + c0; y[5] = Sum8(s21) + c1;
        y[6] = Sum8(s30) + c0; y[7] = Sum8(s31) + c1;
    }

    /// <summary>
    /// The gradients of Σ g ⊙ y: dx [N, k], dW₁ [H, k], db₁ [H], dW₂ [m, H], db₂ [m], from x [N, k] and g [N, m]
    /// (row-major), each row's hidden layer recomputed.
    /// </summary>
    /// <remarks>
    /// One pass over a row's H hidden units does what were separate passes (dh = Σ_c g_c W₂[c, :], dW₂ += g hᵀ,
    /// dpre = dh ⊙ act', db₁ += dpre, dW₁ᵀ += x dpreᵀ; for ReLU the hidden values too), eight units at a time in
    /// registers; each element gets the same operations in the same order as in those passes (a multiply, then an add),
    /// so the results are the same bits. dx stays a dot product per input (<see cref="Dot"/>).
    /// </remarks>
    public static void Backward(in Weights w, ReadOnlySpan<float> x, ReadOnlySpan<float> g, int n,
        Span<float> dx, Span<float> dw1, Span<float> db1, Span<float> dw2, Span<float> db2)
    {
        int h = w.H, k = w.K, m = w.M;
        var hidden = new float[h];
        var dpre = new float[h];
        var dw1t = new float[k * h];
        db1.Clear(); dw2.Clear(); db2.Clear();
        int r = 0;
        if (BlockShape(w))
        {
            var dpreRows = new float[RowBlock * h];
            for (; r <= n - RowBlock; r += RowBlock)
            {
                RowBlockBackward2x2Relu(w, x.Slice(r * k, RowBlock * k), g.Slice(r * m, RowBlock * m), dpreRows, dw1t, db1, dw2);
                for (int b = 0; b < RowBlock; b++)
                    for (int c = 0; c < m; c++) db2[c] += g[(r + b) * m + c];
                RowBlockDx2(w, dpreRows, dx.Slice(r * k, RowBlock * k));
            }
        }
        for (; r < n; r++)
        {
            var xr = x.Slice(r * k, k);
            var gr = g.Slice(r * m, m);
            if (w.Act != FusedActivation.Relu) Hidden(w, xr, hidden);
            RowBackward(w, xr, gr, hidden, dpre, dw1t, db1, dw2);
            for (int c = 0; c < m; c++) db2[c] += gr[c];
            for (int i = 0; i < k; i++) dx[r * k + i] = Dot(dpre, w.W1T.AsSpan(i * h, h));
        }
        for (int j = 0; j < h; j++)
            for (int i = 0; i < k; i++) dw1[j * k + i] = dw1t[i * h + j];
    }

    /// <summary>hidden = act(b₁ + Σᵢ xᵢ W₁[:, i]), the sum in the order b₁, then i = 0, 1, …</summary>
    private static void Hidden(in Weights w, ReadOnlySpan<float> xr, Span<float> hidden)
    {
        int h = w.H, j = 0;
        bool relu = w.Act == FusedActivation.Relu;
        ref float w1t = ref MemoryMarshal.GetArrayDataReference(w.W1T);
        ref float b1 = ref MemoryMarshal.GetArrayDataReference(w.B1);
        ref float hd = ref MemoryMarshal.GetReference(hidden);
        if (Vector256.IsHardwareAccelerated)
            for (; j <= h - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                var pre = Pre(w, xr, ref w1t, ref b1, j);
                (relu ? Relu(pre) : pre).StoreUnsafe(ref hd, (nuint)j);
            }
        for (; j < h; j++)
        {
            float pre = PreScalar(w, xr, j);
            hidden[j] = relu ? Relu(pre) : pre;
        }
        switch (w.Act)
        {
            case FusedActivation.Relu: break;
            case FusedActivation.Tanh: Elementwise.TanhInPlace(hidden); break;
            default: Elementwise.Elu(hidden, w.Alpha, hidden); break;
        }
    }

    /// <summary>
    /// One row's pass over the hidden units: dpre = act'(Σ_c W₂[c, :] g_c) (into <paramref name="dpre"/>), dW₂[c, :] +=
    /// g_c h, db₁ += dpre, dW₁ᵀ[i, :] += xᵢ dpre. For ReLU h is computed here; else it is read from <paramref name="hidden"/>.
    /// </summary>
    private static void RowBackward(in Weights w, ReadOnlySpan<float> xr, ReadOnlySpan<float> gr, Span<float> hidden,
        Span<float> dpre, Span<float> dw1t, Span<float> db1, Span<float> dw2)
    {
        int h = w.H, k = w.K, m = w.M, j = 0;
        bool relu = w.Act == FusedActivation.Relu;
        ref float w1t = ref MemoryMarshal.GetArrayDataReference(w.W1T);
        ref float b1 = ref MemoryMarshal.GetArrayDataReference(w.B1);
        ref float w2 = ref MemoryMarshal.GetArrayDataReference(w.W2);
        ref float hd = ref MemoryMarshal.GetReference(hidden);
        ref float dp = ref MemoryMarshal.GetReference(dpre);
        ref float dw1 = ref MemoryMarshal.GetReference(dw1t);
        ref float db = ref MemoryMarshal.GetReference(db1);
        ref float dw2r = ref MemoryMarshal.GetReference(dw2);
        if (Vector256.IsHardwareAccelerated)
        {
            var alpha = Vector256.Create(w.Alpha);
            for (; j <= h - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                var hv = relu ? Relu(Pre(w, xr, ref w1t, ref b1, j)) : Vector256.LoadUnsafe(ref hd, (nuint)j);
                var d = Vector256<float>.Zero;
                for (int c = 0; c < m; c++)
                {
                    var gc = Vector256.Create(gr[c]);
                    d = Vector256.LoadUnsafe(ref w2, (nuint)(c * h + j)) * gc + d;
                    nuint at = (nuint)(c * h + j);
                    (hv * gc + Vector256.LoadUnsafe(ref dw2r, at)).StoreUnsafe(ref dw2r, at);
                }
                var positive = Vector256.GreaterThan(hv, Vector256<float>.Zero);
                d = w.Act switch
                {
                    FusedActivation.Relu => Vector256.ConditionalSelect(positive, d, Vector256<float>.Zero),
                    FusedActivation.Tanh => d * (Vector256<float>.One - hv * hv),
                    _ => Vector256.ConditionalSelect(positive, d, d * (hv + alpha)),
                };
                d.StoreUnsafe(ref dp, (nuint)j);
                (Vector256.LoadUnsafe(ref db, (nuint)j) + d).StoreUnsafe(ref db, (nuint)j);
                for (int i = 0; i < k; i++)
                {
                    nuint at = (nuint)(i * h + j);
                    (d * Vector256.Create(xr[i]) + Vector256.LoadUnsafe(ref dw1, at)).StoreUnsafe(ref dw1, at);
                }
            }
        }
        for (; j < h; j++)
        {
            float hv = relu ? Relu(PreScalar(w, xr, j)) : hidden[j];
            float d = 0f;
            for (int c = 0; c < m; c++)
            {
                d = w.W2[c * h + j] * gr[c] + d;
                dw2[c * h + j] = hv * gr[c] + dw2[c * h + j];
            }
            d = w.Act switch
            {
                FusedActivation.Relu => hv > 0f ? d : 0f,
                FusedActivation.Tanh => d * (1f - hv * hv),
                _ => hv > 0f ? d : d * (hv + w.Alpha),
            };
            dpre[j] = d;
            db1[j] = db1[j] + d;
            for (int i = 0; i < k; i++) dw1t[i * h + j] = d * xr[i] + dw1t[i * h + j];
        }
    }

    /// <summary>Rows per block of <see cref="RowBlockBackward2x2Relu"/>.</summary>
    private const int RowBlock = 4;

    /// <summary>
    /// <see cref="RowBackward"/> for <see cref="RowBlock"/> rows at once, two inputs, two outputs, ReLU: for each eight
    /// hidden units the weights and the sums dW₂, db₁, dW₁ᵀ stay in registers while the rows pass, in row order, so every
    /// element gets the same operations in the same order as row by row. dpre of row b goes to <paramref name="dpreRows"/>[b·H …].
    /// </summary>
    private static void RowBlockBackward2x2Relu(in Weights w, ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> dpreRows,
        Span<float> dw1t, Span<float> db1, Span<float> dw2)
    {
        int h = w.H;
        ref float w1t = ref MemoryMarshal.GetArrayDataReference(w.W1T);
        ref float b1 = ref MemoryMarshal.GetArrayDataReference(w.B1);
        ref float w2 = ref MemoryMarshal.GetArrayDataReference(w.W2);
        ref float dp = ref MemoryMarshal.GetReference(dpreRows);
        ref float dw1 = ref MemoryMarshal.GetReference(dw1t);
        ref float db = ref MemoryMarshal.GetReference(db1);
        ref float dw2r = ref MemoryMarshal.GetReference(dw2);
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float gs = ref MemoryMarshal.GetReference(g);
        for (int j = 0; j < h; j += Vector256<float>.Count)
        {
            nuint j0 = (nuint)j, j1 = (nuint)(h + j);
            var w10 = Vector256.LoadUnsafe(ref w1t, j0);
            var w11 = Vector256.LoadUnsafe(ref w1t, j1);
            var bias = Vector256.LoadUnsafe(ref b1, j0);
            var w20 = Vector256.LoadUnsafe(ref w2, j0);
            var w21 = Vector256.LoadUnsafe(ref w2, j1);
            var a20 = Vector256.LoadUnsafe(ref dw2r, j0);
            var a21 = Vector256.LoadUnsafe(ref dw2r, j1);
            var a10 = Vector256.LoadUnsafe(ref dw1, j0);
            var a11 = Vector256.LoadUnsafe(ref dw1, j1);
            var ab = Vector256.LoadUnsafe(ref db, j0);
            for (int b = 0; b < RowBlock; b++)
            {
                var x0 = Vector256.Create(Unsafe.Add(ref xs, 2 * b));
                var x1 = Vector256.Create(Unsafe.Add(ref xs, 2 * b + 1));
                var g0 = Vector256.Create(Unsafe.Add(ref gs, 2 * b));
                var g1 = Vector256.Create(Unsafe.Add(ref gs, 2 * b + 1));
                var hv = Relu(w11 * x1 + (w10 * x0 + bias));
                var d = w21 * g1 + (w20 * g0 + Vector256<float>.Zero);
                a20 = hv * g0 + a20;
                a21 = hv * g1 + a21;
                d = Vector256.ConditionalSelect(Vector256.GreaterThan(hv, Vector256<float>.Zero), d, Vector256<float>.Zero);
                d.StoreUnsafe(ref dp, (nuint)(b * h + j));
                ab += d;
                a10 = d * x0 + a10;
                a11 = d * x1 + a11;
            }
            a20.StoreUnsafe(ref dw2r, j0);
            a21.StoreUnsafe(ref dw2r, j1);
            a10.StoreUnsafe(ref dw1, j0);
            a11.StoreUnsafe(ref dw1, j1);
            ab.StoreUnsafe(ref db, j0);
        }
    }

    /// <summary>
    /// dx of <see cref="RowBlock"/> rows, two inputs: <see cref="Dot"/>(dpre of row b, W₁ᵀ[i, :]) for the eight pairs
    /// (b, i) at once, their lane sums side by side in registers (the same order as <see cref="Dot"/> row by row).
    /// </summary>
    private static void RowBlockDx2(in Weights w, ReadOnlySpan<float> dpreRows, Span<float> dx)
    {
        int h = w.H;
        ref float w1t = ref MemoryMarshal.GetArrayDataReference(w.W1T);
        ref float dp = ref MemoryMarshal.GetReference(dpreRows);
        Vector256<float> s00 = default, s01 = default, s10 = default, s11 = default, s20 = default, s21 = default, s30 = default, s31 = default;
        for (int j = 0; j < h; j += Vector256<float>.Count)
        {
            var w0 = Vector256.LoadUnsafe(ref w1t, (nuint)j);
            var w1 = Vector256.LoadUnsafe(ref w1t, (nuint)(h + j));
            var d = Vector256.LoadUnsafe(ref dp, (nuint)j);
            s00 = d * w0 + s00;
            s01 = d * w1 + s01;
            d = Vector256.LoadUnsafe(ref dp, (nuint)(h + j));
            s10 = d * w0 + s10;
            s11 = d * w1 + s11;
            d = Vector256.LoadUnsafe(ref dp, (nuint)(2 * h + j));
            s20 = d * w0 + s20;
            s21 = d * w1 + s21;
            d = Vector256.LoadUnsafe(ref dp, (nuint)(3 * h + j));
            s30 = d * w0 + s30;
            s31 = d * w1 + s31;
        }
        dx[0] = Sum8(s00); dx[1] = Sum8(s01);
        dx[2] = Sum8(s10); dx[3] = Sum8(s11);
        dx[4] = Sum8(s20); dx[5] = Sum8(s21);
        dx[6] = Sum8(s30); dx[7] = Sum8(s31);
    }

    /// <summary>b₁ + Σᵢ xᵢ W₁[:, i] for the eight hidden units from j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Pre(in Weights w, ReadOnlySpan<float> xr, ref float w1t, ref float b1, int j)
    {
        var pre = Vector256.LoadUnsafe(ref b1, (nuint)j);
        for (int i = 0; i < w.K; i++) pre = Vector256.LoadUnsafe(ref w1t, (nuint)(i * w.H + j)) * Vector256.Create(xr[i]) + pre;
        return pre;
    }

    private static float PreScalar(in Weights w, ReadOnlySpan<float> xr, int j)
    {
        float pre = w.B1[j];
        for (int i = 0; i < w.K; i++) pre = w.W1T[i * w.H + j] * xr[i] + pre;
        return pre;
    }

    /// <summary>max(v, 0) as <see cref="TensorPrimitives.Max(ReadOnlySpan{float}, float, Span{float})"/> gives it: NaN stays NaN, −0 becomes +0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Relu(Vector256<float> v) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero) | ~Vector256.Equals(v, v), v, Vector256<float>.Zero);

    private static float Relu(float v) => v > 0f || float.IsNaN(v) ? v : 0f;
}
