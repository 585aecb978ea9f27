namespace Grader.Tensors.Tests.Autograd;

/// <summary>
/// Higher-order gradients (create_graph: true): every backward rule is written in Tensor ops, so differentiating a
/// gradient must give the right second derivative. Checked by finite differences of the first-order gradient
/// (GradCheck.AssertSecondOrder) and against hand-derived formulas: an ODE drift MLP's ∂f/∂x, d²/dx² of sin and x³,
/// and a Hessian-vector product.
/// </summary>
public class HigherOrderTests
{
    private static Gen<TensorCase> Small(Gen<float> values) => TensorGen.Of(TensorGen.Shape(0, 3, 3), values);

    public static IEnumerable<TestCaseData> UnaryCases()
    {
        TestCaseData Case(string name, Func<Tensor, Tensor> f, Gen<float> domain) => new TestCaseData(f, domain).SetName("Second order of " + name);
        var wide = TensorGen.Uniform(-2, 2);
        yield return Case("tanh", x => x.tanh(), wide);
        yield return Case("sigmoid", x => x.sigmoid(), TensorGen.Uniform(-4, 4));
        yield return Case("softplus", x => x.softplus(), TensorGen.Uniform(-4, 4));
        yield return Case("softplus(beta 2)", x => x.softplus(2f), TensorGen.Uniform(-3, 3));
        yield return Case("exp", x => x.exp(), wide);
        yield return Case("log", x => x.log(), TensorGen.Uniform(0.3, 3));
        yield return Case("sin", x => x.sin(), wide);
        yield return Case("cos", x => x.cos(), wide);
        yield return Case("atan", x => x.atan(), wide);
        yield return Case("sqrt", x => x.sqrt(), TensorGen.Uniform(0.3, 3));
        yield return Case("log1p", x => x.log1p(), TensorGen.Uniform(-0.7, 3));
        yield return Case("expm1", x => x.expm1(), wide);
        yield return Case("erf", x => x.erf(), wide);
        yield return Case("erfinv", x => x.erfinv(), TensorGen.Uniform(-0.9, 0.9));
        yield return Case("pow(3)", x => x.pow(3), wide);
        yield return Case("pow(2)", x => x.pow(2), wide);
        yield return Case("pow(1.5)", x => x.pow(1.5f), TensorGen.Uniform(0.3, 3));
        yield return Case("pow(-0.5)", x => x.pow(-0.5f), TensorGen.Uniform(0.3, 3));
        yield return Case("elu", x => x.elu(), TensorGen.AwayFromZero(0.1, 2));
        yield return Case("elu(alpha 0.5)", x => x.elu(0.5f) * x, TensorGen.AwayFromZero(0.1, 2));
        yield return Case("relu times x", x => x.relu() * x, TensorGen.AwayFromZero(0.1, 2));
        yield return Case("abs times x", x => x.abs() * x, TensorGen.AwayFromZero(0.1, 2));
        yield return Case("clamp times x", x => x.clamp(-0.5f, 0.5f) * x, TensorGen.AwayFrom(-2, 2, 0.05, -0.5, 0.5));
        // Nested: the gradient reaching the outer op depends on x, so its backward rule is differentiated in g as well.
        yield return Case("tanh of tanh times x", x => x.tanh().tanh() * x, wide);
        yield return Case("relu of sin times exp", x => x.sin().relu() * x.exp(), TensorGen.AwayFromZero(0.1, 2));
        yield return Case("elu(alpha 0.5) of x² − 1, squared", x => (x * x - 1f).elu(0.5f).pow(2), TensorGen.AwayFrom(-2, 2, 0.1, -1, 1));
        yield return Case("sigmoid of softplus times x", x => x.softplus().sigmoid() * x, wide);
    }

    [TestCaseSource(nameof(UnaryCases))]
    public void Unary(Func<Tensor, Tensor> f, Gen<float> domain) =>
        PropertyCheck.ForAll(Small(domain), x => GradCheck.AssertSecondOrder(xs => f(xs[0]), x.ToTensor()), cases: 12);

    private static Gen<(TensorCase A, TensorCase B)> BroadcastPair(Gen<float> a, Gen<float> b) =>
        from s in TensorGen.BroadcastPair(maxRank: 3, maxDim: 3)
        from x in TensorGen.Of(s.A, a)
        from y in TensorGen.Of(s.B, b)
        select (x, y);

