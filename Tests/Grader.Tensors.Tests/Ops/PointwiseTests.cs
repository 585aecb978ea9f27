namespace Grader.Tensors.Tests.Ops;

/// <summary>
/// One row per differentiable unary primitive (Ops/Pointwise.cs), in the spirit of tinygrad's helper_test_op: the op,
/// its double-precision value and derivative, and the domain it is sampled on. Each row is checked forward against
/// the double reference and backward against finite differences on FsCheck-generated shapes of rank 0–4.
/// </summary>
public sealed record UnaryCase(string Name, Func<Tensor, Tensor> Op, Func<double, double> F, Func<double, double> DF, Gen<float> Domain)
{
    public override string ToString() => Name;
}

public class PointwiseTests
{
    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static double Softplus(double x, double beta, double threshold) =>
        beta * x > threshold ? x : (Math.Max(beta * x, 0) + Log1p(Math.Exp(-Math.Abs(beta * x)))) / beta;

    private static double Elu(double x, double alpha) => x > 0 ? x : alpha * Expm1(x);

    public static IEnumerable<UnaryCase> Cases()
    {
        var wide = TensorGen.Uniform(-3, 3);
        var positive = TensorGen.Uniform(0.2, 4);
        yield return new("neg", x => x.neg(), x => -x, _ => -1, wide);
        yield return new("exp", x => x.exp(), Math.Exp, Math.Exp, wide);
        yield return new("log", x => x.log(), Math.Log, x => 1 / x, positive);
        yield return new("sqrt", x => x.sqrt(), Math.Sqrt, x => 0.5 / Math.Sqrt(x), positive);
        yield return new("sin", x => x.sin(), Math.Sin, Math.Cos, wide);
        yield return new("cos", x => x.cos(), Math.Cos, x => -Math.Sin(x), wide);
        yield return new("tanh", x => x.tanh(), Math.Tanh, x => 1 - Math.Tanh(x) * Math.Tanh(x), wide);
        yield return new("atan", x => x.atan(), Math.Atan, x => 1 / (1 + x * x), wide);
        yield return new("sigmoid", x => x.sigmoid(), Sigmoid, x => Sigmoid(x) * (1 - Sigmoid(x)), TensorGen.Uniform(-5, 5));
        yield return new("abs", x => x.abs(), Math.Abs, x => Math.Sign(x), TensorGen.AwayFromZero(0.1, 3));
        yield return new("relu", x => x.relu(), x => Math.Max(x, 0), x => x > 0 ? 1 : 0, TensorGen.AwayFromZero(0.1, 3));
        yield return new("elu", x => x.elu(), x => Elu(x, 1), x => x > 0 ? 1 : Math.Exp(x), TensorGen.AwayFromZero(0.1, 3));
        yield return new("elu(alpha 0.5)", x => x.elu(0.5f), x => Elu(x, 0.5), x => x > 0 ? 1 : 0.5 * Math.Exp(x), TensorGen.AwayFromZero(0.1, 3));
        yield return new("softplus", x => x.softplus(), x => Softplus(x, 1, 20), Sigmoid, TensorGen.Uniform(-4, 4));
        // β = 2, threshold 3: softplus jumps by log(1 + e⁻³)/2 ≈ 0.024 at x = 1.5 (as in PyTorch), so stay 0.1 away.
        yield return new("softplus(beta 2, threshold 3)", x => x.softplus(2, 3), x => Softplus(x, 2, 3), x => 2 * x > 3 ? 1 : Sigmoid(2 * x),
            TensorGen.AwayFrom(-3, 3, 0.1, 1.5));
        yield return new("clamp(-0.5, 0.5)", x => x.clamp(-0.5f, 0.5f), x => Math.Clamp(x, -0.5, 0.5), x => Math.Abs(x) < 0.5 ? 1 : 0,
            TensorGen.AwayFrom(-2, 2, 0.05, -0.5, 0.5));
        yield return new("clamp(min 0.3)", x => x.clamp(min: 0.3f), x => Math.Max(x, 0.3), x => x > 0.3 ? 1 : 0, TensorGen.AwayFrom(-2, 2, 0.05, 0.3));
        yield return new("clamp(max -0.2)", x => x.clamp(max: -0.2f), x => Math.Min(x, -0.2), x => x < -0.2 ? 1 : 0, TensorGen.AwayFrom(-2, 2, 0.05, -0.2));
        yield return new("log1p", x => x.log1p(), v => Math.Log(1 + v), v => 1 / (1 + v), TensorGen.Uniform(-0.8, 3));
        yield return new("expm1", x => x.expm1(), Expm1, Math.Exp, wide);
        yield return new("erf", x => x.erf(), MathNet.Numerics.SpecialFunctions.Erf, v => 2 / Math.Sqrt(Math.PI) * Math.Exp(-v * v), wide);
        yield return new("erfinv", x => x.erfinv(), MathNet.Numerics.SpecialFunctions.ErfInv,
            v => Math.Sqrt(Math.PI) / 2 * Math.Exp(Math.Pow(MathNet.Numerics.SpecialFunctions.ErfInv(v), 2)), TensorGen.Uniform(-0.95, 0.95));
        yield return new("pow(0)", x => x.pow(0), _ => 1, _ => 0, wide);
        yield return new("pow(1)", x => x.pow(1), x => x, _ => 1, wide);
        yield return new("pow(2)", x => x.pow(2), x => x * x, x => 2 * x, wide);
        yield return new("pow(3)", x => x.pow(3), x => x * x * x, x => 3 * x * x, TensorGen.Uniform(-2, 2));
        yield return new("pow(-2)", x => x.pow(-2), x => 1 / (x * x), x => -2 / (x * x * x), TensorGen.AwayFromZero(0.5, 2));
        yield return new("pow(0.5)", x => x.pow(0.5f), Math.Sqrt, x => 0.5 / Math.Sqrt(x), positive);
        yield return new("pow(-1.5)", x => x.pow(-1.5f), x => Math.Pow(x, -1.5), x => -1.5 * Math.Pow(x, -2.5), TensorGen.Uniform(0.3, 3));
        yield return new("pow(2.5)", x => x.pow(2.5f), x => Math.Pow(x, 2.5), x => 2.5 * Math.Pow(x, 1.5), TensorGen.Uniform(0.1, 3));
    }

