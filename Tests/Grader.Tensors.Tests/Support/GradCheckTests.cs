namespace Grader.Tensors.Tests.Support;

/// <summary>
/// The checker is itself checked: it must pass correct rules and catch wrong ones (a mutant backward), first and
/// second order, or every green gradient test above means nothing.
/// </summary>
public class GradCheckTests
{
    /// <summary>x³ with a backward rule of our choice (internal Tensor.Result), to plant mistakes.</summary>
    private static Tensor Cube(Tensor x, Func<Tensor, Tensor, Tensor> backward) =>
        Tensor.Result("cube", x.ToArray().Select(v => v * v * v).ToArray(), x.shape, [x], (g, _) => [backward(g, x)]);

    private static readonly Tensor Point = tensor([-1.3f, -0.2f, 0.4f, 1.7f, 2.5f], 5);

    [Test]
    public void Passes_a_correct_rule() =>
        GradCheck.Assert(xs => Cube(xs[0], (g, x) => g * 3f * x * x), Point);

    [TestCase(3.03f, TestName = "Catches a 1 % error in the derivative")]
    [TestCase(2f, TestName = "Catches a wrong constant")]
    public void Catches_a_scaled_rule(float factor)
    {
        var failures = GradCheck.Check(xs => Cube(xs[0], (g, x) => g * factor * x * x), 17, [Point]);
        Assert.That(failures, Is.Not.Empty);
    }

    [Test]
    public void Catches_a_gradient_summed_the_wrong_way()
    {
        // x [1, 3] times c [2, 3]: x is broadcast over rows, so its gradient is Σ over rows; a rule that averages instead must be caught.
        var c = tensor([0.5f, -2f, 1.5f, 1f, 0.3f, -0.7f], 2, 3);
        Func<Tensor[], Tensor> f = xs => Tensor.Result("scale", (xs[0] * c).ToArray(), [2, 3], [xs[0]], (g, _) => [(g * c).mean(0, keepdim: true)]);
        GradCheck.Assert(xs => Tensor.Result("scale", (xs[0] * c).ToArray(), [2, 3], [xs[0]], (g, _) => [(g * c).sum(0, keepdim: true)]), tensor([0.1f, 0.2f, 0.3f], 1, 3));
        var failures = GradCheck.Check(f, 17, [tensor([0.1f, 0.2f, 0.3f], 1, 3)]);
        Assert.That(failures, Is.Not.Empty);
    }

    [Test]
    public void Second_order_passes_a_differentiable_rule_and_catches_a_constant_one()
    {
        GradCheck.AssertSecondOrder(xs => Cube(xs[0], (g, x) => g * 3f * x * x), Point);
        // A backward that computes the right first derivative from detached values is not differentiable:
        // the second-order check must notice that d/dx (3x²) came out as 0.
        Tensor Detached(Tensor g, Tensor x) => g * (3f * x * x).detach();
        GradCheck.Assert(xs => Cube(xs[0], Detached), Point);
        Assert.Throws<AssertionException>(() => GradCheck.AssertSecondOrder(xs => Cube(xs[0], Detached), Point));
    }

    [Test]
    public void Rank_zero_inputs_stay_rank_zero()
    {
        int[]? seen = null;
        GradCheck.Assert(xs => { seen = xs[0].shape; return xs[0].exp(); }, TensorGen.Leaf([0.3f], []));
        Assert.That(seen, Is.Empty);
    }
}
