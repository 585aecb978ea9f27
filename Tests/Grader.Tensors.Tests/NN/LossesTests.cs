using FluentAssertions;

namespace Grader.Tensors.Tests.NN;

public class LossesTests
{
    private static readonly Tensor Input = tensor([1f, -2f, 0.5f, 3f, 0f, -1f], 2, 3);
    private static readonly Tensor Target = tensor([0f, -1f, 2f, 3f, 1f, 1f], 2, 3);

    [Test]
    public void Mse_reductions_match_hand_computed_values()
    {
        // squared differences: 1, 1, 2.25, 0, 1, 4 → sum 9.25, mean 9.25/6
        nn.functional.mse_loss(Input, Target, "none").ToArray().Should().Equal(1f, 1f, 2.25f, 0f, 1f, 4f);
        nn.functional.mse_loss(Input, Target, "sum").item().Should().Be(9.25f);
        nn.functional.mse_loss(Input, Target).item().Should().BeApproximately(9.25f / 6f, 1e-7f);
        nn.functional.mse_loss(Input, Target).dim().Should().Be(0);
        nn.MSELoss("sum").forward(Input, Target).item().Should().Be(9.25f);
    }

    [TestCase("mean")]
    [TestCase("sum")]
    [TestCase("none")]
    public void Mse_gradient_matches_finite_differences(string reduction) =>
        GradCheck.Assert(xs => nn.functional.mse_loss(xs[0], xs[1], reduction), Input, Target);

    [Test]
    public void Mse_rejects_different_shapes_and_unknown_reductions()
    {
        var broadcastBug = () => nn.functional.mse_loss(zeros(4), zeros(4, 1));
        broadcastBug.Should().Throw<ArgumentException>().WithMessage("*[4]*[4, 1]*");
        var reduction = () => nn.functional.mse_loss(zeros(4), zeros(4), "avg");
        reduction.Should().Throw<ArgumentException>().WithMessage("*'avg'*");
    }

    // ---- cross_entropy / nll_loss ----

    /// <summary>Logits [N, C, (d)] uniform on [−4, 4] and class indices [N, (d)].</summary>
    private static Gen<(TensorCase Logits, float[] Target, int[] TargetShape)> Classification =>
        from n in Gen.Choose(1, 5)
        from c in Gen.Choose(1, 6)
        from d in Gen.Choose(0, 3)
        let inputShape = d == 0 ? new[] { n, c } : new[] { n, c, d }
        let targetShape = d == 0 ? new[] { n } : new[] { n, d }
        from x in TensorGen.Of(inputShape, TensorGen.Uniform(-4, 4))
        from t in Gen.Choose(0, c - 1).ArrayOf(n * Math.Max(d, 1))
        select (x, t.Select(v => (float)v).ToArray(), targetShape);

    /// <summary>
    /// −(x_t − logsumexp(x)) in double. log_softmax in float32 is (x − m) − log Σ e^{x−m}: the C exponentials and their
    /// sum carry (C + 2)·ε₃₂ relative, the log and the subtractions a few ε₃₂ of |x − m| and log Σ; the mean adds N·ε₃₂.
    /// So each loss is within (C + 8)·ε₃₂·(|loss| + |x_t − m| + log Σ + 1), the mean within that plus N·ε₃₂·mean.
    /// </summary>
    [Test]
    public void Cross_entropy_matches_double_for_every_reduction() =>
        PropertyCheck.ForAll(Classification, p =>
        {
            var (x, t, targetShape) = p;
            int n = x.Shape[0], c = x.Shape[1], inner = x.Shape.Length == 3 ? x.Shape[2] : 1;
            var expected = new double[n * inner];
            var tol = new double[n * inner];
            for (int i = 0; i < n; i++)
                for (int k = 0; k < inner; k++)
                {
                    double m = double.NegativeInfinity;
                    for (int j = 0; j < c; j++) m = Math.Max(m, x.Values[(i * c + j) * inner + k]);
                    double sum = 0;
                    for (int j = 0; j < c; j++) sum += Math.Exp(x.Values[(i * c + j) * inner + k] - m);
                    int target = (int)t[i * inner + k];
                    double xt = x.Values[(i * c + target) * inner + k];
                    expected[i * inner + k] = -(xt - m - Math.Log(sum));
                    tol[i * inner + k] = (c + 8) * Eps32 * (Math.Abs(expected[i * inner + k]) + Math.Abs(xt - m) + Math.Log(sum) + 1);
                }
            var target_ = tensor(t, targetShape);
            var none = nn.functional.cross_entropy(x.ToTensor(), target_, "none");
            none.shape.Should().Equal(targetShape);
            AssertClose(none.ToArray(), expected, i => tol[i], "cross_entropy none");
            double sumTol = tol.Sum() + expected.Length * Eps32 * expected.Sum(Math.Abs);
            nn.functional.cross_entropy(x.ToTensor(), target_, "sum").item().Should().BeApproximately((float)expected.Sum(), (float)sumTol);
            nn.functional.cross_entropy(x.ToTensor(), target_).item().Should().BeApproximately((float)expected.Average(), (float)(sumTol / expected.Length + Eps32 * expected.Average()));
            nn.CrossEntropyLoss().forward(x.ToTensor(), target_).item().Should().Be(nn.functional.cross_entropy(x.ToTensor(), target_).item());
        });

