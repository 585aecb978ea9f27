using System.Numerics.Tensors;

namespace Grader.Tensors;

/// <summary>
/// Unary primitives: each forward kernel sits directly above its backward rule, written in Tensor ops. A rule keeps
/// what it reads and nothing else (as PyTorch's saved tensors): the input (<see cref="OfInput"/>), the output
/// (<see cref="OfOutput"/>) or neither.
/// </summary>
public sealed partial class Tensor
{
    /// <summary>An op whose backward reads the input x: <paramref name="grad"/>(g, x).</summary>
    private Tensor OfInput(string name, Elementwise.SpanAction kernel, Func<Tensor, Tensor, Tensor> grad)
    {
        var x = this;
        return Result(name, Elementwise.Unary(this, kernel), shape, [this], g => [grad(g, x)], saved: [x]);
    }

    /// <summary>An op whose backward reads the output y: <paramref name="grad"/>(g, y).</summary>
    private Tensor OfOutput(string name, Elementwise.SpanAction kernel, Func<Tensor, Tensor, Tensor> grad) =>
        ResultWithOutput(name, Elementwise.Unary(this, kernel), shape, [this], (g, y) => [grad(g, y)]);

    public Tensor neg() => Result("neg", Elementwise.Unary(this, static (s, d) => TensorPrimitives.Negate(s, d)), shape, [this], static g => [-g]);

    public Tensor exp() => OfOutput("exp", static (s, d) => TensorPrimitives.Exp(s, d), static (g, y) => g * y);               // d eˣ = eˣ

    public Tensor log() => OfInput("log", static (s, d) => TensorPrimitives.Log(s, d), static (g, x) => g / x);

    public Tensor sqrt() => OfOutput("sqrt", static (s, d) => TensorPrimitives.Sqrt(s, d), static (g, y) => g * 0.5f / y);      // d √x = 1/(2√x)

    public Tensor sin() => OfInput("sin", static (s, d) => TensorPrimitives.Sin(s, d), static (g, x) => g * x.cos());

    public Tensor cos() => OfInput("cos", static (s, d) => TensorPrimitives.Cos(s, d), static (g, x) => -(g * x.sin()));

    /// <summary>tanh. The SIMD kernel loses relative accuracy near 0 (tanh(1e-6) 5 % off, tanh(1e-8) = 0), so small arguments are redone in double.</summary>
    public Tensor tanh() => OfOutput("tanh", static (s, d) => Elementwise.Tanh(s, d),   // |x| < 0.25 in double: (float)Math.Tanh(x), bit for bit
        static (g, y) => TanhGrad(g, y));

    /// <summary>
    /// g · (1 − y²), tanh's backward, with the values of <c>g * (1f - y * y)</c> in one pass. Its own backward gives
    /// what that composite's gives, in the same order (y is an input twice, as in y * y), for create_graph.
    /// </summary>
    internal static Tensor TanhGrad(Tensor g, Tensor y)
    {
        if (!ShapeUtil.SameShape(g.Shape, y.Shape)) return g * (1f - y * y);
        var gs = g.Span;
        var d = TensorStorage.Allocate(gs.Length);
        Elementwise.TanhBackward(gs, y.Span, d.Span);
        bool gNeeds = g.requires_grad, yNeeds = y.requires_grad;
        var gSaved = yNeeds ? g : null;
        return Result("tanh_backward", d, g.shape, [g, y, y], gg =>
        {
            if (gNeeds && yNeeds && !GradMode.IsEnabled && ShapeUtil.SameShape(gg.Shape, y.Shape))
            {
                var (dgPass, tPass) = TanhGradSecondOrder(gg, gSaved!, y);
                return [dgPass, tPass, tPass];
            }
            var dg = gNeeds ? TanhGrad(gg, y) : null;
            if (!yNeeds) return [dg, null, null];
            var t = GradMode.IsEnabled || !ShapeUtil.SameShape(gg.Shape, y.Shape) ? -(gg * gSaved!) * y : TanhGradInputTerm(gg, gSaved!, y);
            return [dg, t, t];
        }, saved: [gSaved, y]);
    }

