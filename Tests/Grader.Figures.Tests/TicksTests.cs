namespace Grader.Figures.Tests;

public class TicksTests
{
    /// <summary>True when <paramref name="step"/> is 1, 2 or 5 times a power of ten.</summary>
    public static bool IsNice(double step)
    {
        if (!(step > 0)) return false;
        var mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step) + 1e-12));
        return new[] { 1.0, 2.0, 5.0, 10.0 }.Any(m => Math.Abs(mantissa - m) < 1e-9 * m);
    }

    [TestCase(0, 1)]
    [TestCase(-3.7, 1234.5)]
    [TestCase(0.013, 0.87)]
    [TestCase(-1e-7, 3e-7)]
    [TestCase(999, 1001)]
    [TestCase(-250, -10)]
    [TestCase(1e6, 5e9)]
    public void Ticks_are_evenly_spaced_nice_and_inside(double min, double max)
    {
        var t = Ticks.Nice(min, max);
        t.Length.Should().BeInRange(3, 11);
        t.Should().BeInAscendingOrder();
        t.First().Should().BeGreaterThanOrEqualTo(min - 1e-9 * (max - min));
        t.Last().Should().BeLessThanOrEqualTo(max + 1e-9 * (max - min));
        var step = Ticks.StepFor(min, max);
        IsNice(step).Should().BeTrue($"step {step}");
        for (var i = 1; i < t.Length; i++) (t[i] - t[i - 1]).Should().BeApproximately(step, step * 1e-9);
        t.Should().AllSatisfy(v => (v / step).Should().BeApproximately(Math.Round(v / step), 1e-6));
    }

    [Test]
    public void Nice_steps_for_many_ranges()
    {
        var rng = new Random(7);
        for (var k = 0; k < 2000; k++)
        {
            var scale = Math.Pow(10, rng.Next(-8, 9));
            var a = (rng.NextDouble() - 0.5) * 10 * scale;
            var b = a + (rng.NextDouble() + 1e-3) * 10 * scale;
            var t = Ticks.Nice(a, b);
            t.Length.Should().BeInRange(2, 12, $"range [{a}, {b}]");
            IsNice(Ticks.StepFor(a, b)).Should().BeTrue();
        }
    }

    [TestCase(0.30000000000000004, 0.1, "0.3")]
    [TestCase(-1e-17, 0.5, "0.0")]
    [TestCase(-1e-17, 1, "0")]
    [TestCase(2, 0.5, "2.0")]
    [TestCase(1500, 500, "1500")]
    [TestCase(-0.05, 0.05, "-0.05")]
    [TestCase(2e6, 1e6, "2E+6")]
    public void Tick_labels(double value, double step, string expected)
        => Ticks.Format(value, step).Should().Be(expected);

    [Test]
    public void Degenerate_ranges()
    {
        Ticks.Nice(3, 3).Should().Equal(3);
        Ticks.Nice(double.NaN, 1).Should().BeEmpty();
        Ticks.Nice(5, 1).Should().Equal(Ticks.Nice(1, 5));
    }
}
