using FluentAssertions;

namespace Grader.Tensors.Tests.Optim;

public class AdamTests
{
    private static readonly int[][] Shapes = [[3], [2, 2], [37]];

    /// <summary>PyTorch's Adam (torch/optim/adam.py, amsgrad off) written out in double.</summary>
    private static double[][] Reference(QuadraticProblem q, int steps, double lr, double b1, double b2, double eps, double wd)
    {
        var p = q.Start.Select(s => (double[])s.Clone()).ToArray();
        var m = p.Select(x => new double[x.Length]).ToArray();
        var v = p.Select(x => new double[x.Length]).ToArray();
        for (int t = 1; t <= steps; t++)
            for (int j = 0; j < p.Length; j++)
            {
                var g = q.Gradient(j, p[j]);
                double bc1 = 1 - Math.Pow(b1, t), bc2 = 1 - Math.Pow(b2, t);
                for (int i = 0; i < g.Length; i++)
                {
                    double gi = g[i] + wd * p[j][i];
                    m[j][i] = b1 * m[j][i] + (1 - b1) * gi;
                    v[j][i] = b2 * v[j][i] + (1 - b2) * gi * gi;
                    p[j][i] -= lr / bc1 * m[j][i] / (Math.Sqrt(v[j][i]) / Math.Sqrt(bc2) + eps);
                }
            }
        return p;
    }

    [TestCase(0.1, 0.9, 0.999, 1e-8, 0.0, TestName = "Adam defaults, lr 0.1")]
    [TestCase(0.05, 0.8, 0.99, 1e-3, 0.1, TestName = "Adam with weight decay and a large eps")]
    [TestCase(0.02, 0.3, 0.9, 1e-8, 0.01, TestName = "Adam with beta1 below one half")]
    public void Three_steps_match_the_double_reference(double lr, double b1, double b2, double eps, double wd)
    {
        var q = new QuadraticProblem(13, Shapes);
        var opt = optim.Adam(q.Parameters, lr, b1, b2, eps, wd);
        for (int t = 0; t < 3; t++)
        {
            opt.zero_grad();
            q.Loss().backward();
            opt.step();
        }
        var expected = Reference(q, 3, lr, b1, b2, eps, wd);
        for (int j = 0; j < Shapes.Length; j++)
        {
            opt.step_count(j).Should().Be(3);
            var got = q.Parameters[j].ToArray();
            for (int i = 0; i < got.Length; i++)
                got[i].Should().BeApproximately((float)expected[j][i], 2e-6f * Math.Max(1f, Math.Abs(got[i])), $"parameter {j}, element {i}");
        }
    }

    [Test]
    public void First_step_moves_each_element_by_lr_against_the_gradient_sign()
    {
        // After one step m̂ = g and v̂ = g², so the update is lr·g/(|g| + eps) ≈ lr·sign(g) whatever |g| is.
        var p = tensor([1f, -2f, 300f, -0.001f]).requires_grad_();
        var opt = optim.Adam([p], lr: 0.01);
        (p * p).sum().backward();
        opt.step();
        double[] expected = [0.99, -1.99, 299.99, -0.001 + 0.01 * (0.002 / (0.002 + 1e-8))];
        var got = p.ToArray();
        for (int i = 0; i < 4; i++) got[i].Should().BeApproximately((float)expected[i], 1e-6f * Math.Max(1f, Math.Abs(got[i])));
    }

    [Test]
    public void Converges_on_a_least_squares_problem()
    {
        var g = new Generator(21);
        var a = randn([64, 5], g);
        var wTrue = tensor([1.5f, -2f, 0.5f, 3f, -1f], 5, 1);
        var b = a.matmul(wTrue) + 0.25f;
        var model = nn.Linear(5, 1, g);
        var opt = optim.Adam(model.parameters(), lr: 0.05);
        for (int step = 0; step < 1500; step++)
        {
            opt.zero_grad();
            nn.functional.mse_loss(model.forward(a), b).backward();
            opt.step();
        }
        var w = model.weight.ToArray();
        var expected = wTrue.ToArray();
        for (int i = 0; i < 5; i++) w[i].Should().BeApproximately(expected[i], 1e-3f);
        model.bias!.item().Should().BeApproximately(0.25f, 1e-3f);
    }

    [Test]
    public void Step_allocates_nothing_once_state_exists()
    {
        var q = new QuadraticProblem(3, Shapes);
        var opt = optim.Adam(q.Parameters, lr: 0.01, weight_decay: 0.1);
        q.Loss().backward();
        for (int i = 0; i < 3; i++) opt.step();                     // state allocated, code jitted
        long before = GC.GetAllocatedBytesForCurrentThread();
        opt.step();
        long after = GC.GetAllocatedBytesForCurrentThread();
        (after - before).Should().Be(0);

        var sgd = optim.SGD(q.Parameters, lr: 0.01, momentum: 0.9);
        for (int i = 0; i < 3; i++) sgd.step();
        before = GC.GetAllocatedBytesForCurrentThread();
        sgd.step();
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }

    [Test]
    public void Rejects_betas_outside_the_unit_interval()
    {
        var act = () => optim.Adam([ones(1).requires_grad_()], beta1: 1.0);
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*beta1*");
    }

    [Test]
    public void A_transposed_gradient_moves_the_parameter_as_its_contiguous_copy_does_at_every_step()
    {
        // A linear layer's weight gets a transposed view as its gradient (the backward of x·weight.t()); the optimizer
        // reads it into a buffer it reuses. Each step brings other values, so a buffer left stale, or read in storage
        // order instead of row-major, moves the parameter elsewhere than the contiguous gradient does.
        var rng = new Generator(5);
        var start = randn([5, 3], rng);
        var viaView = start.clone().requires_grad_();
        var viaCopy = start.clone().requires_grad_();
        var withView = optim.Adam([viaView], lr: 0.1);
        var withCopy = optim.Adam([viaCopy], lr: 0.1);
        for (int step = 0; step < 3; step++)
        {
            var stored = randn([3, 5], rng);            // the storage of a [3, 5] gradient ...
            var transposed = stored.t();                 // ... read as the [5, 3] parameter's
            transposed.is_contiguous().Should().BeFalse();
            viaView.grad = transposed;
            viaCopy.grad = tensor(transposed.ToArray(), 5, 3);
            withView.step();
            withCopy.step();
            viaView.ToArray().Should().Equal(viaCopy.ToArray(), $"step {step + 1}");
        }
        viaView.ToArray().Should().NotEqual(start.ToArray());
    }
}
