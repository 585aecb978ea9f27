using System.Numerics.Tensors;

namespace Grader.Tensors;

internal enum BinaryOp { Add, Sub, Mul, Div, Max, Min }

/// <summary>Element-wise kernels on raw storage; they build no graph. SIMD through <see cref="TensorPrimitives"/>.</summary>
internal static class Elementwise
{
    /// <summary>a ∘ b with broadcasting; returns a new contiguous array of the broadcast shape.</summary>
    public static float[] Binary(BinaryOp op, Tensor a, Tensor b, int[] outShape)
    {
        int n = ShapeUtil.Numel(outShape);
        var dst = new float[n];
        if (n == 0) return dst;
        bool aFull = a.is_contiguous() && ShapeUtil.SameShape(a.Shape, outShape);
        bool bFull = b.is_contiguous() && ShapeUtil.SameShape(b.Shape, outShape);
        if (aFull && bFull) { SpanSpan(op, a.Storage.AsSpan(a.Offset, n), b.Storage.AsSpan(b.Offset, n), dst); return dst; }
        if (aFull && b.numel() == 1) { SpanScalar(op, a.Storage.AsSpan(a.Offset, n), b.Storage[b.Offset], dst); return dst; }
        if (bFull && a.numel() == 1) { ScalarSpan(op, a.Storage[a.Offset], b.Storage.AsSpan(b.Offset, n), dst); return dst; }

        var sa = ShapeUtil.BroadcastStrides(a.Shape, a.Strides, outShape, op.ToString());
        var sb = ShapeUtil.BroadcastStrides(b.Shape, b.Strides, outShape, op.ToString());
        var (cs, cstr) = Strided.Coalesce(outShape, sa, sb, Tensor.ContiguousStrides(outShape));
        int inner = cs[^1];
        int ia = cstr[0][^1], ib = cstr[1][^1];
        float[] A = a.Storage, B = b.Storage;
        float[]? tmpA = ia > 1 ? new float[inner] : null, tmpB = ib > 1 ? new float[inner] : null;
        Strided.ForEachRow(cs, cstr, [a.Offset, b.Offset, 0], off =>
        {
            var d = dst.AsSpan(off[2], inner);
            if (ia == 0 && ib == 0) { d.Fill(Scalar(op, A[off[0]], B[off[1]])); return; }
            ReadOnlySpan<float> ra = ia == 1 ? A.AsSpan(off[0], inner) : ia == 0 ? default : Gather(A, off[0], ia, tmpA!);
            ReadOnlySpan<float> rb = ib == 1 ? B.AsSpan(off[1], inner) : ib == 0 ? default : Gather(B, off[1], ib, tmpB!);
            if (ia == 0) ScalarSpan(op, A[off[0]], rb, d);
            else if (ib == 0) SpanScalar(op, ra, B[off[1]], d);
            else SpanSpan(op, ra, rb, d);
        });
        return dst;
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

    /// <summary>Applies a span kernel to the elements of <paramref name="x"/> in row-major order.</summary>
    public static float[] Unary(Tensor x, SpanAction kernel)
    {
        var src = x.Span;
        var dst = new float[src.Length];
        kernel(src, dst);
        return dst;
    }

    public delegate void SpanAction(ReadOnlySpan<float> src, Span<float> dst);
}
