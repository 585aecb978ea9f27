using Grader.Reference.Diffusion;

namespace Grader.Reference.Tests.Diffusion;

/// <summary>TUM endterm 2023, Problem 4 (b)–(d): which β schedules are invalid, and why.</summary>
public class ScheduleValidityTests
{
    private const int N = 1000;

    [Test]
    public void Schedule_1_sin_n_over_N_is_valid() =>
        ScheduleValidity.Check(BetaSchedule.FromFunction((n, N) => Math.Sin((double)n / N), N)).Should().BeEmpty();

    [Test]
    public void Schedule_3_ln_1_plus_n_over_N_is_valid() =>
        ScheduleValidity.Check(BetaSchedule.FromFunction((n, N) => Math.Log(1 + (double)n / N), N)).Should().BeEmpty();

    [Test]
    public void Schedule_2_one_minus_1_over_n_is_invalid_because_beta_1_is_0()
    {
        var reasons = ScheduleValidity.Check(BetaSchedule.FromFunction((n, _) => 1 - 1.0 / n, N));
        reasons.Should().ContainSingle();
        reasons[0].Should().StartWith("β_1 = 0").And.Contain("β_n ≤ 0").And.Contain("ᾱ stops decreasing");
    }

    [Test]
    public void Schedule_4_minus_cos_pi_n_over_N_is_invalid_because_beta_n_is_not_positive()
    {
        var reasons = ScheduleValidity.Check(BetaSchedule.FromFunction((n, N) => -Math.Cos(Math.PI * n / N), N));
        // n = 1 … 500 have β_n ≤ 0 (β_500 = −cos(π/2) = −6e-17 in double); β_1000 = −cos(π) = 1 also fails.
        reasons.Should().HaveCount(2);
        reasons[0].Should().StartWith("β_n for n = 1 … 500").And.Contain("β_n ≤ 0").And.Contain("square root of a negative number");
        reasons[1].Should().StartWith("β_1000 = 1").And.Contain("all information about x₀ is lost").And.Contain("√0 = 0");
    }

    [Test]
    public void Beta_above_1_is_explained_by_the_sign_of_alpha_bar()
    {
        var reasons = ScheduleValidity.Check([0.1, 1.5, 0.2]);
        reasons.Should().ContainSingle().Which.Should().StartWith("β_2 = 1.5").And.Contain("oscillates in sign");
    }

    [Test]
    public void Non_finite_and_empty_schedules_are_invalid()
    {
        ScheduleValidity.Check([0.1, double.NaN]).Should().ContainSingle().Which.Should().Contain("not a finite number");
        ScheduleValidity.Check(Array.Empty<double>()).Should().ContainSingle();
    }

    [Test]
    public void Every_schedule_inside_the_open_interval_is_valid_and_any_value_outside_is_reported_with_its_n()
    {
        var inside = Gen.Choose(1, 999_999).Select(i => i / 1e6);
        var outside = Gen.Elements(0.0, 1.0, -0.5, 1.5, -1e-12, 2.0);
        var cases =
            from length in Gen.Choose(1, 30)
            from betas in inside.ArrayOf(length)
            from position in Gen.Choose(0, length - 1)
            from bad in outside
            select (betas, position, bad);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(100).WithQuietOnSuccess(true), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            ScheduleValidity.Check(c.betas).Should().BeEmpty();
            var broken = (double[])c.betas.Clone();
            broken[c.position] = c.bad;
            var reasons = ScheduleValidity.Check(broken);
            reasons.Should().ContainSingle().Which.Should().Contain($"β_{c.position + 1} = ");
        }));
    }
}