    [TestCaseSource(nameof(Cases))]
    public void Backward_matches_finite_differences(UnaryCase c) =>
        PropertyCheck.ForAll(TensorGen.Of(TensorGen.Shape(), c.Domain), x => GradCheck.Assert(xs => c.Op(xs[0]), x.ToTensor()));

    /// <summary>
    /// Forward against the double reference, with the error model of a good float32 kernel: the result of
    /// f(x(1+δ₁))(1+δ₂) with |δ| ≤ 2ε₃₂, i.e. |ŷ − y| ≤ 2ε₃₂(|y| + |x·f′(x)|) to first order. A few ε₃₂ more allow for
    /// composite kernels (softplus, elu) of two or three roundings.
    /// </summary>
    [TestCaseSource(nameof(Cases))]
    public void Forward_matches_double_reference(UnaryCase c) =>
        PropertyCheck.ForAll(TensorGen.Of(TensorGen.Shape(1, 2, 8), c.Domain), tc =>
        {
            var y = c.Op(tc.ToTensor());
            Assert.That(y.shape, Is.EqualTo(tc.Shape));
            var expected = tc.Values.Select(v => c.F(v)).ToArray();
            AssertClose(y.ToArray(), expected, i => 4 * Eps32 * (Math.Abs(expected[i]) + Math.Abs(tc.Values[i] * c.DF(tc.Values[i]))) + 1e-38, c.Name);
        });

