using Grader.Reference.Diffusion;

namespace Grader.Reference.Tests.Diffusion;

/// <summary>The schedule against the independent anchors of ml-anchors §1.3 and §1.6, and DTU exercise 3.1.</summary>
public class BetaScheduleTests
{
    [Test]
    public void Linear_T1000_matches_the_anchor_values()
    {
        var s = BetaSchedule.Linear(1000);
        s.T.Should().Be(1000);
        s.Beta[0].Should().BeApproximately(1e-4, 1e-11);
        s.Beta[999].Should().BeApproximately(0.02, 1e-9);
        s.AlphaBar[0].Should().BeApproximately(0.9999, 1e-9);
        s.AlphaBar[499].Should().BeApproximately(0.078587, 5e-7);
        s.AlphaBar[999].Should().BeApproximately(4.0358e-5, 5e-9);
        s.AlphaBarPrevious[0].Should().Be(1.0);
        s.AlphaBarPrevious[500].Should().Be(s.AlphaBar[499]);
    }

    [Test]
    public void Float32_and_float64_linspace_agree_to_float32_rounding()
    {
        var f32 = BetaSchedule.Linear(1000);
        var f64 = BetaSchedule.Linear(1000, float32Betas: false);
        for (var t = 0; t < 1000; t++)
        {
            (Math.Abs(f32.Beta[t] - f64.Beta[t]) / f64.Beta[t]).Should().BeLessThan(1.5e-7);
            (Math.Abs(f32.AlphaBar[t] - f64.AlphaBar[t]) / f64.AlphaBar[t]).Should().BeLessThan(1e-6);
        }
    }

    [TestCase(0, 0.0)]
    [TestCase(1, 0.4547)]
    [TestCase(2, 0.6113)]
    [TestCase(5, 0.7780)]
    [TestCase(10, 0.8639)]
    [TestCase(50, 0.9646)]
    [TestCase(100, 0.9821)]
    [TestCase(487, 0.9990)]
    [TestCase(999, 1.0000)]
    public void BetaTilde_over_beta_matches_the_ratio_table(int t, double ratio)
    {
        var s = BetaSchedule.Linear(1000);
        (s.BetaTilde[t] / s.Beta[t]).Should().BeApproximately(ratio, 5e-5);
    }

    [Test]
    public void Cosine_T1000_matches_Nichol_and_Dhariwal()
    {
        var s = BetaSchedule.Cosine(1000);
        s.Beta[0].Should().BeApproximately(4.1284e-5, 5e-9);
        s.AlphaBar[499].Should().BeApproximately(0.49384, 5e-6);
        s.Beta[998].Should().BeApproximately(0.75, 5e-6);
        s.Beta[999].Should().Be(0.999);
        s.AlphaBar[999].Should().BeApproximately(2.4288e-9, 5e-13);
        ScheduleValidity.Check(s).Should().BeEmpty();
    }

    [Test]
    public void Quadratic_runs_from_beta1_to_betaT_through_squared_roots()
    {
        var s = BetaSchedule.Quadratic(250);
        s.Beta[0].Should().BeApproximately(1e-4, 1e-10);
        s.Beta[249].Should().BeApproximately(0.02, 1e-8);
        var mid = (Math.Sqrt(1e-4) + Math.Sqrt(0.02)) / 2;
        // T = 250 is even, so the midpoint of the root linspace falls between indices 124 and 125.
        Math.Sqrt(s.Beta[124]).Should().BeLessThan(mid);
        Math.Sqrt(s.Beta[125]).Should().BeGreaterThan(mid);
    }

    [Test]
    public void Derived_quantities_follow_their_definitions()
    {
        var s = BetaSchedule.Linear(250);
        for (var t = 0; t < s.T; t++)
        {
            s.Alpha[t].Should().Be(1 - s.Beta[t]);
            s.SqrtAlphaBar[t].Should().BeApproximately(Math.Sqrt(s.AlphaBar[t]), 1e-15);
            s.SqrtOneMinusAlphaBar[t].Should().BeApproximately(Math.Sqrt(1 - s.AlphaBar[t]), 1e-15);
            (s.SqrtRecipAlphaBar[t] * s.SqrtAlphaBar[t]).Should().BeApproximately(1, 1e-14);
            (s.SqrtRecipAlphaBarMinusOne[t] * s.SqrtRecipAlphaBarMinusOne[t]).Should().BeApproximately(1 / s.AlphaBar[t] - 1, 1e-12);
            if (t > 0) s.AlphaBar[t].Should().BeLessThan(s.AlphaBar[t - 1]);
        }

        s.BetaTilde[0].Should().Be(0);
    }

    [Test]
    public void FromFunction_writes_beta_n_at_code_index_n_minus_1()
    {
        var s = BetaSchedule.FromFunction((n, N) => (double)n / (10.0 * N), 10);
        s.T.Should().Be(10);
        s.Beta[0].Should().BeApproximately(0.01, 1e-15);
        s.Beta[9].Should().BeApproximately(0.1, 1e-15);
    }

    /// <summary>
    /// DTU week 3, exercise 3.1 shown numerically: with β₁ = 1e-4 and β_T = 0.02 fixed, ᾱ_T = ∏(1 − β_s) falls towards 0 as
    /// T grows (≈ exp(−Σβ) with Σβ ≈ 0.01·T), so q(z_T | x) = N(√ᾱ_T x, (1 − ᾱ_T) I) → N(0, I).
    /// </summary>
    [Test]
    public void AlphaBar_T_decreases_towards_zero_as_T_grows()
    {
        var values = new[] { 10, 100, 1000, 10000 }.Select(T => BetaSchedule.Linear(T).AlphaBar[^1]).ToArray();
        values.Should().BeInDescendingOrder();
        values[0].Should().BeApproximately(0.90374, 1e-5);
        values[1].Should().BeApproximately(0.36356, 1e-5);
        values[2].Should().BeApproximately(4.0358e-5, 5e-9);
        values[3].Should().BeLessThan(1e-40);
    }
}
