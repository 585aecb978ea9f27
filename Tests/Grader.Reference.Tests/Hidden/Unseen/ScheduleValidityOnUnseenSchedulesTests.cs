using Grader.Checks.Hidden.Diffusion.Unseen;
using Grader.Checks.Diffusion;
using Grader.Checks.Hidden.Diffusion.Schedules;
using Grader.Contracts.Diffusion;

namespace Grader.Reference.Tests.Hidden.Unseen;

/// <summary>
/// TUM P4 (b)/(c) on schedules drawn for the run: the drawn schedules are what the check's doc says (lengths beyond the
/// visible check's, half valid, the part's defects only), the sheet's rule passes under many seeds, and the named bugs
/// fail with certainty: β ≠ 1 in place of β &lt; 1, β ≤ 1, the upper bound tested only on short schedules (the cheat),
/// and validity judged by the last ᾱ_N alone.
/// </summary>
public sealed class ScheduleValidityOnUnseenSchedulesTests
{
    private static readonly ScheduleDefect[] Parts = [ScheduleDefect.AboveOne, ScheduleDefect.EqualOne];

    private static CheckResult Run(ScheduleDefect part, Func<IReadOnlyList<double>, bool> isValid, ulong seed) =>
        new ScheduleValidityOnUnseenSchedules(part).Run(new CheckContext(type => type == typeof(IBetaScheduleValidity) ? new Validity(isValid) : null, seed, ""));

    private static bool Rule(IReadOnlyList<double> betas) => betas.All(b => b > 0 && b < 1);

    [Test]
    public void The_drawn_schedules_are_long_half_valid_and_carry_only_the_parts_defect([Values] bool aboveOne)
    {
        var part = aboveOne ? ScheduleDefect.AboveOne : ScheduleDefect.EqualOne;
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var schedules = ScheduleValidityOnUnseenSchedules.Draw(new Generator(seed), part);
            schedules.Should().HaveCount(ScheduleValidityOnUnseenSchedules.Count);
            schedules.Should().OnlyContain(s => s.Betas.Length > BetaScheduleGen.MaxLength && s.Betas.Length <= 2000);
            schedules.Count(s => Rule(s.Betas)).Should().Be(ScheduleValidityOnUnseenSchedules.Count / 2);
            foreach (var (_, betas) in schedules)
            {
                betas.Where(b => !(b > 0 && b < 1)).All(b => aboveOne ? b > 1 : b == 1).Should().BeTrue("only the part's defect");
                // Valid schedules stay far inside (0, 1) but for the two edges every run holds on purpose (the smallest
                // positive double and the largest below 1, which a test on float32 moves onto a bound).
                if (Rule(betas)) betas.All(b => b is >= 1e-5 and <= 0.999 || b == double.Epsilon || b == Math.BitDecrement(1.0)).Should().BeTrue("valid schedules keep a margin but at the edges");
                betas.Where(b => b > 1).All(b => (float)b >= 1f).Should().BeTrue("a defect stays a defect in float32");
            }
        }
    }

    [Test]
    public void The_sheets_rule_passes_under_100_seeds()
    {
        foreach (var part in Parts)
            for (ulong seed = 1; seed <= 100; seed++)
            {
                var result = Run(part, Rule, seed);
                result.Outcome.Should().Be(CheckOutcome.Passed, $"seed {seed}: {result.Message}");
            }
    }

    [Test]
    public void Accepting_beta_above_one_fails_part_b_only()
    {
        Func<IReadOnlyList<double>, bool> bug = betas => betas.All(b => b > 0 && b != 1);
        var result = Run(ScheduleDefect.AboveOne, bug, 7);
        TestContext.Out.WriteLine(result.Message);
        result.Outcome.Should().Be(CheckOutcome.Failed);
        result.Message.Should().Contain("IsValid says valid").And.Contain("the sheet's answer is invalid").And.Contain("(P4 (b))");
        Run(ScheduleDefect.EqualOne, bug, 7).Outcome.Should().Be(CheckOutcome.Passed);
    }

    [Test]
    public void Accepting_beta_equal_to_one_fails_part_c_only()
    {
        Func<IReadOnlyList<double>, bool> bug = betas => betas.All(b => b > 0 && b <= 1);
        var result = Run(ScheduleDefect.EqualOne, bug, 7);
        TestContext.Out.WriteLine(result.Message);
        result.Outcome.Should().Be(CheckOutcome.Failed);
        result.Message.Should().Contain("(P4 (c))");
        Run(ScheduleDefect.AboveOne, bug, 7).Outcome.Should().Be(CheckOutcome.Passed);
    }

    [TestCase(1UL)]
    [TestCase(2UL)]
    [TestCase(3UL)]
    public void Testing_the_bound_only_on_short_schedules_fails_both_parts(ulong seed)
    {
        Func<IReadOnlyList<double>, bool> cheat = betas => betas.Count <= 50 ? Rule(betas) : betas.All(b => b > 0);
        foreach (var part in Parts) Run(part, cheat, seed).Outcome.Should().Be(CheckOutcome.Failed);
    }

    /// <summary>ᾱ_N ∈ (0, 1) alone: misses two β &gt; 1 (ᾱ changes sign twice and ends positive), which every run has.</summary>
    [TestCase(1UL)]
    [TestCase(2UL)]
    [TestCase(3UL)]
    public void Judging_by_the_last_alpha_bar_alone_fails_part_b(ulong seed)
    {
        Func<IReadOnlyList<double>, bool> bug = betas =>
        {
            var alphaBar = betas.Aggregate(1.0, (product, b) => product * (1 - b));
            return alphaBar > 0 && alphaBar < 1;
        };
        Run(ScheduleDefect.AboveOne, bug, seed).Outcome.Should().Be(CheckOutcome.Failed);
    }

    private sealed class Validity(Func<IReadOnlyList<double>, bool> isValid) : IBetaScheduleValidity
    {
        public bool IsValid(IReadOnlyList<double> betas) => isValid(betas);
    }
}
