namespace Grader.Tensors;

/// <summary>
/// Binary primitives with NumPy/PyTorch broadcasting. The forward reads broadcast operands as stride-0 views (no copy);
/// the backward sums each gradient back to its operand's shape with <see cref="sum_to"/> (the backward of expand).
/// Each rule keeps only the operands whose values it reads (mul keeps b for a's gradient and a for b's, add neither).
/// </summary>
public sealed partial class Tensor
{
    private static TensorStorage BinaryData(string name, BinaryOp op, Tensor a, Tensor b, out int[] outShape)
    {
        outShape = ShapeUtil.SameShape(a.Shape, b.Shape) ? a.shape : ShapeUtil.Broadcast(a.Shape, b.Shape, name);
        return Elementwise.Binary(op, a, b, outShape);
    }

    public Tensor add(Tensor other)
    {
        var data = BinaryData("add", BinaryOp.Add, this, other, out var outShape);
        int[] sa = Shape, sb = other.Shape;
        return Result("add", data, outShape, [this, other], g => [g.sum_to(sa), g.sum_to(sb)]);
    }

    public Tensor sub(Tensor other)
    {
        var data = BinaryData("sub", BinaryOp.Sub, this, other, out var outShape);
        int[] sa = Shape, sb = other.Shape;
        bool bNeeds = other.requires_grad;
        return Result("sub", data, outShape, [this, other], g => [g.sum_to(sa), bNeeds ? (-g).sum_to(sb) : null]);
    }

    public Tensor mul(Tensor other)
    {
        var data = BinaryData("mul", BinaryOp.Mul, this, other, out var outShape);
        int[] sa = Shape, sb = other.Shape;
        Tensor? a = other.requires_grad ? this : null, b = requires_grad ? other : null;   // a is read only for b's gradient, b for a's
        return Result("mul", data, outShape, [this, other], g => [b is null ? null : (g * b).sum_to(sa), a is null ? null : (g * a).sum_to(sb)], saved: [a, b]);
    }

    public Tensor div(Tensor other)
    {
        var data = BinaryData("div", BinaryOp.Div, this, other, out var outShape);
        int[] sa = Shape, sb = other.Shape;
        bool aNeeds = requires_grad, bNeeds = other.requires_grad;
        var b = other;
        return ResultWithOutput("div", data, outShape, [this, other], (g, y) =>
            [aNeeds ? (g / b).sum_to(sa) : null, bNeeds ? (-(g * y) / b).sum_to(sb) : null], saved: [b]);
    }

    /// <summary>Element-wise maximum; where both are equal the gradient is split evenly, as in PyTorch.</summary>
    public Tensor maximum(Tensor other)
    {
        var data = BinaryData("maximum", BinaryOp.Max, this, other, out var outShape);
        var (a, b) = (this, other);
        return Result("maximum", data, outShape, [this, other], g =>
        {
            var wa = a.gt(b) + a.eq(b) * 0.5f;
            return [(g * wa).sum_to(a.Shape), (g * (1f - wa)).sum_to(b.Shape)];
        }, saved: [a, b]);
    }

    public Tensor minimum(Tensor other)
    {
        var data = BinaryData("minimum", BinaryOp.Min, this, other, out var outShape);
        var (a, b) = (this, other);
        return Result("minimum", data, outShape, [this, other], g =>
        {
            var wa = a.lt(b) + a.eq(b) * 0.5f;
            return [(g * wa).sum_to(a.Shape), (g * (1f - wa)).sum_to(b.Shape)];
        }, saved: [a, b]);
    }

    /// <summary>
    /// log(eˣ + eʸ) (torch.logaddexp), broadcast; computed in double as max + log1p(e^{−|x − y|}) and rounded once (equal
    /// infinities give themselves). Backward: g·σ(x − y) and g·σ(y − x), smooth also where x = y.
    /// </summary>
    public Tensor logaddexp(Tensor other)
    {
        var outShape = ShapeUtil.Broadcast(Shape, other.Shape, "logaddexp");
        var x = expand(outShape).ToArray();
        var y = other.expand(outShape).ToArray();
        var d = new float[x.Length];
        for (int i = 0; i < d.Length; i++)
        {
            double a = x[i], b = y[i];
            d[i] = a == b && double.IsInfinity(a) ? x[i] : (float)(Math.Max(a, b) + Special.Log1p(Math.Exp(-Math.Abs(a - b))));
        }
        var (p, q) = (this, other);
        return Result("logaddexp", new TensorStorage(d), outShape, [this, other], g =>
        [
            p.requires_grad ? (g * Logistic(p - q)).sum_to(p.Shape) : null,
            q.requires_grad ? (g * Logistic(q - p)).sum_to(q.Shape) : null,
        ], saved: [p, q]);
    }

    /// <summary>
    /// σ(x) with the derivative σ(x)·σ(−x), whose factors each keep their relative accuracy in their tail (sigmoid's
    /// own y(1 − y) rounds 1 − y where y ≈ 1): logaddexp's second derivative stays accurate however far apart x and y are.
    /// </summary>
    private static Tensor Logistic(Tensor x) =>
        ResultWithOutput("logistic", Elementwise.Unary(x, static (s, d) => System.Numerics.Tensors.TensorPrimitives.Sigmoid(s, d)), x.shape, [x], (g, y) => [g * y * Logistic(-x)], saved: [x]);

