using System.Numerics.Tensors;

namespace Grader.Tensors;

/// <summary>Unary primitives: each forward kernel sits directly above its backward rule, written in Tensor ops.</summary>
public sealed partial class Tensor
{
    private Tensor Unary(string name, Elementwise.SpanAction kernel, Func<Tensor, Tensor, Tensor?[]>? backward) =>
        Result(name, Elementwise.Unary(this, kernel), shape, [this], backward);

    public Tensor neg() => Unary("neg", (s, d) => TensorPrimitives.Negate(s, d), (g, _) => [-g]);

    public Tensor exp() => Unary("exp", (s, d) => TensorPrimitives.Exp(s, d), (g, y) => [g * y]);               // d eˣ = eˣ

    public Tensor log() => Unary("log", (s, d) => TensorPrimitives.Log(s, d), (g, _) => [g / this]);

    public Tensor sqrt() => Unary("sqrt", (s, d) => TensorPrimitives.Sqrt(s, d), (g, y) => [g * 0.5f / y]);      // d √x = 1/(2√x)

    public Tensor sin() => Unary("sin", (s, d) => TensorPrimitives.Sin(s, d), (g, _) => [g * cos()]);

    public Tensor cos() => Unary("cos", (s, d) => TensorPrimitives.Cos(s, d), (g, _) => [-(g * sin())]);

    /// <summary>tanh. The SIMD kernel loses relative accuracy near 0 (tanh(1e-6) 5 % off, tanh(1e-8) = 0), so small arguments are redone in double.</summary>
    public Tensor tanh() => Unary("tanh", (s, d) =>
    {
        TensorPrimitives.Tanh(s, d);
        Elementwise.RedoSmallTanh(s, d);   // |x| < 0.25 in double: (float)Math.Tanh(x), bit for bit
    }, (g, y) => [TanhGrad(g, y)]);

    /// <summary>
    /// g · (1 − y²), tanh's backward, with the values of <c>g * (1f - y * y)</c> in one pass. Its own backward gives
    /// what that composite's gives, in the same order (y is an input twice, as in y * y), for create_graph.
    /// </summary>
    private static Tensor TanhGrad(Tensor g, Tensor y)
    {
        if (!ShapeUtil.SameShape(g.Shape, y.Shape)) return g * (1f - y * y);
        var gs = g.Span;
        var d = GC.AllocateUninitializedArray<float>(gs.Length);
        Elementwise.TanhBackward(gs, y.Span, d);
        return Result("tanh_backward", d, g.shape, [g, y, y], (gg, _) =>
        {
            var dg = g.requires_grad ? TanhGrad(gg, y) : null;
            if (!y.requires_grad) return [dg, null, null];
            var t = -(gg * g) * y;
            return [dg, t, t];
        });
    }

    public Tensor atan() => Unary("atan", (s, d) => TensorPrimitives.Atan(s, d), (g, _) => [g / (1f + this * this)]);

    /// <summary>log(1 + x) (torch.log1p), computed in double so it keeps its relative accuracy where 1 + x rounds to 1.</summary>
    public Tensor log1p() => Unary("log1p", (s, d) =>
    {
        for (int i = 0; i < s.Length; i++) d[i] = (float)Special.Log1p(s[i]);
    }, (g, _) => [g / (this + 1f)]);                                                                           // d log(1 + x) = 1/(1 + x)

    /// <summary>eˣ − 1 (torch.expm1), computed in double so it keeps its relative accuracy near 0.</summary>
    public Tensor expm1() => Unary("expm1", (s, d) =>
    {
        for (int i = 0; i < s.Length; i++) d[i] = (float)Special.Expm1(s[i]);
    }, (g, y) => [g * (y + 1f)]);                                                                              // d (eˣ − 1) = eˣ

    /// <summary>The error function (torch.erf), computed in double and rounded once: within an ulp of float32 everywhere.</summary>
    public Tensor erf() => Unary("erf", (s, d) =>
    {
        for (int i = 0; i < s.Length; i++) d[i] = (float)Special.Erf(s[i]);
    }, (g, _) => [g * TwoOverSqrtPi * (-(this * this)).exp()]);                                               // d erf = 2/√π e^{−x²}

    /// <summary>
    /// The inverse error function (torch.erfinv) on [−1, 1] (±∞ at ±1, NaN outside), computed in double and rounded
    /// once: within an ulp of float32 everywhere, the floats next to ±1 included.
    /// </summary>
    public Tensor erfinv() => Unary("erfinv", (s, d) =>
    {
        for (int i = 0; i < s.Length; i++) d[i] = (float)Special.ErfInv(s[i]);
    }, (g, y) => [g * HalfSqrtPi * (y * y).exp()]);                                                            // d erfinv = √π/2 e^{erfinv(x)²}

    private const float TwoOverSqrtPi = 1.1283791670955126f, HalfSqrtPi = 0.886226925452758f;

    public Tensor sigmoid() => Unary("sigmoid", (s, d) => TensorPrimitives.Sigmoid(s, d), (g, y) => [g * y * (1f - y)]);

    /// <summary>|x|; the gradient at 0 is 0, as in PyTorch.</summary>
    public Tensor abs() => Unary("abs", (s, d) => TensorPrimitives.Abs(s, d), (g, _) => [g * sign()]);

    public Tensor relu() => Unary("relu", (s, d) => TensorPrimitives.Max(s, 0f, d), (g, _) => [ReluGrad(g, this)]);

