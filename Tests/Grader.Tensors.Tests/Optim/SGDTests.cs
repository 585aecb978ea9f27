using FluentAssertions;

namespace Grader.Tensors.Tests.Optim;

public class SGDTests
{
    private static readonly int[][] Shapes = [[3], [2, 2], [37]];

    /// <summary>PyTorch's SGD written out in double (torch/optim/sgd.py).</summary>
    private static double[][] Reference(QuadraticProblem q, int steps, double lr, double momentum, double dampening, double wd, bool nesterov)
    {
        var p = q.Start.Select(s => (double[])s.Clone()).ToArray();
        var buf = new double[p.Length][];
        for (int t = 0; t < steps; t++)
            for (int j = 0; j < p.Length; j++)
            {
                var g = q.Gradient(j, p[j]);
                for (int i = 0; i < g.Length; i++) g[i] += wd * p[j][i];
                if (momentum != 0)
                {
                    if (buf[j] is null) buf[j] = (double[])g.Clone();
                    else for (int i = 0; i < g.Length; i++) buf[j][i] = momentum * buf[j][i] + (1 - dampening) * g[i];
                    for (int i = 0; i < g.Length; i++) g[i] = nesterov ? g[i] + momentum * buf[j][i] : buf[j][i];
                }
                for (int i = 0; i < g.Length; i++) p[j][i] -= lr * g[i];
            }
        return p;
    }

    [TestCase(0.0, 0.0, 0.0, false, TestName = "plain SGD")]
    [TestCase(0.0, 0.0, 0.05, false, TestName = "SGD with weight decay")]
    [TestCase(0.9, 0.0, 0.05, false, TestName = "SGD with momentum and weight decay")]
    [TestCase(0.9, 0.3, 0.05, false, TestName = "SGD with dampened momentum")]
    [TestCase(0.8, 0.0, 0.01, true, TestName = "SGD with Nesterov momentum")]
    public void Three_steps_match_the_double_reference(double momentum, double dampening, double wd, bool nesterov)
    {
        var q = new QuadraticProblem(7, Shapes);
        var opt = optim.SGD(q.Parameters, lr: 0.1, momentum: momentum, weight_decay: wd, dampening: dampening, nesterov: nesterov);
        for (int t = 0; t < 3; t++)
        {
            opt.zero_grad();
            q.Loss().backward();
            opt.step();
        }
        var expected = Reference(q, 3, 0.1, momentum, dampening, wd, nesterov);
        for (int j = 0; j < Shapes.Length; j++)
        {
            var got = q.Parameters[j].ToArray();
            for (int i = 0; i < got.Length; i++)
                got[i].Should().BeApproximately((float)expected[j][i], 2e-6f * Math.Max(1f, Math.Abs(got[i])), $"parameter {j}, element {i}");
        }
    }

    [Test]
    public void Momentum_buffer_starts_at_the_first_gradient()
    {
        // One parameter, constant gradient 1: with μ = 0.9, PyTorch's buffer is 1, 1.9, 2.71, so p = −0.1, −0.29, −0.561.
        var p = zeros(1).requires_grad_();
        var opt = optim.SGD([p], lr: 0.1, momentum: 0.9);
        float[] expected = [-0.1f, -0.29f, -0.561f];
        foreach (var e in expected)
        {
            opt.zero_grad();
            (p * 1f).sum().backward();
            opt.step();
            p.item().Should().BeApproximately(e, 1e-6f);
        }
    }

    [Test]
    public void Parameters_without_grad_are_skipped_and_zero_grad_clears()
    {
        var used = ones(2).requires_grad_();
        var unused = ones(2).requires_grad_();
        var opt = optim.SGD([used, unused], lr: 0.5, momentum: 0.9);
        (used * used).sum().backward();
        opt.step();
        used.ToArray().Should().Equal(0f, 0f);
        unused.ToArray().Should().Equal(1f, 1f);
        opt.zero_grad();
        used.grad.Should().BeNull();
    }

    [Test]
    public void A_broadcast_gradient_view_is_read_correctly()
    {
        // The grad of a sum is the output gradient expanded (stride 0), not a contiguous array.
        var p = zeros(2, 3).requires_grad_();
        (p.sum() * 2f).backward();
        p.grad!.is_contiguous().Should().BeFalse();
        optim.SGD([p], lr: 0.5).step();
        p.ToArray().Should().AllBeEquivalentTo(-1f);
    }

    [Test]
    public void Rejects_bad_parameter_lists()
    {
        var leaf = ones(2).requires_grad_();
        var dup = () => optim.SGD([leaf, leaf], lr: 0.1);
        dup.Should().Throw<ArgumentException>().WithMessage("*more than once*");
        var nonLeaf = () => optim.SGD([leaf * 2f], lr: 0.1);
        nonLeaf.Should().Throw<ArgumentException>().WithMessage("*not a leaf*");
        var negative = () => optim.SGD([leaf], lr: -1);
        negative.Should().Throw<ArgumentOutOfRangeException>();
    }
}