    [Test]
    public void Cross_entropy_ignores_the_ignore_index_and_takes_a_single_sample()
    {
        var logits = tensor([2f, 0f, -1f, 0.5f, 0.5f, 3f, 1f, 1f, 1f], 3, 3);
        var full_ = nn.functional.cross_entropy(logits, tensor([0f, 2f, 1f]), "none").ToArray();
        var ignored = nn.functional.cross_entropy(logits, tensor([0f, -100f, 1f]), "none").ToArray();
        ignored.Should().Equal(full_[0], 0f, full_[2]);
        nn.functional.cross_entropy(logits, tensor([0f, -100f, 1f])).item().Should().BeApproximately((full_[0] + full_[2]) / 2, 1e-6f, "the mean is over the targets not ignored");
        nn.functional.cross_entropy(logits, tensor([5f, 5f, 5f]), ignore_index: 5).item().Should().Be(float.NaN, "nothing left to average: 0/0, as PyTorch");
        // [C] logits with a 0-d target: one sample.
        nn.functional.cross_entropy(tensor([2f, 0f, -1f]), scalar(0f)).item().Should().BeApproximately(full_[0], 11 * 1.2e-7f * 4, "the row's loss, summed in another order");
        nn.functional.nll_loss(logits.log_softmax(1), tensor([0f, 2f, 1f]), "none").ToArray().Should().Equal(full_);
    }

    [Test]
    public void Cross_entropy_refuses_bad_targets_with_one_sentence()
    {
        var logits = zeros(2, 3);
        var act = () => nn.functional.cross_entropy(logits, tensor([0f, 3f]));
        act.Should().Throw<ArgumentException>().WithMessage("cross_entropy: the target holds class 3 at position 1, but the input has 3 classes*");
        act = () => nn.functional.cross_entropy(logits, tensor([0.5f, 1f]));
        act.Should().Throw<ArgumentException>().WithMessage("cross_entropy: the target must hold class indices*");
        act = () => nn.functional.cross_entropy(logits, zeros(2, 3));
        act.Should().Throw<ArgumentException>().WithMessage("cross_entropy: input of shape [2, 3] needs class indices of shape [2], got a target of shape [2, 3]");
        act = () => nn.functional.nll_loss(logits, tensor([0f, 1f]), "avg");
        act.Should().Throw<ArgumentException>().WithMessage("*'avg'*");
    }

    [Test]
    public void Cross_entropy_gradient_matches_finite_differences_to_second_order() =>
        PropertyCheck.ForAll(Classification, p =>
        {
            var target = tensor(p.Target, p.TargetShape);
            GradCheck.Assert(xs => nn.functional.cross_entropy(xs[0], target, "none"), p.Logits.ToTensor());
            GradCheck.AssertSecondOrder(xs => nn.functional.cross_entropy(xs[0], target), p.Logits.ToTensor());
        }, cases: 15);

    // ---- binary cross-entropy ----

    private static Gen<(TensorCase P, TensorCase Y)> Probabilities(double lo, double hi) =>
        from shape in TensorGen.Shape(0, 3, 4)
        from p in TensorGen.Of(shape, TensorGen.Uniform(lo, hi))
        from y in TensorGen.Of(shape, TensorGen.Uniform(0, 1))
        select (p, y);

    /// <summary>Computed in double per element and rounded once: ½ ulp, plus ε₃₂ of each term for the mean.</summary>
    [Test]
    public void Binary_cross_entropy_matches_double() =>
        PropertyCheck.ForAll(Probabilities(1e-6, 1 - 1e-6), c =>
        {
            var expected = c.P.Values.Select((x, i) => -(c.Y.Values[i] * Math.Log(x) + (1 - (double)c.Y.Values[i]) * Math.Log(1 - (double)x))).ToArray();
            var none = nn.functional.binary_cross_entropy(c.P.ToTensor(), c.Y.ToTensor(), "none");
            none.shape.Should().Equal(c.P.Shape);
            AssertClose(none.ToArray(), expected, i => Eps32 * Math.Abs(expected[i]) + 1e-45, "bce");
            nn.functional.binary_cross_entropy(c.P.ToTensor(), c.Y.ToTensor()).item().Should()
                .BeApproximately((float)expected.Average(), (float)((expected.Length + 1) * Eps32 * expected.Average() + 1e-30));
            nn.BCELoss("sum").forward(c.P.ToTensor(), c.Y.ToTensor()).item().Should().Be(nn.functional.binary_cross_entropy(c.P.ToTensor(), c.Y.ToTensor(), "sum").item());
        });

