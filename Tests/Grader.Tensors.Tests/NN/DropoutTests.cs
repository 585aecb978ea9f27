using FluentAssertions;

namespace Grader.Tensors.Tests.NN;

public class DropoutTests
{
    private const int N = 200_000;

    [Test]
    public void Training_keeps_the_mean_and_zeroes_about_p()
    {
        // Each output is 0 with probability p and 1/(1 − p) otherwise: mean 1, variance p/(1 − p) = 3/7 at p = 0.3.
        // The mean of N = 2·10⁵ values then has sd √(3/7/N) = 1.46e-3 and the zero fraction sd √(p(1 − p)/N) = 1.02e-3;
        // the bounds below are 6 sd (false-fail rate < 2e-9 for an unlucky seed; the seed is fixed anyway).
        const float p = 0.3f;
        var y = nn.functional.dropout(ones(N), p, training: true, new Generator(11)).ToArray();
        y.Average(v => (double)v).Should().BeApproximately(1.0, 6 * Math.Sqrt(p / (1 - p) / N));
        ((double)y.Count(v => v == 0f) / N).Should().BeApproximately(p, 6 * Math.Sqrt(p * (1 - p) / N));
        y.Where(v => v != 0f).Should().AllBeEquivalentTo(1f / (1f - p), "survivors are scaled by 1/(1 − p)");
    }

    [Test]
    public void Eval_mode_is_the_identity()
    {
        var d = nn.Dropout(0.5f, new Generator(1));
        var x = randn([4, 5], new Generator(2));
        d.eval();
        d.training.Should().BeFalse();
        d.forward(x).Should().BeSameAs(x);
        nn.functional.dropout(x, 0.5f, training: false, new Generator(3)).Should().BeSameAs(x);
    }

    [Test]
    public void Gradient_is_the_mask_and_a_seed_fixes_the_mask()
    {
        var x = randn([50], new Generator(4)).requires_grad_();
        var y = nn.functional.dropout(x, 0.4f, true, new Generator(9));
        y.sum().backward();
        var mask = x.grad!.ToArray();
        mask.Should().OnlyContain(m => m == 0f || m == 1f / 0.6f);
        var again = nn.functional.dropout(x.detach(), 0.4f, true, new Generator(9)).ToArray();
        var xs = x.ToArray();
        for (int i = 0; i < 50; i++) again[i].Should().Be(xs[i] * mask[i]);
    }

    [Test]
    public void Edge_probabilities()
    {
        var x = randn([10], new Generator(5));
        nn.functional.dropout(x, 0f, true, new Generator(1)).Should().BeSameAs(x);
        nn.functional.dropout(x, 1f, true, new Generator(1)).ToArray().Should().AllBeEquivalentTo(0f);
        var bad = () => nn.Dropout(1.5f, new Generator(1));
        bad.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*1.5*");
    }
}
