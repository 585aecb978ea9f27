using Grader.Contracts.OdeSde;
using Grader.Reference.OdeSde;

namespace Grader.Reference.Tests.OdeSde;

public sealed class KeyedElboNoiseTests
{
    [Test]
    public void A_draw_depends_on_seed_method_and_shape_not_on_call_order()
    {
        var first = new KeyedElboNoise(5);
        var t1 = first.Times([10, 1]);
        var e1 = first.NoiseAtOne([10, 1]);
        var second = new KeyedElboNoise(5);
        var e2 = second.NoiseAtOne([10, 1]);
        var t2 = second.Times([10, 1]);
        t1.ToArray().Should().Equal(t2.ToArray());
        e1.ToArray().Should().Equal(e2.ToArray());
        second.NoiseAtOne([10, 1]).ToArray().Should().Equal(e1.ToArray(), "asking again gives the same draw");
        second.NoiseAtZero([10, 1]).ToArray().Should().NotEqual(e1.ToArray(), "each method has its own stream");
        new KeyedElboNoise(6).NoiseAtOne([10, 1]).ToArray().Should().NotEqual(e1.ToArray());
        second.NoiseAtOne([10]).ToArray().Should().NotEqual(e1.ToArray(), "the shape is part of the key");
    }

    [Test]
    public void Times_are_uniform_on_the_unit_interval()
    {
        var t = new KeyedElboNoise(8).Times([20_000]).ToDoubleArray();
        t.Should().OnlyContain(v => v >= 0 && v < 1);
        // DKW at 1e-6: sup |F_n − F| ≤ √(ln(2e6)/(2n)) = 0.0269.
        Array.Sort(t);
        double d = t.Select((v, i) => Math.Max(Math.Abs(v - (double)i / t.Length), Math.Abs(v - (double)(i + 1) / t.Length))).Max();
        d.Should().BeLessThan(Math.Sqrt(Math.Log(2e6) / (2 * t.Length)));
    }

    /// <summary>The reference ELBO draws t and the three ε once each, one per example, in the notebook's order; replayed, it repeats exactly.</summary>
    [Test]
    public void The_elbo_asks_for_one_draw_per_example_of_each_kind_and_replays_exactly()
    {
        var model = new SdeModel(new Generator(4));
        var y = tensor(new[] { -8.0, -1.0, 0.0, 3.5, 8.2 }, 5, 1);
        var noise = new KeyedElboNoise(11);
        var a = SdeElbo.Compute(model, y, noise);
        noise.Requests.Select(r => r.Draw).Should().Equal("Times", "NoiseAtOne", "NoiseAtZero", "NoiseAtTime");
        noise.Requests.Should().OnlyContain(r => r.Shape.SequenceEqual(new[] { 5, 1 }));
        var b = SdeElbo.Compute(model, y, new KeyedElboNoise(11));
        a.Elbo.ToArray().Should().Equal(b.Elbo.ToArray());
        a.Elbo.shape.Should().Equal(5);
        (a.Elbo - (a.Likelihood - a.KlDivergence - a.DriftMatching)).abs().max().item().Should().BeLessThan(1e-5f);
    }

    [Test]
    public void Negative_dimensions_are_refused()
    {
        FluentActions.Invoking(() => new KeyedElboNoise(1).Times([-1, 1])).Should().Throw<ArgumentException>().WithMessage("*negative*");
    }
}