    [Test]
    public void Exp_matches_double_over_the_float_range()
    {
        var xs = new float[] { -103f, -87.3f, -20f, -1e-6f, 0f, 1e-6f, 0.5f, 1f, 10f, 50f, 88.5f };
        var y = tensor(xs).exp().ToArray();
        AssertClose(y, xs.Select(v => Math.Exp(v)).ToArray(), i => 4 * Eps32 * Math.Exp(xs[i]) * Math.Max(1, Math.Abs(xs[i])) + 1e-44, "exp");
        Assert.That(tensor([89f, 100f]).exp().ToArray(), Is.All.EqualTo(float.PositiveInfinity), "exp overflows to +∞ above ln(float.MaxValue)");
        Assert.That(tensor([-110f]).exp().item(), Is.EqualTo(0f));
    }

    /// <summary>
    /// Softplus log(1 + e^{βx})/β, linear above the threshold, must keep its relative accuracy for very negative x,
    /// where it is ≈ e^{βx}/β (e.g. a variance parameterised as softplus(raw) must not become 0, whose log is −∞).
    /// </summary>
    [TestCase(1f, 20f)]
    [TestCase(2f, 3f)]
    [TestCase(0.5f, 10f)]
    public void Softplus_with_beta_and_threshold_matches_double(float beta, float threshold)
    {
        var xs = new float[] { -60f, -30f, -20f, -5f, -1f, -1e-3f, 0f, 1e-3f, 1f, 5f, threshold / beta - 0.01f, threshold / beta + 0.01f, 19.9f, 20.1f, 40f };
        var y = tensor(xs).softplus(beta, threshold).ToArray();
        var expected = xs.Select(x => Softplus(x, beta, threshold)).ToArray();
        AssertClose(y, expected, i => 8 * Eps32 * (Math.Abs(expected[i]) + Math.Abs(xs[i] * beta * Sigmoid(beta * xs[i]))) + 1e-44, "softplus");
        for (int i = 0; i < xs.Length; i++)
            if (expected[i] > float.Epsilon) Assert.That(y[i], Is.GreaterThan(0f), $"softplus({xs[i]}) is positive wherever float32 can hold its value");
    }

    /// <summary>ELU α(eˣ − 1) near 0⁻ must not lose its digits to the cancellation in eˣ − 1 (PyTorch uses expm1).</summary>
    [Test]
    public void Elu_matches_double_near_zero_and_far_out()
    {
        var xs = new float[] { -50f, -10f, -1f, -1e-2f, -1e-4f, -1e-6f, -1e-9f, 0f, 1e-9f, 1f, 7f };
        foreach (var alpha in new[] { 1f, 0.5f, 2f })
        {
            var y = tensor(xs).elu(alpha).ToArray();
            var expected = xs.Select(x => Elu(x, alpha)).ToArray();
            AssertClose(y, expected, i => 4 * Eps32 * (Math.Abs(expected[i]) + Math.Abs(xs[i])) + 1e-44, $"elu(alpha {alpha})");
        }
    }

    /// <summary>Functions with f(x) ≈ x near 0 keep their relative accuracy there (a SIMD tanh built from eˣ did not).</summary>
    [Test]
    public void Functions_through_the_origin_keep_relative_accuracy_near_zero()
    {
        var xs = new float[] { 1e-30f, -1e-12f, 1e-8f, -1e-6f, 3e-5f, -1e-4f, 1e-3f, -0.01f, 0.05f, -0.1f, 0.2f, -0.24f, 0.26f };
        foreach (var c in Cases().Where(c => c.Name is "sin" or "tanh" or "atan" or "neg" or "elu" or "elu(alpha 0.5)"))
        {
            var y = c.Op(tensor(xs)).ToArray();
            var expected = xs.Select(v => c.F(v)).ToArray();
            AssertClose(y, expected, 4, 1e-44, c.Name);
        }
    }