    [Test]
    public void Div_mul_sub_under_broadcasting() =>
        PropertyCheck.ForAll(BroadcastPair(TensorGen.Uniform(-2, 2), TensorGen.AwayFromZero(0.5, 2)), p =>
            GradCheck.AssertSecondOrder(xs => xs[0] / xs[1] + xs[0] * xs[1] * xs[1] - xs[1] * 0.5f, p.A.ToTensor(), p.B.ToTensor()), cases: 12);

    [Test]
    public void Maximum_and_minimum() =>
        PropertyCheck.ForAll(BroadcastPair(TensorGen.OddTenths, TensorGen.EvenTenths), p =>
            GradCheck.AssertSecondOrder(xs => xs[0].maximum(xs[1]).pow(2) + xs[0].minimum(xs[1]) * xs[0], p.A.ToTensor(), p.B.ToTensor()), cases: 12);

    [Test]
    public void Max_reductions() =>
        PropertyCheck.ForAll(TensorGen.Distinct(TensorGen.Shape(1, 3, 3)), x =>
            GradCheck.AssertSecondOrder(xs => xs[0].max(-1).values.pow(2).sum() + xs[0].max().pow(3) + xs[0].amax([0]).sin().sum(), x.ToTensor()), cases: 12);

    [Test]
    public void Reductions_softmax_logsumexp_var() =>
        PropertyCheck.ForAll(TensorGen.Of(TensorGen.Shape(1, 3, 3).Select(s => s.Select(d => d + 1).ToArray()), TensorGen.Uniform(-2, 2)), x =>
            GradCheck.AssertSecondOrder(xs => xs[0].softmax(-1) * xs[0] + xs[0].logsumexp(0).sum() + xs[0].var(0).sum() + xs[0].log_softmax(-1), x.ToTensor()), cases: 10);

    [Test]
    public void Matmul_with_batch_broadcasting() =>
        PropertyCheck.ForAll(
            from batch in TensorGen.BroadcastPair(maxRank: 1, maxDim: 2)
            from m in Gen.Choose(1, 3)
            from k in Gen.Choose(1, 3)
            from n in Gen.Choose(1, 3)
            from a in TensorGen.Of(batch.A.Concat(new[] { m, k }).ToArray(), TensorGen.Uniform(-1.5, 1.5))
            from b in TensorGen.Of(batch.B.Concat(new[] { k, n }).ToArray(), TensorGen.Uniform(-1.5, 1.5))
            select (a, b),
            p => GradCheck.AssertSecondOrder(xs => xs[0].matmul(xs[1]).tanh(), p.a.ToTensor(), p.b.ToTensor()), cases: 12);

    [Test]
    public void Through_views() =>
        PropertyCheck.ForAll(TensorGen.Of(new[] { 2, 3 }, TensorGen.Uniform(-2, 2)), x =>
            GradCheck.AssertSecondOrder(xs =>
                xs[0].T.reshape(-1).slice(0, 1, 6, 2).pow(3) * xs[0].select(0, 1).unsqueeze(0).expand(2, 3).sum()
                + cat([xs[0], xs[0].sin()], 1).index_select(1, [0, 4, 4]).gather(0, tensor([1f, 0f, 1f], 1, 3)).exp(),
                x.ToTensor()), cases: 10);

    // ---- analytic second-order checks ----

    [Test]
    public void Second_and_third_derivatives_of_sin()
    {
        var xs = new[] { -2.5f, -1f, -0.1f, 0f, 0.4f, 1.3f, 3f };
        var x = tensor(xs).requires_grad_();
        var d1 = autograd.grad(x.sin().sum(), x, create_graph: true);
        var d2 = autograd.grad(d1.sum(), x, create_graph: true);
        var d3 = autograd.grad(d2.sum(), x);
        AssertClose(d1.ToArray(), xs.Select(v => Math.Cos(v)).ToArray(), i => 4 * Eps32, "d/dx sin = cos");
        AssertClose(d2.ToArray(), xs.Select(v => -Math.Sin(v)).ToArray(), i => 4 * Eps32, "d²/dx² sin = −sin");
        AssertClose(d3.ToArray(), xs.Select(v => -Math.Cos(v)).ToArray(), i => 4 * Eps32, "d³/dx³ sin = −cos");
    }