    /// <summary>A saturated discriminator: σ rounds to exactly 0 or 1 in float32. The loss is clamped at 100 and the gradient finite (PyTorch's values).</summary>
    [Test]
    public void Binary_cross_entropy_stays_finite_at_zero_and_one()
    {
        var p = tensor([1f, 0f, 1f, 0f]).requires_grad_();
        var y = tensor([0f, 1f, 1f, 0f]);
        var loss = nn.functional.binary_cross_entropy(p, y, "none");
        loss.ToArray().Should().Equal(100f, 100f, 0f, 0f);
        var g = autograd.grad(loss.sum(), p);
        g.ToArray().Should().Equal(1e12f, -1e12f, 0f, 0f);
        var act = () => nn.functional.binary_cross_entropy(tensor([0.5f, 1.5f]), tensor([0f, 1f]));
        act.Should().Throw<ArgumentException>().WithMessage("binary_cross_entropy: input holds 1.5 at position 1, outside [0, 1]*logits*");
        act = () => nn.functional.binary_cross_entropy(tensor([float.NaN]), tensor([0f]));
        act.Should().Throw<ArgumentException>();
        act = () => nn.functional.binary_cross_entropy(zeros(3), zeros(3, 1));
        act.Should().Throw<ArgumentException>().WithMessage("*[3]*[3, 1]*");
    }

    [Test]
    public void Binary_cross_entropy_gradient_matches_finite_differences_to_second_order() =>
        PropertyCheck.ForAll(Probabilities(0.05, 0.95), c =>
        {
            GradCheck.Assert(xs => nn.functional.binary_cross_entropy(xs[0], xs[1], "none"), c.P.ToTensor(), c.Y.ToTensor());
            GradCheck.AssertSecondOrder(xs => nn.functional.binary_cross_entropy(xs[0], xs[1]), c.P.ToTensor(), c.Y.ToTensor());
        }, cases: 15);

    private static Gen<(TensorCase X, TensorCase Y)> Logits(double range) =>
        from shape in TensorGen.Shape(0, 3, 4)
        from x in TensorGen.Of(shape, TensorGen.Uniform(-range, range))
        from y in TensorGen.Of(shape, TensorGen.Uniform(0, 1))
        select (x, y);

    /// <summary>softplus(x) − y·x in double (log1p(e^{−|x|}) + max(x, 0) − y·x), rounded once: ½ ulp plus ε₃₂ of the terms it cancels.</summary>
    [Test]
    public void Binary_cross_entropy_with_logits_matches_double_far_into_the_tails() =>
        PropertyCheck.ForAll(Logits(60), c =>
        {
            var expected = c.X.Values.Select((x, i) => Log1p(Math.Exp(-Math.Abs((double)x))) + Math.Max(x, 0) - c.Y.Values[i] * (double)x).ToArray();
            var none = nn.functional.binary_cross_entropy_with_logits(c.X.ToTensor(), c.Y.ToTensor(), "none");
            AssertClose(none.ToArray(), expected, i => Eps32 * Math.Abs(expected[i]) + 1e-15 * Math.Abs(c.X.Values[i]) + 1e-45, "bce_with_logits");
        });

    [Test]
    public void Binary_cross_entropy_with_logits_gradient_is_sigmoid_minus_target()
    {
        var x = tensor([-30f, 30f, 0f, 100f]).requires_grad_();
        var y = tensor([0f, 1f, 0.25f, 0f]);
        var loss = nn.functional.binary_cross_entropy_with_logits(x, y, "none");
        loss.ToArray().Should().Equal(9.357623e-14f, 9.357623e-14f, 0.6931472f, 100f);
        var g = autograd.grad(loss.sum(), x).ToArray();
        g[0].Should().BeApproximately(9.357623e-14f, 1e-20f, "σ(−30) − 0 keeps its digits");
        g[1].Should().Be(0f, "σ(30) rounds to 1 in float32, and PyTorch's gradient is σ(x) − y there too");
        g[2].Should().Be(0.25f);
        g[3].Should().Be(1f);
        nn.BCEWithLogitsLoss().forward(x, y).item().Should().Be(nn.functional.binary_cross_entropy_with_logits(x, y).item());
    }

    [Test]
    public void Binary_cross_entropy_with_logits_gradient_matches_finite_differences_to_second_order() =>
        PropertyCheck.ForAll(Logits(4), c =>
        {
            GradCheck.Assert(xs => nn.functional.binary_cross_entropy_with_logits(xs[0], xs[1], "none"), c.X.ToTensor(), c.Y.ToTensor());
            GradCheck.AssertSecondOrder(xs => nn.functional.binary_cross_entropy_with_logits(xs[0], xs[1]), c.X.ToTensor(), c.Y.ToTensor());
        }, cases: 15);
}