    /// <summary>g · 1[x &gt; 0] (relu's backward) in one pass, the values of <c>g * x.gt(0)</c>; differentiable in g, constant in x.</summary>
    private static Tensor ReluGrad(Tensor g, Tensor x)
    {
        if (!ShapeUtil.SameShape(g.Shape, x.Shape)) return g * x.gt(0f);
        var gs = g.Span;
        var d = GC.AllocateUninitializedArray<float>(gs.Length);
        Elementwise.MulByMask(CompareOp.Gt, gs, x.Span, 0f, d);
        return Result("relu_backward", d, g.shape, [g], (gg, _) => [ReluGrad(gg, x)]);
    }

    /// <summary>ELU: x for x &gt; 0, α(eˣ − 1) otherwise.</summary>
    public Tensor elu(float alpha = 1f) => Unary("elu", (s, d) =>
    {
        // eˣ − 1 in double (Taylor below 1e-5): in float it cancels to 0 for |x| < 6e-8 and loses digits near 0⁻.
        Elementwise.Elu(s, alpha, d);
    }, (g, y) => [EluGrad(g, this, y, alpha)]);

    /// <summary>
    /// g · (x &gt; 0 ? 1 : y + α), ELU's backward, with the values of <c>g * where(x.gt(0), ones_like(y), y + α)</c>
    /// in one pass; its own backward gives that composite's gradients (g: the same product; y: where(x &gt; 0, 0, gg·g)).
    /// </summary>
    private static Tensor EluGrad(Tensor g, Tensor x, Tensor y, float alpha)
    {
        if (!ShapeUtil.SameShape(g.Shape, y.Shape) || !ShapeUtil.SameShape(x.Shape, y.Shape))
            return g * torch.where(x.gt(0f), torch.ones_like(y), y + alpha);
        var gs = g.Span;
        var d = GC.AllocateUninitializedArray<float>(gs.Length);
        Elementwise.EluBackward(gs, x.Span, y.Span, alpha, d);
        return Result("elu_backward", d, g.shape, [g, y], (gg, _) =>
        [
            g.requires_grad ? EluGrad(gg, x, y, alpha) : null,
            y.requires_grad ? Where(x.gt(0f), torch.zeros_like(gg), gg * g) : null,
        ]);
    }

    /// <summary>Softplus log(1 + e^{βx})/β, linear above <paramref name="threshold"/> (PyTorch's definition).</summary>
    public Tensor softplus(float beta = 1f, float threshold = 20f) => Unary("softplus", (s, d) =>
    {
        for (int i = 0; i < s.Length; i++)
        {
            float bx = beta * s[i];
            d[i] = bx > threshold ? s[i] : (MathF.Max(bx, 0f) + Log1p(MathF.Exp(-MathF.Abs(bx)))) / beta;
        }
    }, (g, _) => [g * torch.where((this * beta).gt(threshold), torch.ones_like(this), (this * beta).sigmoid())]);

    /// <summary>log(1 + u) accurate for tiny u (where 1 + u rounds to 1), by Kahan's trick in double.</summary>
    private static float Log1p(float u)
    {
        double w = 1.0 + u;
        return w == 1.0 ? u : (float)(Math.Log(w) * u / (w - 1.0));
    }

    /// <summary>Clamp to [min, max]; the gradient passes where the value was inside the interval.</summary>
    public Tensor clamp(float? min = null, float? max = null)
    {
        float lo = min ?? float.NegativeInfinity, hi = max ?? float.PositiveInfinity;
        return Unary("clamp", (s, d) => TensorPrimitives.Clamp(s, lo, hi, d),
            (g, _) => [g * ge(lo).mul(le(hi))]);
    }

    /// <summary>xᵖ for a constant exponent.</summary>
    public Tensor pow(float p)
    {
        if (p == 1f) return this * 1f;
        if (p == 0f) return Unary("pow", (s, d) => d.Fill(1f), (g, _) => [g * 0f]);   // x⁰ = 1, gradient 0 even at x = 0 (PyTorch; p·x⁻¹ would be NaN)
        if (p == 2f) return Unary("pow", (s, d) => TensorPrimitives.Multiply(s, s, d), (g, _) => [g * 2f * this]);
        return Unary("pow", (s, d) => TensorPrimitives.Pow(s, p, d), (g, _) => [g * p * pow(p - 1f)]);
    }

    // ---- non-differentiable element-wise ops (results are constants) ----

    public Tensor sign() => Result("sign", Elementwise.Unary(this, (s, d) =>
    {
        for (int i = 0; i < s.Length; i++) d[i] = s[i] > 0 ? 1f : s[i] < 0 ? -1f : s[i] == 0 ? 0f : float.NaN;
    }), shape, [this], null);

    private Tensor Compare(string name, Func<float, bool> pred) => Result(name, Elementwise.Unary(this, (s, d) =>
    {
        for (int i = 0; i < s.Length; i++) d[i] = pred(s[i]) ? 1f : 0f;
    }), shape, [this], null);

    /// <summary>1 where x &gt; v, else 0 (a float mask; no gradient).</summary>
    public Tensor gt(float v) => CompareScalar("gt", CompareOp.Gt, v);
    public Tensor ge(float v) => CompareScalar("ge", CompareOp.Ge, v);
    public Tensor lt(float v) => CompareScalar("lt", CompareOp.Lt, v);
    public Tensor le(float v) => CompareScalar("le", CompareOp.Le, v);

    private Tensor CompareScalar(string name, CompareOp op, float v)
    {
        var src = Span;
        var dst = GC.AllocateUninitializedArray<float>(src.Length);
        Elementwise.CompareScalar(op, src, v, dst);
        return Result(name, dst, shape, [this], null);
    }
    public Tensor isfinite() => Compare("isfinite", float.IsFinite);
    public Tensor isnan() => Compare("isnan", float.IsNaN);
}
