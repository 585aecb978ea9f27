using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Grader.Tensors;

internal enum BinaryOp { Add, Sub, Mul, Div, Max, Min }

internal enum CompareOp { Gt, Ge, Lt, Le }

/// <summary>Element-wise kernels on raw storage; they build no graph. SIMD through <see cref="TensorPrimitives"/>.</summary>
internal static class Elementwise
{
    /// <summary>a ∘ b with broadcasting, into a new buffer of the broadcast shape (contiguous).</summary>
    public static TensorStorage Binary(BinaryOp op, Tensor a, Tensor b, int[] outShape)
    {
        int n = ShapeUtil.Numel(outShape);
        var storage = TensorStorage.Allocate(n);   // every path of BinaryInto writes every element
        if (n > 0) BinaryInto(op, a, b, outShape, storage.Span);
        return storage;
    }

    /// <summary>
    /// a ∘ b with broadcasting, written into <paramref name="dst"/> (row-major, the broadcast shape's length).
    /// <paramref name="dst"/> may be exactly the elements of a contiguous operand of the output's shape (an in-place
    /// update); every element is computed from the operands' values at its own position.
    /// </summary>
    public static void BinaryInto(BinaryOp op, Tensor a, Tensor b, int[] outShape, Span<float> dst)
    {
        int n = dst.Length;
        bool aFull = a.is_contiguous() && ShapeUtil.SameShape(a.Shape, outShape);
        bool bFull = b.is_contiguous() && ShapeUtil.SameShape(b.Shape, outShape);
        float[] A = a.Data, B = b.Data;
        if (aFull && bFull) { SpanSpan(op, A.AsSpan(a.Offset, n), B.AsSpan(b.Offset, n), dst); return; }
        if (aFull && b.numel() == 1) { SpanScalar(op, A.AsSpan(a.Offset, n), B[b.Offset], dst); return; }
        if (bFull && a.numel() == 1) { ScalarSpan(op, A[a.Offset], B.AsSpan(b.Offset, n), dst); return; }
        // A full operand and a contiguous block repeated along the leading dims (a bias row): row by row, no index walk.
        if (aFull && IsTrailingBlock(b, outShape, n, out int len)) { RowBlock(op, A.AsSpan(a.Offset, n), B.AsSpan(b.Offset, len), dst, blockIsRight: true); return; }
        if (bFull && IsTrailingBlock(a, outShape, n, out len)) { RowBlock(op, B.AsSpan(b.Offset, n), A.AsSpan(a.Offset, len), dst, blockIsRight: false); return; }

        var sa = ShapeUtil.BroadcastStrides(a.Shape, a.Strides, outShape, op.ToString());
        var sb = ShapeUtil.BroadcastStrides(b.Shape, b.Strides, outShape, op.ToString());
        var (cs, cstr) = Strided.Coalesce(outShape, sa, sb, Tensor.ContiguousStrides(outShape));
        int rank = cs.Length, inner = cs[^1];
        int ia = cstr[0][^1], ib = cstr[1][^1];
        int[] stA = cstr[0], stB = cstr[1], stD = cstr[2];
        if (rank == 2 && TransposedAgainstRows(op, cs, stA, stB, A, oaStart: a.Offset, B, obStart: b.Offset, dst)) return;
        float[]? tmpA = ia > 1 ? new float[inner] : null, tmpB = ib > 1 ? new float[inner] : null;
        bool exact = op is BinaryOp.Add or BinaryOp.Sub or BinaryOp.Mul or BinaryOp.Div;   // same result element by element or in SIMD
        Span<int> idx = stackalloc int[Math.Max(rank - 1, 1)];
        idx.Clear();
        int oa = a.Offset, ob = b.Offset, od = 0;
        while (true)   // odometer over the outer dims, one inner row per turn
        {
            var d = dst.Slice(od, inner);
            if (ia == 0 && ib == 0) d.Fill(Scalar(op, A[oa], B[ob]));
            else if (exact && inner < 8 && ia >= 0 && ib >= 0)
                for (int j = 0; j < inner; j++) d[j] = Scalar(op, A[oa + j * ia], B[ob + j * ib]);
            else
            {
                ReadOnlySpan<float> ra = ia == 1 ? A.AsSpan(oa, inner) : ia == 0 ? default : Gather(A, oa, ia, tmpA!);
                ReadOnlySpan<float> rb = ib == 1 ? B.AsSpan(ob, inner) : ib == 0 ? default : Gather(B, ob, ib, tmpB!);
                if (ia == 0) ScalarSpan(op, A[oa], rb, d);
                else if (ib == 0) SpanScalar(op, ra, B[ob], d);
                else SpanSpan(op, ra, rb, d);
            }
            int k = rank - 2;
            while (k >= 0)
            {
                idx[k]++;
                oa += stA[k]; ob += stB[k]; od += stD[k];
                if (idx[k] < cs[k]) break;
                oa -= stA[k] * cs[k]; ob -= stB[k] * cs[k]; od -= stD[k] * cs[k];
                idx[k] = 0;
                k--;
            }
            if (k < 0) break;
        }
    }