    /// <summary>
    /// Without grad, both gradients of tanh_backward's rule in one pass over gg and y (the second-order term of the
    /// final backward through a create_graph gradient, as in an ODE's −∂f/∂x): TanhGrad(gg, y) and
    /// <see cref="TanhGradInputTerm"/>(gg, g, y), the same values, allocated in that order, nothing recorded.
    /// </summary>
    private static (Tensor dg, Tensor t) TanhGradSecondOrder(Tensor gg, Tensor g, Tensor y)
    {
        int n = y.numel();
        var dg = TensorStorage.Allocate(n);
        var t = TensorStorage.Allocate(n);
        Elementwise.TanhBackwardAndNegatedProduct(gg.Span, g.Span, y.Span, dg.Span, t.Span);
        return (new Tensor(dg, y.shape), new Tensor(t, y.shape));
    }

    /// <summary>−(gg · g) · y in one pass, the values of those three ops (without grad: nothing is recorded).</summary>
    private static Tensor TanhGradInputTerm(Tensor gg, Tensor g, Tensor y)
    {
        var d = TensorStorage.Allocate(y.numel());
        Elementwise.NegatedProduct(gg.Span, g.Span, y.Span, d.Span);
        return new Tensor(d, y.shape);
    }

    public Tensor atan() => OfInput("atan", static (s, d) => TensorPrimitives.Atan(s, d), static (g, x) => g / (1f + x * x));

    /// <summary>log(1 + x) (torch.log1p), computed in double so it keeps its relative accuracy where 1 + x rounds to 1.</summary>
    public Tensor log1p() => OfInput("log1p", static (s, d) =>
    {
        for (int i = 0; i < s.Length; i++) d[i] = (float)Special.Log1p(s[i]);
    }, static (g, x) => g / (x + 1f));                                                                        // d log(1 + x) = 1/(1 + x)

    /// <summary>eˣ − 1 (torch.expm1), computed in double so it keeps its relative accuracy near 0.</summary>
    public Tensor expm1() => OfOutput("expm1", static (s, d) =>
    {
        for (int i = 0; i < s.Length; i++) d[i] = (float)Special.Expm1(s[i]);
    }, static (g, y) => g * (y + 1f));                                                                        // d (eˣ − 1) = eˣ

    /// <summary>The error function (torch.erf), computed in double and rounded once: within an ulp of float32 everywhere.</summary>
    public Tensor erf() => OfInput("erf", static (s, d) =>
    {
        for (int i = 0; i < s.Length; i++) d[i] = (float)Special.Erf(s[i]);
    }, static (g, x) => g * TwoOverSqrtPi * (-(x * x)).exp());                                               // d erf = 2/√π e^{−x²}

    /// <summary>
    /// The inverse error function (torch.erfinv) on [−1, 1] (±∞ at ±1, NaN outside), computed in double and rounded
    /// once: within an ulp of float32 everywhere, the floats next to ±1 included.
    /// </summary>
    public Tensor erfinv() => OfOutput("erfinv", static (s, d) =>
    {
        for (int i = 0; i < s.Length; i++) d[i] = (float)Special.ErfInv(s[i]);
    }, static (g, y) => g * HalfSqrtPi * (y * y).exp());                                                      // d erfinv = √π/2 e^{erfinv(x)²}

    private const float TwoOverSqrtPi = 1.1283791670955126f, HalfSqrtPi = 0.886226925452758f;

    public Tensor sigmoid() => OfOutput("sigmoid", static (s, d) => TensorPrimitives.Sigmoid(s, d), static (g, y) => g * y * (1f - y));

    /// <summary>|x|; the gradient at 0 is 0, as in PyTorch.</summary>
    public Tensor abs() => OfInput("abs", static (s, d) => TensorPrimitives.Abs(s, d), static (g, x) => g * x.sign());

    /// <summary>max(x, 0). Its backward reads the output: y &gt; 0 exactly where x &gt; 0 (NaN and −0 included), as PyTorch's threshold_backward.</summary>
    public Tensor relu() => OfOutput("relu", static (s, d) => TensorPrimitives.Max(s, 0f, d), static (g, y) => ReluGrad(g, y));

    /// <summary>g · 1[y &gt; 0] (relu's backward, y its output) in one pass, the values of <c>g * y.gt(0)</c>; differentiable in g, constant in y.</summary>
    internal static Tensor ReluGrad(Tensor g, Tensor y)
    {
        if (!ShapeUtil.SameShape(g.Shape, y.Shape)) return g * y.gt(0f);
        var gs = g.Span;
        var d = TensorStorage.Allocate(gs.Length);
        Elementwise.MulByMask(CompareOp.Gt, gs, y.Span, 0f, d.Span);
        return Result("relu_backward", d, g.shape, [g], gg => [ReluGrad(gg, y)], saved: [y]);
    }