    [Test]
    public void Non_differentiable_ops_give_constants_and_masks()
    {
        var x = tensor([-2f, -0f, 0f, 0.5f, float.NaN, float.PositiveInfinity]).requires_grad_();
        Assert.That(x.sign().ToArray(), Is.EqualTo(new[] { -1f, 0f, 0f, 1f, float.NaN, 1f }));
        Assert.That(x.gt(0f).ToArray(), Is.EqualTo(new[] { 0f, 0f, 0f, 1f, 0f, 1f }));
        Assert.That(x.ge(0f).ToArray(), Is.EqualTo(new[] { 0f, 1f, 1f, 1f, 0f, 1f }));
        Assert.That(x.lt(0f).ToArray(), Is.EqualTo(new[] { 1f, 0f, 0f, 0f, 0f, 0f }));
        Assert.That(x.le(0.5f).ToArray(), Is.EqualTo(new[] { 1f, 1f, 1f, 1f, 0f, 0f }));
        Assert.That(x.isfinite().ToArray(), Is.EqualTo(new[] { 1f, 1f, 1f, 1f, 0f, 0f }));
        Assert.That(x.isnan().ToArray(), Is.EqualTo(new[] { 0f, 0f, 0f, 0f, 1f, 0f }));
        Assert.That(x.sign().requires_grad || x.gt(0f).requires_grad, Is.False, "masks carry no gradient");
    }

    [Test]
    public void Gradients_at_kinks_follow_pytorch()
    {
        var x = tensor([0f, 0f]).requires_grad_();
        x.abs().sum().backward();
        Assert.That(x.grad!.ToArray(), Is.EqualTo(new[] { 0f, 0f }), "d|x|/dx at 0");
        var r = tensor([0f]).requires_grad_();
        r.relu().sum().backward();
        Assert.That(r.grad!.item(), Is.EqualTo(0f), "relu'(0)");
        var c = tensor([-1f, 1f]).requires_grad_();
        c.clamp(-1f, 1f).sum().backward();
        Assert.That(c.grad!.ToArray(), Is.EqualTo(new[] { 1f, 1f }), "clamp passes the gradient on the boundary");
        var z = tensor([0f, 2f]).requires_grad_();
        var d1 = autograd.grad(z.pow(0).sum(), z, create_graph: true);
        Assert.That(d1.ToArray(), Is.EqualTo(new[] { 0f, 0f }), "d/dx x⁰ = 0, also at 0 (not 0·0⁻¹ = NaN)");
        Assert.That(z.pow(0).ToArray(), Is.EqualTo(new[] { 1f, 1f }));
    }

    [Test]
    public void Ops_keep_rank_zero()
    {
        var x = TensorGen.Leaf([0.7f], []);
        foreach (var c in Cases())
            Assert.That(c.Op(x).shape, Is.Empty, c.Name);
    }

    /// <summary>
    /// tanh's second-order term −(gg·g)·y runs as one pass when nothing is recorded (a plain backward through a
    /// create_graph gradient) and as three recorded ops when it is (create_graph again): both give the same bits.
    /// Through two tanh layers the inner tanh_backward's incoming gradient itself depends on x: without recording,
    /// both of its rule's gradients then come from one pass (TanhGradSecondOrder), with recording from TanhGrad and
    /// the three ops. [37, 5] has a vector tail.
    /// </summary>
    [TestCase(1)]
    [TestCase(2)]
    public void Tanh_second_order_gives_the_same_bits_with_and_without_recording(int layers)
    {
        var g = new Generator(21);
        var w = randn([37, 5], g);
        var v = randn([37, 5], g);
        var results = new List<float[]>();
        foreach (bool record in new[] { false, true })
        {
            var x = (randn([37, 5], new Generator(22)) * 2f).requires_grad_();
            var h = layers == 1 ? x.tanh() : (x.tanh() * 1.5f).tanh();
            var dydx = autograd.grad((h * w).sum(), x, create_graph: true);
            var loss = (dydx * v).sum();
            if (record) results.Add(autograd.grad(loss, x, create_graph: true).ToArray());
            else { loss.backward(); results.Add(x.grad!.ToArray()); }
        }
        Assert.That(results[0].Select(BitConverter.SingleToInt32Bits), Is.EqualTo(results[1].Select(BitConverter.SingleToInt32Bits)));
        Assert.That(results[0].Any(r => r != 0f), "a second-order gradient that is not all zero");
    }
}