    /// <summary>
    /// True when <paramref name="t"/> is contiguous and its shape, without leading 1s, is a proper suffix of
    /// <paramref name="outShape"/>: broadcasting repeats it as a block of <paramref name="len"/> elements.
    /// </summary>
    private static bool IsTrailingBlock(Tensor t, int[] outShape, int n, out int len)
    {
        len = t.numel();
        if (len == 0 || len >= n || !t.is_contiguous()) return false;
        int lead = 0;
        while (lead < t.Shape.Length && t.Shape[lead] == 1) lead++;
        int rank = t.Shape.Length - lead;
        if (rank > outShape.Length) return false;
        for (int i = 0; i < rank; i++)
            if (t.Shape[lead + i] != outShape[outShape.Length - rank + i]) return false;
        return true;
    }

    /// <summary>Row r of dst = row r of full ∘ block (or block ∘ row when the block is the left operand).</summary>
    private static void RowBlock(BinaryOp op, ReadOnlySpan<float> full, ReadOnlySpan<float> block, Span<float> dst, bool blockIsRight)
    {
        int len = block.Length;
        bool exact = op is BinaryOp.Add or BinaryOp.Sub or BinaryOp.Mul or BinaryOp.Div;
        if (exact && len < 8)
        {
            for (int r = 0; r < dst.Length; r += len)
                for (int j = 0; j < len; j++)
                    dst[r + j] = blockIsRight ? Scalar(op, full[r + j], block[j]) : Scalar(op, block[j], full[r + j]);
            return;
        }
        for (int r = 0; r < dst.Length; r += len)
        {
            if (blockIsRight) SpanSpan(op, full.Slice(r, len), block, dst.Slice(r, len));
            else SpanSpan(op, block, full.Slice(r, len), dst.Slice(r, len));
        }
    }

    /// <summary>
    /// a ∘ b for a 2-D [R, C] pair where one operand is row-major and the other the transpose of a row-major [C, R]
    /// matrix (strides [1, R]: a weight's gradient through <c>t()</c>, accumulated with another): the transposed one is
    /// first copied into a row-major buffer by 8 × 8 blocks, then one SIMD pass pairs the same elements as the row by
    /// row gather does, so the values are the same. False (nothing written) for any other layout, or when the
    /// transposed operand overlaps <paramref name="dst"/> (the row by row walk's order then matters).
    /// </summary>
    private static bool TransposedAgainstRows(BinaryOp op, int[] cs, int[] stA, int[] stB, float[] A, int oaStart, float[] B, int obStart, Span<float> dst)
    {
        int rows = cs[0], cols = cs[1], n = rows * cols;
        if (rows < 8 || cols < 8) return false;
        bool aRows = stA[0] == cols && stA[1] == 1, bRows = stB[0] == cols && stB[1] == 1;
        bool aT = stA[0] == 1 && stA[1] == rows, bT = stB[0] == 1 && stB[1] == rows;
        if (!(aRows && bT) && !(aT && bRows)) return false;
        var (src, off) = aT ? (A, oaStart) : (B, obStart);
        var srcSpan = src.AsSpan(off, n);
        if (dst.Overlaps(srcSpan)) return false;
        var buf = System.Buffers.ArrayPool<float>.Shared.Rent(n);
        var t = buf.AsSpan(0, n);
        Transpose(srcSpan, cols, rows, t);
        if (aT) SpanSpan(op, t, B.AsSpan(obStart, n), dst);
        else SpanSpan(op, A.AsSpan(oaStart, n), t, dst);
        System.Buffers.ArrayPool<float>.Shared.Return(buf);
        return true;
    }

