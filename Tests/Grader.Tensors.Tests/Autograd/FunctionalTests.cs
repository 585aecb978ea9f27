namespace Grader.Tensors.Tests.Autograd;

/// <summary>
/// torch.autograd.functional.jacobian (Autograd/Functional.cs): shapes, against Jacobians derived by hand in double,
/// several inputs, create_graph (a loss on log|det J| differentiated by finite differences), and the use the flow
/// checks make of it: slogdet(jacobian(coupling)) equals the coupling layer's own log-determinant.
/// </summary>
public class FunctionalTests
{
    [Test]
    public void A_linear_map_has_its_matrix_as_jacobian_and_the_shape_is_output_then_input()
    {
        var w = tensor([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        var j = autograd.functional.jacobian(x => w.matmul(x), tensor([0.5f, -1f, 2f]));
        Assert.That(j.shape, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(j.ToArray(), Is.EqualTo(w.ToArray()));
        var j3 = autograd.functional.jacobian(x => x * 2f, zeros(2, 1, 3));
        Assert.That(j3.shape, Is.EqualTo(new[] { 2, 1, 3, 2, 1, 3 }));
        Assert.That(j3.reshape(6, 6).ToArray(), Is.EqualTo(eye(6).mul(2f).ToArray()));
        Assert.That(autograd.functional.jacobian(x => x.sum(), zeros(2, 2)).shape, Is.EqualTo(new[] { 2, 2 }), "a scalar output: the gradient's shape");
        Assert.That(autograd.functional.jacobian(x => x, scalar(3f)).item(), Is.EqualTo(1f));
    }

    [Test]
    public void An_output_that_ignores_the_input_gives_zeros_and_nothing_else_is_touched()
    {
        var x = tensor([1f, 2f]).requires_grad_();
        var p = tensor([3f]).requires_grad_();
        Assert.That(autograd.functional.jacobian(_ => ones(3), x).ToArray(), Is.EqualTo(new float[6]));
        var j = autograd.functional.jacobian(z => z * p, x);
        Assert.That(j.requires_grad, Is.False, "without create_graph the Jacobian is a constant");
        Assert.That((x.grad, p.grad), Is.EqualTo(((Tensor?)null, (Tensor?)null)), ".grad stays untouched");
        using (no_grad())
            Assert.That(autograd.functional.jacobian(z => z * z, tensor([3f])).item(), Is.EqualTo(6f), "works inside no_grad");
    }

    /// <summary>
    /// f(x) = tanh(W·x + b) ⊙ x; the exact Jacobian is diag(x ⊙ (1 − t²))·W + diag(t), t = tanh(a), a = Wx + b,
    /// computed here in double. In float32, a carries up to D·ε₃₂·Σ|w x| + |b| of rounding, which moves an entry by its
    /// derivative in a (|x w|·2|t|(1 − t²), and 1 − t² on the diagonal) times that; t's own rounding (ε₃₂|t|) moves it
    /// by |∂J/∂t|·|t| (1 − t² is rounded near 1, as in PyTorch's tanh_backward); the entry's few roundings add ε₃₂ per
    /// term. So each entry is within (D + 8)·ε₃₂·(|J| + |x w (1 − t²)| + |t| + |∂J/∂a|·(Σ|w x| + |b|) + |∂J/∂t|·|t|).
    /// </summary>
    [Test]
    public void Matches_the_jacobian_derived_by_hand() =>
        PropertyCheck.ForAll(
            from d in Gen.Choose(1, 6)
            from x in TensorGen.Uniform(-2, 2).ArrayOf(d)
            from w in TensorGen.Uniform(-1, 1).ArrayOf(d * d)
            from b in TensorGen.Uniform(-1, 1).ArrayOf(d)
            select (d, x, w, b), c =>
            {
                var (d, x, w, b) = c;
                var W = tensor(w, d, d);
                var B = tensor(b);
                var j = autograd.functional.jacobian(z => (W.matmul(z) + B).tanh() * z, tensor(x)).ToArray();
                var expected = new double[d * d];
                var scale = new double[d * d];
                for (int i = 0; i < d; i++)
                {
                    double a = b[i], mass = Math.Abs(b[i]);
                    for (int k = 0; k < d; k++) { a += (double)w[i * d + k] * x[k]; mass += Math.Abs((double)w[i * d + k] * x[k]); }
                    double t = Math.Tanh(a), dt = 1 - t * t;
                    for (int k = 0; k < d; k++)
                    {
                        double xw = (double)x[i] * w[i * d + k];
                        expected[i * d + k] = xw * dt + (i == k ? t : 0);
                        double slope = Math.Abs(xw) * 2 * Math.Abs(t) * dt + (i == k ? dt : 0);
                        double dJdt = Math.Abs(xw) * 2 * Math.Abs(t) + (i == k ? 1 : 0);   // t itself is rounded (ε₃₂·|t|), and 1 − t² sees it
                        scale[i * d + k] = Math.Abs(xw * dt) + (i == k ? Math.Abs(t) : 0) + slope * mass + dJdt * Math.Abs(t);
                    }
                }
                AssertClose(j, expected, i => (d + 8) * Eps32 * (Math.Abs(expected[i]) + scale[i]) + 1e-30, "jacobian");
            }, cases: 30);

    [Test]
    public void Several_inputs_give_one_jacobian_each()
    {
        var x = tensor([1f, -2f, 0.5f]);
        var w = tensor([1f, 0f, 2f, -1f, 3f, 1f], 2, 3);
        var j = autograd.functional.jacobian(xs => xs[1].matmul(xs[0]), [x, w]);
        Assert.That(j[0].ToArray(), Is.EqualTo(w.ToArray()), "∂(Wx)/∂x = W");
        Assert.That(j[1].shape, Is.EqualTo(new[] { 2, 2, 3 }));
        // ∂(Wx)ᵢ/∂W_jk = δᵢⱼ x_k
        Assert.That(j[1].ToArray(), Is.EqualTo(new[] { 1f, -2f, 0.5f, 0f, 0f, 0f, 0f, 0f, 0f, 1f, -2f, 0.5f }));
    }

    /// <summary>
    /// An affine coupling layer on ℝ⁴ (the flows' building block): z₁ = x₁, z₂ = x₂ ⊙ exp(s(x₁)) + t(x₁), with
    /// s = tanh(A·x₁), t = B·x₁. Its Jacobian is block-triangular, so log|det J| = Σ s exactly; slogdet of the autograd
    /// Jacobian must agree to float32 rounding of the four s values and their sum: (4 + 8)·ε₃₂·Σ|s| + the LU's ε₃₂.
    /// </summary>
    [Test]
    public void Slogdet_of_a_coupling_layers_jacobian_is_its_log_determinant() =>
        PropertyCheck.ForAll(
            from x in TensorGen.Uniform(-2, 2).ArrayOf(4)
            from a in TensorGen.Uniform(-1, 1).ArrayOf(4)
            from b in TensorGen.Uniform(-1, 1).ArrayOf(4)
            select (x, a, b), c =>
            {
                var A = tensor(c.a, 2, 2);
                var B = tensor(c.b, 2, 2);
                Tensor Coupling(Tensor x)
                {
                    var x1 = x.narrow(0, 0, 2);
                    var x2 = x.narrow(0, 2, 2);
                    var s = A.matmul(x1).tanh();
                    return cat([x1, x2 * s.exp() + B.matmul(x1)]);
                }
                var x = tensor(c.x);
                var s = A.matmul(x.narrow(0, 0, 2)).tanh();
                var (sign, logabsdet) = linalg.slogdet(autograd.functional.jacobian(Coupling, x));
                Assert.That(sign.item(), Is.EqualTo(1f));
                double exact = s.ToDoubleArray().Sum();
                Assert.That(logabsdet.item(), Is.EqualTo(exact).Within(12 * Eps32 * s.abs().sum().item() + Eps32 + 1e-7));
            }, cases: 30);

    /// <summary>A loss on log|det J| (J from jacobian with create_graph) differentiated in the input and in the parameters, against finite differences.</summary>
    [Test]
    public void With_create_graph_the_jacobian_is_differentiable() =>
        PropertyCheck.ForAll(
            from x in TensorGen.Uniform(-1, 1).ArrayOf(3)
            from w in TensorGen.Uniform(-0.5, 0.5).ArrayOf(9)
            select (x, w), c =>
                GradCheck.Assert(xs =>
                {
                    var W = xs[1];
                    var j = autograd.functional.jacobian(z => z + (W.matmul(z)).tanh() * 0.5f, xs[0], create_graph: true);
                    return linalg.slogdet(j).logabsdet + j.sum() * 0.1f;
                }, tensor(c.x), tensor(c.w, 3, 3)), cases: 10);
}