    [Test]
    public void Second_derivative_of_x_cubed_by_pow_and_by_products()
    {
        var xs = new[] { -2f, -0.5f, 0f, 0.25f, 1f, 3f };
        foreach (var (name, f) in new (string, Func<Tensor, Tensor>)[] { ("pow(3)", x => x.pow(3)), ("x·x·x", x => x * x * x), ("x·x²", x => x * x.pow(2)) })
        {
            var x = tensor(xs).requires_grad_();
            var d1 = autograd.grad(f(x).sum(), x, create_graph: true);
            var d2 = autograd.grad(d1.sum(), x);
            AssertClose(d1.ToArray(), xs.Select(v => 3.0 * v * v).ToArray(), 8, 0, name + ": 3x²");
            AssertClose(d2.ToArray(), xs.Select(v => 6.0 * v).ToArray(), 8, 0, name + ": 6x");
        }
    }

    /// <summary>
    /// f(x) = ½xᵀAx + bᵀx with a non-symmetric A: ∇f = ½(A + Aᵀ)x + b, and the Hessian-vector product
    /// ∇(∇f·v) = ½(A + Aᵀ)v, computed by differentiating the gradient (double backward).
    /// </summary>
    [Test]
    public void Hessian_vector_product_of_a_quadratic_form()
    {
        const int n = 5;
        var g = new Generator(11);
        var A = randn([n, n], g); var b = randn([n], g); var v = randn([n], g); var x0 = randn([n], g);
        var x = x0.detach().requires_grad_();
        var f = 0.5f * x.matmul(A.matmul(x)) + b.matmul(x);
        var grad = autograd.grad(f, x, create_graph: true);
        var hvp = autograd.grad((grad * v).sum(), x);

        double[,] a = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a[i, j] = A[i, j];
        double[] S(double[] u) => Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Sum(j => 0.5 * (a[i, j] + a[j, i]) * u[j])).ToArray();
        double[] SAbs(double[] u) => Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Sum(j => 0.5 * (Math.Abs(a[i, j]) + Math.Abs(a[j, i])) * Math.Abs(u[j]))).ToArray();
        var xd = x0.ToDoubleArray(); var vd = v.ToDoubleArray(); var bd = b.ToDoubleArray();
        var expectedGrad = S(xd).Select((s, i) => s + bd[i]).ToArray();
        var gradScale = SAbs(xd).Select((s, i) => s + Math.Abs(bd[i])).ToArray();
        var hvScale = SAbs(vd);
        // Dot products of length n plus a handful of scalings: (n + 4)·ε₃₂ times the sum of absolute terms.
        AssertClose(grad.ToArray(), expectedGrad, i => (n + 4) * Eps32 * gradScale[i], "∇f = ½(A + Aᵀ)x + b");
        AssertClose(hvp.ToArray(), S(vd), i => (n + 4) * Eps32 * hvScale[i], "Hv = ½(A + Aᵀ)v");
    }

    // ---- the ODE drift MLP of the flow-matching / Copenhagen sheet ----

    /// <summary>f(x, t) = W₃·tanh(W₂·tanh(W₁·[x, t] + b₁) + b₂) + b₃, 2 → 8 → 8 → 1, written out by hand.</summary>
    private sealed record Mlp(Tensor W1, Tensor B1, Tensor W2, Tensor B2, Tensor W3, Tensor B3)
    {
        public static Mlp Create(int seed)
        {
            var g = new Generator(seed);
            return new(randn([8, 2], g) * 0.5f, randn([8], g) * 0.3f, randn([8, 8], g) * 0.4f, randn([8], g) * 0.3f, randn([1, 8], g) * 0.5f, randn([1], g) * 0.1f);
        }

        public Tensor[] Parameters => [W1, B1, W2, B2, W3, B3];

        public static Tensor Drift(Tensor[] p, Tensor x, Tensor t)
        {
            var z = cat([x, t], 1);                                   // [N, 2]
            var h1 = (z.matmul(p[0].T) + p[1]).tanh();                // [N, 8]
            var h2 = (h1.matmul(p[2].T) + p[3]).tanh();               // [N, 8]
            return h2.matmul(p[4].T) + p[5];                          // [N, 1]
        }

        /// <summary>
        /// ∂f/∂x by the chain rule in double: Σₖ W₃[k]·(1 − h₂ₖ²)·Σⱼ W₂[k, j]·(1 − h₁ⱼ²)·W₁[j, 0], and the same sum
        /// of absolute terms, which scales the float32 error bound.
        /// </summary>
        public (double value, double absScale) DfDx(double x, double t)
        {
            double[,] w1 = To2D(W1), w2 = To2D(W2), w3 = To2D(W3);
            double[] b1 = B1.ToDoubleArray(), b2 = B2.ToDoubleArray();
            var h1 = new double[8]; var h2 = new double[8];
            for (int j = 0; j < 8; j++) h1[j] = Math.Tanh(w1[j, 0] * x + w1[j, 1] * t + b1[j]);
            for (int k = 0; k < 8; k++) { double a = b2[k]; for (int j = 0; j < 8; j++) a += w2[k, j] * h1[j]; h2[k] = Math.Tanh(a); }
            Assert.That(h1.Concat(h2).Max(Math.Abs), Is.LessThan(0.95), "the error bound assumes tanh is not saturated");
            double value = 0, abs = 0;
            for (int k = 0; k < 8; k++)
                for (int j = 0; j < 8; j++)
                {
                    double term = w3[0, k] * (1 - h2[k] * h2[k]) * w2[k, j] * (1 - h1[j] * h1[j]) * w1[j, 0];
                    value += term; abs += Math.Abs(term);
                }
            return (value, abs);
        }

        private static double[,] To2D(Tensor w)
        {
            var r = new double[w.shape[0], w.shape[1]];
            for (int i = 0; i < w.shape[0]; i++) for (int j = 0; j < w.shape[1]; j++) r[i, j] = w[i, j];
            return r;
        }
    }

    /// <summary>
    /// ∂f/∂x from autograd.grad(create_graph: true) equals the hand-derived chain rule. Error bound, with u = ε₃₂/2:
    /// each of the 64 products in the chain rule passes through about 20 roundings (8-long dot products forward and
    /// back, tanh, 1 − h², the broadcast adds), i.e. ≤ 20u relative; the forward rounding of h (≤ 12u relative, from an
    /// 8-long dot product and tanh) moves 1 − h² by ≤ 2h²·12u/(1 − h²) ≤ 24u·9.3 relative while |h| ≤ 0.95 (asserted).
    /// Summed over the terms that is below 128u·Σ|term| = 64·ε₃₂·Σ|term|.
    /// </summary>
    [Test]
    public void Ode_drift_mlp_dfdx_by_autograd_equals_the_chain_rule()
    {
        var mlp = Mlp.Create(2024);
        var xs = new[] { -1.5f, -0.7f, 0f, 0.3f, 1.1f, 1.4f };
        var ts = new[] { 0f, 0.1f, 0.5f, 0.5f, 0.9f, 1f };
        var x = tensor(xs, xs.Length, 1).requires_grad_();
        var t = tensor(ts, ts.Length, 1);
        var f = Mlp.Drift(mlp.Parameters, x, t);
        var dfdx = autograd.grad(f.sum(), x, create_graph: true);
        Assert.That(dfdx.shape, Is.EqualTo(new[] { xs.Length, 1 }));
        Assert.That(dfdx.requires_grad, "create_graph keeps ∂f/∂x differentiable");
        var expected = xs.Select((v, i) => mlp.DfDx(v, ts[i])).ToArray();
        AssertClose(dfdx.ToArray(), expected.Select(e => e.value).ToArray(), i => 64 * Eps32 * expected[i].absScale, "∂f/∂x");
    }

    /// <summary>
    /// A loss that contains ∂f/∂x (as a divergence term of a continuous normalising flow or a score-matching loss does):
    /// its gradient with respect to the weights needs double backward through tanh, matmul, cat and the broadcast add,
    /// and must match finite differences.
    /// </summary>
    [Test]
    public void Gradient_of_a_loss_containing_dfdx_with_respect_to_the_weights_matches_finite_differences()
    {
        var mlp = Mlp.Create(7);
        var xs = tensor([-1.2f, 0.4f, 1.7f], 3, 1);
        var ts = tensor([0.2f, 0.6f, 0.95f], 3, 1);
        Tensor Loss(Tensor[] p)
        {
            using var _ = enable_grad();
            var x = xs.detach().requires_grad_();
            var f = Mlp.Drift(p, x, ts);
            var dfdx = autograd.grad(f.sum(), x, create_graph: true);
            return (dfdx.pow(2) + f * dfdx - 0.5f * f.pow(2)).mean();
        }
        GradCheck.Assert(Loss, mlp.Parameters);
    }
}