    /// <summary>d = sᵀ for a row-major s of [r, c] (d row-major [c, r]): 8 × 8 blocks in registers, the edges element by element.</summary>
    public static void Transpose(ReadOnlySpan<float> s, int r, int c, Span<float> d)
    {
        int r8 = Avx.IsSupported ? r - r % 8 : 0, c8 = Avx.IsSupported ? c - c % 8 : 0;
        for (int i = 0; i < r8; i += 8)
            for (int j = 0; j < c8; j += 8)
                Transpose8x8(s.Slice(i * c + j), c, d.Slice(j * r + i), r);
        for (int i = 0; i < r; i++)
        {
            int j0 = i < r8 ? c8 : 0;
            for (int j = j0; j < c; j++) d[j * r + i] = s[i * c + j];
        }
    }

    /// <summary>The 8 × 8 block at s (row stride ls) transposed into d (row stride ld): unpack, shuffle, swap halves.</summary>
    private static void Transpose8x8(ReadOnlySpan<float> s, int ls, Span<float> d, int ld)
    {
        var r0 = Vector256.Create(s.Slice(0 * ls, 8)); var r1 = Vector256.Create(s.Slice(1 * ls, 8));
        var r2 = Vector256.Create(s.Slice(2 * ls, 8)); var r3 = Vector256.Create(s.Slice(3 * ls, 8));
        var r4 = Vector256.Create(s.Slice(4 * ls, 8)); var r5 = Vector256.Create(s.Slice(5 * ls, 8));
        var r6 = Vector256.Create(s.Slice(6 * ls, 8)); var r7 = Vector256.Create(s.Slice(7 * ls, 8));
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        // column j of rows 0–3 in the low half, column j + 4 in the high half
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE), u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE), u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Permute2x128(u0, u4, 0x20).CopyTo(d.Slice(0 * ld, 8));
        Avx.Permute2x128(u1, u5, 0x20).CopyTo(d.Slice(1 * ld, 8));
        Avx.Permute2x128(u2, u6, 0x20).CopyTo(d.Slice(2 * ld, 8));
        Avx.Permute2x128(u3, u7, 0x20).CopyTo(d.Slice(3 * ld, 8));
        Avx.Permute2x128(u0, u4, 0x31).CopyTo(d.Slice(4 * ld, 8));
        Avx.Permute2x128(u1, u5, 0x31).CopyTo(d.Slice(5 * ld, 8));
        Avx.Permute2x128(u2, u6, 0x31).CopyTo(d.Slice(6 * ld, 8));
        Avx.Permute2x128(u3, u7, 0x31).CopyTo(d.Slice(7 * ld, 8));
    }

    private static float[] Gather(float[] src, int off, int stride, float[] tmp)
    {
        for (int j = 0; j < tmp.Length; j++) tmp[j] = src[off + j * stride];
        return tmp;
    }

    public static float Scalar(BinaryOp op, float x, float y) => op switch
    {
        BinaryOp.Add => x + y,
        BinaryOp.Sub => x - y,
        BinaryOp.Mul => x * y,
        BinaryOp.Div => x / y,
        BinaryOp.Max => float.IsNaN(x) || float.IsNaN(y) ? float.NaN : Math.Max(x, y),
        BinaryOp.Min => float.IsNaN(x) || float.IsNaN(y) ? float.NaN : Math.Min(x, y),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    private static void SpanSpan(BinaryOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(x, y, d); break;
            case BinaryOp.Sub: TensorPrimitives.Subtract(x, y, d); break;
            case BinaryOp.Mul: TensorPrimitives.Multiply(x, y, d); break;
            case BinaryOp.Div: TensorPrimitives.Divide(x, y, d); break;
            case BinaryOp.Max: TensorPrimitives.Max(x, y, d); break;
            case BinaryOp.Min: TensorPrimitives.Min(x, y, d); break;
        }
    }

    private static void SpanScalar(BinaryOp op, ReadOnlySpan<float> x, float y, Span<float> d)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(x, y, d); break;
            case BinaryOp.Sub: TensorPrimitives.Subtract(x, y, d); break;
            case BinaryOp.Mul: TensorPrimitives.Multiply(x, y, d); break;
            case BinaryOp.Div: TensorPrimitives.Divide(x, y, d); break;
            case BinaryOp.Max: TensorPrimitives.Max(x, y, d); break;
            case BinaryOp.Min: TensorPrimitives.Min(x, y, d); break;
        }
    }

    private static void ScalarSpan(BinaryOp op, float x, ReadOnlySpan<float> y, Span<float> d)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(y, x, d); break;
            case BinaryOp.Sub: TensorPrimitives.Subtract(x, y, d); break;
            case BinaryOp.Mul: TensorPrimitives.Multiply(y, x, d); break;
            case BinaryOp.Div: TensorPrimitives.Divide(x, y, d); break;
            case BinaryOp.Max: TensorPrimitives.Max(y, x, d); break;
            case BinaryOp.Min: TensorPrimitives.Min(y, x, d); break;
        }
    }

    /// <summary>
    /// Applies a span kernel to the elements of <paramref name="x"/> in row-major order, into a new buffer. The
    /// destination is not zeroed first (it is uninitialised): the kernel must write every element.
    /// </summary>
    public static TensorStorage Unary(Tensor x, SpanAction kernel)
    {
        var src = x.Span;
        var storage = TensorStorage.Allocate(src.Length);
        kernel(src, storage.Span);
        return storage;
    }

    public delegate void SpanAction(ReadOnlySpan<float> src, Span<float> dst);

    /// <summary>d = c ≠ 0 ? x : y element-wise (NaN in c counts as true, −0 as false); SIMD over the spans.</summary>
    public static void Select(ReadOnlySpan<float> c, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= d.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var isZero = Vector.Equals(new Vector<float>(c[i..]), Vector<float>.Zero);
                Vector.ConditionalSelect(isZero, new Vector<float>(y[i..]), new Vector<float>(x[i..])).CopyTo(d[i..]);
            }
        for (; i < d.Length; i++) d[i] = c[i] != 0f ? x[i] : y[i];
    }

    /// <summary>d = g · (x ∘ v ? 1 : 0), the product of g with <see cref="CompareScalar"/>'s mask, in one pass.</summary>
    public static void MulByMask(CompareOp op, ReadOnlySpan<float> g, ReadOnlySpan<float> x, float v, Span<float> d)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vv = new Vector<float>(v);
            var one = Vector<float>.One;
            for (; i <= d.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var xv = new Vector<float>(x[i..]);
                var mask = op switch
                {
                    CompareOp.Gt => Vector.GreaterThan(xv, vv),
                    CompareOp.Ge => Vector.GreaterThanOrEqual(xv, vv),
                    CompareOp.Lt => Vector.LessThan(xv, vv),
                    _ => Vector.LessThanOrEqual(xv, vv),
                };
                (new Vector<float>(g[i..]) * Vector.BitwiseAnd(mask.As<int, float>(), one)).CopyTo(d[i..]);
            }
        }
        for (; i < d.Length; i++)
            d[i] = g[i] * (op switch
            {
                CompareOp.Gt => x[i] > v,
                CompareOp.Ge => x[i] >= v,
                CompareOp.Lt => x[i] < v,
                _ => x[i] <= v,
            } ? 1f : 0f);
    }

    /// <summary>
    /// ELU, x &gt; 0 ? x : α·(eˣ − 1), in float32 SIMD with eˣ − 1 from <see cref="Expm1NonPositive(Vector{float})"/>:
    /// within 1 ulp of the correctly rounded eˣ − 1 for every x ≤ 0 (checked exhaustively), so for α = 1 within 1 ulp
    /// of the correctly rounded ELU, and within 1.5 ulp for other α (one more rounding). Every element gets the same
    /// value in the 512-bit loop, the <see cref="Vector{T}"/> loop and the scalar tail (the same operations lane by lane),
    /// so the result does not depend on where a span starts or ends.
    /// </summary>
    public static void Elu(ReadOnlySpan<float> s, float alpha, Span<float> d)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var va = Vector512.Create(alpha);
            for (; i <= s.Length - Vector512<float>.Count; i += Vector512<float>.Count)
                Elu(Vector512.Create(s[i..]), va).CopyTo(d[i..]);
        }
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<float>(alpha);
            for (; i <= s.Length - Vector<float>.Count; i += Vector<float>.Count)
                Elu(new Vector<float>(s[i..]), va).CopyTo(d[i..]);
        }
        for (; i < s.Length; i++) d[i] = Elu(s[i], alpha);
    }

    /// <summary>
    /// data[r, j] ← ELU(data[r, j] + row[j]) in one pass: the values of <see cref="AddRowInPlace"/> followed by
    /// <see cref="Elu(ReadOnlySpan{float}, float, Span{float})"/> bit for bit (the sum is rounded to float first).
    /// </summary>
    public static void AddRowElu(Span<float> data, ReadOnlySpan<float> row, float alpha)
    {
        int n = row.Length, width = Vector<float>.Count;
        var va = new Vector<float>(alpha);
        var va512 = Vector512.Create(alpha);
        for (int r = 0; r < data.Length; r += n)
        {
            var d = data.Slice(r, n);
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
                for (; j <= n - Vector512<float>.Count; j += Vector512<float>.Count)
                    Elu(Vector512.Create(d[j..]) + Vector512.Create(row[j..]), va512).CopyTo(d[j..]);
            if (Vector.IsHardwareAccelerated)
                for (; j <= n - width; j += width)
                    Elu(new Vector<float>(d[j..]) + new Vector<float>(row[j..]), va).CopyTo(d[j..]);
            for (; j < n; j++) d[j] = Elu(d[j] + row[j], alpha);
        }
    }

    internal static Vector<float> Elu(Vector<float> x, Vector<float> alpha) =>
        Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<float>.Zero), x, alpha * Expm1NonPositive(x));

    internal static Vector512<float> Elu(Vector512<float> x, Vector512<float> alpha) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, alpha * Expm1NonPositive(x));

    internal static float Elu(float x, float alpha) => x > 0f ? x : alpha * Expm1NonPositive(x);

    private const float InvLn2 = 1.44269502f, Ln2Hi = 0.693359375f, Ln2Lo = -2.12194442e-4f, Expm1Floor = -30f;

    /// <summary>
    /// 1.5·2²³ and its bit pattern: for an integer k with |k| &lt; 2²², k + 1.5·2²³ is exact and its bits are
    /// 0x4B400000 + k, so (bits + 127 − 0x4B400000) &lt;&lt; 23 is 2ᵏ's bit pattern — three instructions, where .NET 10's
    /// saturating float-to-int conversion takes five before the add and the shift (the ELU pass in 0.85–0.93 of its
    /// time, emulated without AVX-512, 2026-11-26 round 4).
    /// </summary>
    private const float ExponentMagic = 12582912f;
    private const int ExponentMagicBits = 0x4B40_0000;

    /// <summary>eˣ − 1 for x ≤ 0 in float32 (lanes with x &gt; 0 give values the caller discards; NaN stays NaN).</summary>
    /// <remarks>
    /// x = k·ln 2 + r with k = round(x/ln 2), |r| ≤ ln 2/2 (Cody–Waite: k·Ln2Hi is exact and so is x − k·Ln2Hi, by
    /// Sterbenz; Ln2Hi + Ln2Lo is ln 2 within 2·10⁻¹²); eʳ − 1 = r + r²·q(r) with q the Taylor polynomial to r⁶/8!
    /// (truncation below 3·10⁻¹⁰ relative); eˣ − 1 = 2ᵏ·(eʳ − 1) + (2ᵏ − 1), where 2ᵏ − 1 is exact for k ≥ −24 and
    /// the sum is one fused rounding (both terms have the sign of x, no cancellation). For x below −30 the float result
    /// is −1 anyway; clamping there keeps 2ᵏ a normal float. 2ᵏ is built from k by <see cref="ExponentMagic"/> (the clamped
    /// k is an integer in [−43, 0] for every x ≤ 0); for a NaN x the result is x's NaN as before, whatever 2ᵏ is.
    /// </remarks>
    internal static Vector<float> Expm1NonPositive(Vector<float> x)
    {
        x = Vector.ConditionalSelect(Vector.LessThan(x, new Vector<float>(Expm1Floor)), new Vector<float>(Expm1Floor), x);
        var k = Vector.Round(x * new Vector<float>(InvLn2));
        var r = Vector.FusedMultiplyAdd(k, new Vector<float>(-Ln2Hi), x);
        r = Vector.FusedMultiplyAdd(k, new Vector<float>(-Ln2Lo), r);
        var q = new Vector<float>(1f / 40320);
        q = Vector.FusedMultiplyAdd(q, r, new Vector<float>(1f / 5040));
        q = Vector.FusedMultiplyAdd(q, r, new Vector<float>(1f / 720));
        q = Vector.FusedMultiplyAdd(q, r, new Vector<float>(1f / 120));
        q = Vector.FusedMultiplyAdd(q, r, new Vector<float>(1f / 24));
        q = Vector.FusedMultiplyAdd(q, r, new Vector<float>(1f / 6));
        q = Vector.FusedMultiplyAdd(q, r, new Vector<float>(0.5f));
        var p = Vector.FusedMultiplyAdd(r * r, q, r);
        var twoK = Vector.AsVectorSingle(Vector.ShiftLeft(Vector.AsVectorInt32(k + new Vector<float>(ExponentMagic)) + new Vector<int>(127 - ExponentMagicBits), 23));
        return Vector.FusedMultiplyAdd(twoK, p, twoK - Vector<float>.One);
    }

    /// <summary>The 512-bit form of <see cref="Expm1NonPositive(Vector{float})"/>, operation for operation (the same bits).</summary>
    internal static Vector512<float> Expm1NonPositive(Vector512<float> x)
    {
        x = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(Expm1Floor)), Vector512.Create(Expm1Floor), x);
        var k = Vector512.Round(x * Vector512.Create(InvLn2));
        var r = Vector512.FusedMultiplyAdd(k, Vector512.Create(-Ln2Hi), x);
        r = Vector512.FusedMultiplyAdd(k, Vector512.Create(-Ln2Lo), r);
        var q = Vector512.Create(1f / 40320);
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(1f / 5040));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(1f / 720));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(1f / 120));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(1f / 24));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(1f / 6));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(0.5f));
        var p = Vector512.FusedMultiplyAdd(r * r, q, r);
        var twoK = Vector512.ShiftLeft((k + Vector512.Create(ExponentMagic)).AsInt32() + Vector512.Create(127 - ExponentMagicBits), 23).AsSingle();
        return Vector512.FusedMultiplyAdd(twoK, p, twoK - Vector512<float>.One);
    }

    /// <summary>The scalar form of <see cref="Expm1NonPositive(Vector{float})"/>, operation for operation (the same bits).</summary>
    internal static float Expm1NonPositive(float x)
    {
        if (x < Expm1Floor) x = Expm1Floor;
        float k = MathF.Round(x * InvLn2);
        float r = MathF.FusedMultiplyAdd(k, -Ln2Hi, x);
        r = MathF.FusedMultiplyAdd(k, -Ln2Lo, r);
        float q = 1f / 40320;
        q = MathF.FusedMultiplyAdd(q, r, 1f / 5040);
        q = MathF.FusedMultiplyAdd(q, r, 1f / 720);
        q = MathF.FusedMultiplyAdd(q, r, 1f / 120);
        q = MathF.FusedMultiplyAdd(q, r, 1f / 24);
        q = MathF.FusedMultiplyAdd(q, r, 1f / 6);
        q = MathF.FusedMultiplyAdd(q, r, 0.5f);
        float p = MathF.FusedMultiplyAdd(r * r, q, r);
        float twoK = BitConverter.Int32BitsToSingle(((int)k + 127) << 23);
        return MathF.FusedMultiplyAdd(twoK, p, twoK - 1f);
    }

    /// <summary>
    /// Overwrites d[i] with (float)tanh(s[i]) computed in double wherever |s[i]| &lt; 0.25 (where the float SIMD tanh
    /// loses relative accuracy). In SIMD by the Taylor series to x²³ (truncation below 2⁻⁶⁰ there): for every one of
    /// the 2.1·10⁹ floats in that range the result equals (float)Math.Tanh(x), checked exhaustively.
    /// </summary>
    public static void RedoSmallTanh(ReadOnlySpan<float> s, Span<float> d)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var quarter = new Vector<float>(0.25f);
            for (; i <= s.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var xf = new Vector<float>(s[i..]);
                var small = Vector.LessThan(Vector.Abs(xf), quarter);
                if (small == Vector<int>.Zero) continue;
                Vector.Widen(xf, out var lo, out var hi);
                var t = Vector.Narrow(TanhTaylor(lo), TanhTaylor(hi));
                Vector.ConditionalSelect(small, t, new Vector<float>(d[i..])).CopyTo(d[i..]);
            }
        }
        for (; i < s.Length; i++) if (MathF.Abs(s[i]) < 0.25f) d[i] = (float)Math.Tanh(s[i]);
    }

    /// <summary>
    /// tanh in place with the values of <c>TensorPrimitives.Tanh</c> then <see cref="RedoSmallTanh"/> over the whole
    /// span (<see cref="Tanh"/> with the span as its own source).
    /// </summary>
    public static void TanhInPlace(Span<float> d) => Tanh(d, d);

    /// <summary>
    /// d = tanh(s), the values of <c>TensorPrimitives.Tanh</c> then <see cref="RedoSmallTanh"/> (s and d the same
    /// memory or apart). With 256-bit vectors and no 512-bit ones, in one pass: per vector of 8, TensorPrimitives'
    /// own formula (−z / (z + 2) with z = e^(−2|x|) − 1 by <c>Vector256.Exp</c>, the sign put back, as its 256-bit path
    /// computes it) and, where a lane has |x| &lt; 0.25, the double Taylor series selected into those lanes; the last
    /// vector overlaps the one before it (each lane's value depends on that lane only). Otherwise (and below 8 values,
    /// where TensorPrimitives takes its 128-bit or scalar path) the two passes, through a copy when in place.
    /// <c>TanhKernelTests</c> holds the pass to the two passes' bits.
    /// </summary>
    public static void Tanh(ReadOnlySpan<float> s, Span<float> d)
    {
        int n = s.Length;
        if (n < Vector256<float>.Count || Vector512.IsHardwareAccelerated || !Vector256.IsHardwareAccelerated || Vector<float>.Count != Vector256<float>.Count)
        {
            TanhTwoPasses(s, d);
            return;
        }
        int last = n - Vector256<float>.Count;
        var tail = Vector256.Create(s[last..]);   // read before the loop may overwrite it (in place)
        for (int i = 0; i < last; i += Vector256<float>.Count)
            TanhVector(Vector256.Create(s[i..])).CopyTo(d[i..]);
        TanhVector(tail).CopyTo(d[last..]);
    }

    /// <summary>TensorPrimitives.Tanh's 256-bit formula, then the Taylor series in double in the lanes with |x| &lt; 0.25.</summary>
    private static Vector256<float> TanhVector(Vector256<float> x)
    {
        var y = Vector256.Abs(x);
        var z = Vector256.Exp(Vector256.Create(-2f) * y) - Vector256<float>.One;
        var sign = x.AsUInt32() & Vector256.Create(0x8000_0000u);
        var t = (sign ^ (-z / (z + Vector256.Create(2f))).AsUInt32()).AsSingle();
        var small = Vector256.LessThan(y, Vector256.Create(0.25f));
        if (small == Vector256<float>.Zero) return t;
        var (lo, hi) = Vector256.Widen(x);
        var taylor = Vector256.Narrow(TanhTaylor(lo.AsVector()).AsVector256(), TanhTaylor(hi.AsVector()).AsVector256());
        return Vector256.ConditionalSelect(small, taylor, t);
    }

    /// <summary>TensorPrimitives.Tanh then <see cref="RedoSmallTanh"/>, chunk by chunk through a copy of the inputs when in place.</summary>
    private static void TanhTwoPasses(ReadOnlySpan<float> s, Span<float> d)
    {
        if (!s.Overlaps(d))
        {
            TensorPrimitives.Tanh(s, d);
            RedoSmallTanh(s, d);
            return;
        }
        // Chunks are multiples of 16 elements and none shorter than 16 unless the span is, so every element goes
        // through the same vector path as in one call.
        const int chunk = 1024;
        Span<float> x = stackalloc float[chunk + 16];
        for (int i = 0; i < d.Length;)
        {
            int len = Math.Min(chunk, d.Length - i);
            if (d.Length - i - len is > 0 and < 16) len = d.Length - i;   // no tail shorter than a vector
            var src = x[..len];
            var dst = d.Slice(i, len);
            s.Slice(i, len).CopyTo(src);
            TensorPrimitives.Tanh(src, dst);
            RedoSmallTanh(src, dst);
            i += len;
        }
    }

    /// <summary>tanh x = x + x·(x²·P(x²)), P the Taylor coefficients 2²ⁿ(2²ⁿ − 1)B₂ₙ/(2n)! for n = 2..12; ±0 kept.</summary>
    private static Vector<double> TanhTaylor(Vector<double> x)
    {
        var x2 = x * x;
        var p = new Vector<double>(-3.927832388331683e-05);
        p = Vector.FusedMultiplyAdd(p, x2, new Vector<double>(9.691537956929451e-05));
        p = Vector.FusedMultiplyAdd(p, x2, new Vector<double>(-0.00023912911424355248));
        p = Vector.FusedMultiplyAdd(p, x2, new Vector<double>(0.000590027440945586));
        p = Vector.FusedMultiplyAdd(p, x2, new Vector<double>(-0.0014558343870513183));
        p = Vector.FusedMultiplyAdd(p, x2, new Vector<double>(0.003592128036572481));
        p = Vector.FusedMultiplyAdd(p, x2, new Vector<double>(-0.008863235529902197));
        p = Vector.FusedMultiplyAdd(p, x2, new Vector<double>(0.021869488536155203));
        p = Vector.FusedMultiplyAdd(p, x2, new Vector<double>(-0.05396825396825397));
        p = Vector.FusedMultiplyAdd(p, x2, new Vector<double>(0.13333333333333333));
        p = Vector.FusedMultiplyAdd(p, x2, new Vector<double>(-0.3333333333333333));
        return Vector.ConditionalSelect(Vector.Equals(x, Vector<double>.Zero), x, Vector.FusedMultiplyAdd(x, x2 * p, x));
    }

    /// <summary>Adds <paramref name="row"/> to every row of <paramref name="data"/> in place (x + b, as the broadcast add computes it).</summary>
    public static void AddRowInPlace(Span<float> data, ReadOnlySpan<float> row)
    {
        int n = row.Length;
        if (n < 8)
        {
            for (int r = 0; r < data.Length; r += n)
                for (int j = 0; j < n; j++) data[r + j] += row[j];
            return;
        }
        for (int r = 0; r < data.Length; r += n)
        {
            var d = data.Slice(r, n);
            TensorPrimitives.Add(d, row, d);
        }
    }

    /// <summary>d = g · (1 − y·y), rounding after each operation as the three separate ops do.</summary>
    public static void TanhBackward(ReadOnlySpan<float> g, ReadOnlySpan<float> y, Span<float> d)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= d.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var yv = new Vector<float>(y[i..]);
                (new Vector<float>(g[i..]) * (Vector<float>.One - yv * yv)).CopyTo(d[i..]);
            }
        for (; i < d.Length; i++) d[i] = g[i] * (1f - y[i] * y[i]);
    }

    /// <summary>d = −(a · b) · c, rounding after each product as the separate ops do (the negation is exact).</summary>
    public static void NegatedProduct(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, Span<float> d)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= d.Length - Vector<float>.Count; i += Vector<float>.Count)
                (-(new Vector<float>(a[i..]) * new Vector<float>(b[i..])) * new Vector<float>(c[i..])).CopyTo(d[i..]);
        for (; i < d.Length; i++) d[i] = -(a[i] * b[i]) * c[i];
    }

    /// <summary>
    /// d = g · (1 − y·y) and e = −(g · h) · y in one pass: the values of <see cref="TanhBackward"/>(g, y, d) and
    /// <see cref="NegatedProduct"/>(g, h, y, e), the same operations in the same order per element.
    /// </summary>
    public static void TanhBackwardAndNegatedProduct(ReadOnlySpan<float> g, ReadOnlySpan<float> h, ReadOnlySpan<float> y, Span<float> d, Span<float> e)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= d.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var yv = new Vector<float>(y[i..]);
                var gv = new Vector<float>(g[i..]);
                (gv * (Vector<float>.One - yv * yv)).CopyTo(d[i..]);
                (-(gv * new Vector<float>(h[i..])) * yv).CopyTo(e[i..]);
            }
        for (; i < d.Length; i++)
        {
            d[i] = g[i] * (1f - y[i] * y[i]);
            e[i] = -(g[i] * h[i]) * y[i];
        }
    }

    /// <summary>d = g · (x &gt; 0 ? 1 : y + α) (NaN in x takes the second branch).</summary>
    public static void EluBackward(ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> y, float alpha, Span<float> d)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<float>(alpha);
            for (; i <= d.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var positive = Vector.GreaterThan(new Vector<float>(x[i..]), Vector<float>.Zero);
                var w = Vector.ConditionalSelect(positive, Vector<float>.One, new Vector<float>(y[i..]) + va);
                (new Vector<float>(g[i..]) * w).CopyTo(d[i..]);
            }
        }
        for (; i < d.Length; i++) d[i] = g[i] * (x[i] > 0f ? 1f : y[i] + alpha);
    }

    /// <summary>1 where x ∘ v holds, else 0 (NaN compares false), for ∘ one of &gt; ≥ &lt; ≤; SIMD over the span.</summary>
    public static void CompareScalar(CompareOp op, ReadOnlySpan<float> s, float v, Span<float> d)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vv = new Vector<float>(v);
            var one = Vector<float>.One;
            for (; i <= s.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var x = new Vector<float>(s[i..]);
                var mask = op switch
                {
                    CompareOp.Gt => Vector.GreaterThan(x, vv),
                    CompareOp.Ge => Vector.GreaterThanOrEqual(x, vv),
                    CompareOp.Lt => Vector.LessThan(x, vv),
                    _ => Vector.LessThanOrEqual(x, vv),
                };
                Vector.BitwiseAnd(mask.As<int, float>(), one).CopyTo(d[i..]);
            }
        }
        for (; i < s.Length; i++)
            d[i] = op switch
            {
                CompareOp.Gt => s[i] > v,
                CompareOp.Ge => s[i] >= v,
                CompareOp.Lt => s[i] < v,
                _ => s[i] <= v,
            } ? 1f : 0f;
    }
}
