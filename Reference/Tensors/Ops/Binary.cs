namespace Grader.Tensors;

/// <summary>
/// Binary primitives with NumPy/PyTorch broadcasting. The forward reads broadcast operands as stride-0 views (no copy);
/// the backward sums each gradient back to its operand's shape with <see cref="sum_to"/> (the backward of expand).
/// </summary>
public sealed partial class Tensor
{
    private static Tensor Binary(string name, BinaryOp op, Tensor a, Tensor b, Func<Tensor, Tensor, Tensor?[]>? backward)
    {
        var outShape = ShapeUtil.SameShape(a.Shape, b.Shape) ? a.shape : ShapeUtil.Broadcast(a.Shape, b.Shape, name);
        return Result(name, Elementwise.Binary(op, a, b, outShape), outShape, [a, b], backward);
    }

    public Tensor add(Tensor other) => Binary("add", BinaryOp.Add, this, other,
        (g, _) => [g.sum_to(Shape), g.sum_to(other.Shape)]);

    public Tensor sub(Tensor other) => Binary("sub", BinaryOp.Sub, this, other,
        (g, _) => [g.sum_to(Shape), other.requires_grad ? (-g).sum_to(other.Shape) : null]);

    public Tensor mul(Tensor other) => Binary("mul", BinaryOp.Mul, this, other,
        (g, _) => [requires_grad ? (g * other).sum_to(Shape) : null, other.requires_grad ? (g * this).sum_to(other.Shape) : null]);

    public Tensor div(Tensor other) => Binary("div", BinaryOp.Div, this, other,
        (g, y) => [requires_grad ? (g / other).sum_to(Shape) : null, other.requires_grad ? (-(g * y) / other).sum_to(other.Shape) : null]);

    /// <summary>Element-wise maximum; where both are equal the gradient is split evenly, as in PyTorch.</summary>
    public Tensor maximum(Tensor other) => Binary("maximum", BinaryOp.Max, this, other, (g, _) =>
    {
        var wa = gt(other) + eq(other) * 0.5f;
        return [(g * wa).sum_to(Shape), (g * (1f - wa)).sum_to(other.Shape)];
    });

    public Tensor minimum(Tensor other) => Binary("minimum", BinaryOp.Min, this, other, (g, _) =>
    {
        var wa = lt(other) + eq(other) * 0.5f;
        return [(g * wa).sum_to(Shape), (g * (1f - wa)).sum_to(other.Shape)];
    });

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
        return Result("logaddexp", d, outShape, [this, other], (g, _) =>
        [
            requires_grad ? (g * Logistic(this - other)).sum_to(Shape) : null,
            other.requires_grad ? (g * Logistic(other - this)).sum_to(other.Shape) : null,
        ]);
    }

    /// <summary>
    /// σ(x) with the derivative σ(x)·σ(−x), whose factors each keep their relative accuracy in their tail (sigmoid's
    /// own y(1 − y) rounds 1 − y where y ≈ 1): logaddexp's second derivative stays accurate however far apart x and y are.
    /// </summary>
    private static Tensor Logistic(Tensor x) =>
        Result("logistic", Elementwise.Unary(x, (s, d) => System.Numerics.Tensors.TensorPrimitives.Sigmoid(s, d)), x.shape, [x], (g, y) => [g * y * Logistic(-x)]);

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
        var d = GC.AllocateUninitializedArray<float>(c.Length);
        Elementwise.Select(c, x, y, d);
        return Result("where", d, outShape, [a, b], (g, _) =>
        {
            var zero = torch.zeros_like(g);
            return [a.requires_grad ? Where(cond, g, zero).sum_to(a.Shape) : null, b.requires_grad ? Where(cond, zero, g).sum_to(b.Shape) : null];
        });
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