    /// <summary>
    /// ELU: x for x &gt; 0, α(eˣ − 1) otherwise. For 0 &lt; α &lt; ∞ the backward reads only the output (y &gt; 0
    /// exactly where x &gt; 0: α(eˣ − 1) ≤ 0 for x ≤ 0, NaN stays NaN); otherwise it keeps the input for the mask.
    /// </summary>
    public Tensor elu(float alpha = 1f)
    {
        // eˣ − 1 by a float expm1 (within 1 ulp for every x ≤ 0): eˣ − 1 with a float eˣ cancels to 0 for |x| < 6e-8 and loses digits near 0⁻.
        var data = Elementwise.Unary(this, (s, d) => Elementwise.Elu(s, alpha, d));
        if (alpha > 0f && float.IsFinite(alpha))
            return ResultWithOutput("elu", data, shape, [this], (g, y) => [EluGrad(g, y, y, alpha)]);
        var x = this;
        return ResultWithOutput("elu", data, shape, [this], (g, y) => [EluGrad(g, x, y, alpha)], saved: [x]);
    }

    /// <summary>
    /// g · (m &gt; 0 ? 1 : y + α), ELU's backward (m: the input, or the output where they have the same sign), with the
    /// values of <c>g * where(m.gt(0), ones_like(y), y + α)</c> in one pass; its own backward gives that composite's
    /// gradients (g: the same product; y: where(m &gt; 0, 0, gg·g)).
    /// </summary>
    internal static Tensor EluGrad(Tensor g, Tensor m, Tensor y, float alpha)
    {
        if (!ShapeUtil.SameShape(g.Shape, y.Shape) || !ShapeUtil.SameShape(m.Shape, y.Shape))
            return g * torch.where(m.gt(0f), torch.ones_like(y), y + alpha);
        var gs = g.Span;
        var d = TensorStorage.Allocate(gs.Length);
        Elementwise.EluBackward(gs, m.Span, y.Span, alpha, d.Span);
        bool gNeeds = g.requires_grad, yNeeds = y.requires_grad;
        var gSaved = yNeeds ? g : null;
        return Result("elu_backward", d, g.shape, [g, y], gg =>
        [
            gNeeds ? EluGrad(gg, m, y, alpha) : null,
            yNeeds ? Where(m.gt(0f), torch.zeros_like(gg), gg * gSaved!) : null,
        ], saved: [m, y, gSaved]);
    }

    /// <summary>Softplus log(1 + e^{βx})/β, linear above <paramref name="threshold"/> (PyTorch's definition).</summary>
    public Tensor softplus(float beta = 1f, float threshold = 20f) => OfInput("softplus", (s, d) =>
    {
        for (int i = 0; i < s.Length; i++)
        {
            float bx = beta * s[i];
            d[i] = bx > threshold ? s[i] : (MathF.Max(bx, 0f) + Log1p(MathF.Exp(-MathF.Abs(bx)))) / beta;
        }
    }, (g, x) => g * torch.where((x * beta).gt(threshold), torch.ones_like(x), (x * beta).sigmoid()));

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
        return OfInput("clamp", (s, d) => TensorPrimitives.Clamp(s, lo, hi, d), (g, x) => g * x.ge(lo).mul(x.le(hi)));
    }

    /// <summary>xᵖ for a constant exponent.</summary>
    public Tensor pow(float p)
    {
        if (p == 1f) return this * 1f;
        if (p == 0f) return Result("pow", Elementwise.Unary(this, static (s, d) => d.Fill(1f)), shape, [this], static g => [g * 0f]);   // x⁰ = 1, gradient 0 even at x = 0 (PyTorch; p·x⁻¹ would be NaN)
        if (p == 2f) return OfInput("pow", static (s, d) => TensorPrimitives.Multiply(s, s, d), static (g, x) => g * 2f * x);
        return OfInput("pow", (s, d) => TensorPrimitives.Pow(s, p, d), (g, x) => g * p * x.pow(p - 1f));
    }

    // ---- non-differentiable element-wise ops (results are constants) ----

    public Tensor sign() => Result("sign", Elementwise.Unary(this, static (s, d) =>
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
        var dst = TensorStorage.Allocate(src.Length);
        Elementwise.CompareScalar(op, src, v, dst.Span);
        return Result(name, dst, shape, [this], null);
    }
    public Tensor isfinite() => Compare("isfinite", float.IsFinite);
    public Tensor isnan() => Compare("isnan", float.IsNaN);
}