    public Tensor add(float v) => add(Scalar(v));
    public Tensor sub(float v) => sub(Scalar(v));
    public Tensor mul(float v) => mul(Scalar(v));
    public Tensor div(float v) => div(Scalar(v));

    /// <summary>Sums a broadcast gradient back to <paramref name="target"/> (the backward of expand; its own backward is expand).</summary>
    public Tensor sum_to(int[] target)
    {
        if (ShapeUtil.SameShape(Shape, target)) return this;
        int lead = Shape.Length - target.Length;
        if (lead < 0) throw new ArgumentException($"sum_to: cannot reduce shape {ShapeUtil.Format(Shape)} to {ShapeUtil.Format(target)}");
        var dims = new List<int>();
        for (int i = 0; i < Shape.Length; i++)
        {
            if (i < lead) { dims.Add(i); continue; }
            if (target[i - lead] == 1 && Shape[i] != 1) dims.Add(i);
            else if (target[i - lead] != Shape[i])
                throw new ArgumentException($"sum_to: cannot reduce shape {ShapeUtil.Format(Shape)} to {ShapeUtil.Format(target)}");
        }
        return sum(dims.ToArray(), keepdim: true).reshape(target);
    }

    // ---- comparisons between tensors: float masks, no gradient ----
    private static Tensor CompareT(string name, Tensor a, Tensor b, Func<float, float, bool> pred)
    {
        var outShape = ShapeUtil.Broadcast(a.Shape, b.Shape, name);
        var x = a.expand(outShape).ToArray();
        var y = b.expand(outShape).ToArray();
        var d = new float[x.Length];
        for (int i = 0; i < d.Length; i++) d[i] = pred(x[i], y[i]) ? 1f : 0f;
        return new Tensor(d, outShape);
    }

    public Tensor gt(Tensor o) => CompareT("gt", this, o, (x, y) => x > y);
    public Tensor lt(Tensor o) => CompareT("lt", this, o, (x, y) => x < y);
    public Tensor ge(Tensor o) => CompareT("ge", this, o, (x, y) => x >= y);
    public Tensor le(Tensor o) => CompareT("le", this, o, (x, y) => x <= y);
    public Tensor eq(Tensor o) => CompareT("eq", this, o, (x, y) => x == y);

    /// <summary>Element-wise choice: <paramref name="a"/> where condition ≠ 0, else <paramref name="b"/> (all broadcast).</summary>
    internal static Tensor Where(Tensor condition, Tensor a, Tensor b)
    {
        var outShape = ShapeUtil.Broadcast(ShapeUtil.Broadcast(condition.Shape, a.Shape, "where"), b.Shape, "where");
        // Operands that already have the output's shape and layout are read in place; the others are broadcast copies.
        bool Dense(Tensor t) => t.is_contiguous() && ShapeUtil.SameShape(t.Shape, outShape);
        var cond = Dense(condition) ? condition.detach() : new Tensor(condition.expand(outShape).ToArray(), outShape);
        var c = cond.Span;
        var x = Dense(a) ? a.Span : a.expand(outShape).ToArray();
        var y = Dense(b) ? b.Span : b.expand(outShape).ToArray();
        var d = TensorStorage.Allocate(c.Length);
        Elementwise.Select(c, x, y, d.Span);
        int[] sa = a.Shape, sb = b.Shape;
        bool aNeeds = a.requires_grad, bNeeds = b.requires_grad;
        return Result("where", d, outShape, [a, b], g =>
        {
            var zero = torch.zeros_like(g);
            return [aNeeds ? Where(cond, g, zero).sum_to(sa) : null, bNeeds ? Where(cond, zero, g).sum_to(sb) : null];
        }, saved: [cond]);
    }

    /// <summary>
    /// Adds <paramref name="g"/> (same shape) into this tensor's own elements, as <c>this + g</c> would compute them;
    /// false (nothing written) when this tensor is not contiguous. For the backward pass, on a buffer only it holds.
    /// </summary>
    internal bool TryAddInPlace(Tensor g)
    {
        if (!is_contiguous() || !ShapeUtil.SameShape(Shape, g.Shape)) return false;
        int n = numel();
        if (n > 0) Elementwise.BinaryInto(BinaryOp.Add, this, g, Shape, Data.AsSpan(Offset, n));
        BumpVersion();
        return true;
    }

    public static Tensor operator +(Tensor a, Tensor b) => a.add(b);
    public static Tensor operator -(Tensor a, Tensor b) => a.sub(b);
    public static Tensor operator *(Tensor a, Tensor b) => a.mul(b);
    public static Tensor operator /(Tensor a, Tensor b) => a.div(b);
    public static Tensor operator -(Tensor a) => a.neg();
    public static Tensor operator +(Tensor a, float b) => a.add(Scalar(b));
    public static Tensor operator +(float a, Tensor b) => Scalar(a).add(b);
    public static Tensor operator -(Tensor a, float b) => a.sub(Scalar(b));
    public static Tensor operator -(float a, Tensor b) => Scalar(a).sub(b);
    public static Tensor operator *(Tensor a, float b) => a.mul(Scalar(b));
    public static Tensor operator *(float a, Tensor b) => Scalar(a).mul(b);
    public static Tensor operator /(Tensor a, float b) => a.div(Scalar(b));
    public static Tensor operator /(float a, Tensor b) => Scalar(a).div(b);
}
