using Grader.Checks.Hidden.Diffusion.Unseen;
using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion.Handin;

namespace Grader.Reference.Tests.Hidden.Unseen;

/// <summary>
/// TUM P4 (d) on questions drawn for the run: the questions are what the check's doc says (every form at every place,
/// forms 1–3 valid once and invalid once per place, verdicts away from the bounds), the reference passes under many
/// seeds, and every constant answer — the sheet's {2, 4} among them — loses at least the forms its constant gets wrong.
/// </summary>
public sealed class InvalidSchedulesOnUnseenInputsTests
{
    private static CheckResult Run(int schedule, IInvalidBetaSchedules handin, ulong seed) =>
        new InvalidSchedulesOnUnseenInputs(schedule).Run(new CheckContext(type => type == typeof(IInvalidBetaSchedules) ? handin : null, seed, ""));

    private static bool Valid(double[] betas) => betas.All(b => b > 0 && b < 1);

    [Test]
    public void The_questions_put_every_form_at_every_place_valid_once_and_invalid_once()
    {
        for (ulong seed = 1; seed <= 50; seed++)
        {
            var questions = InvalidSchedulesOnUnseenInputs.Draw(new Generator(seed));
            questions.Should().HaveCount(InvalidSchedulesOnUnseenInputs.Questions);
            questions.Should().OnlyContain(q => q.N >= 20 && q.N <= 2000 && q.Schedules.Select(s => s.Form).Distinct().Count() == 4);
            for (var form = 0; form < 4; form++)
                for (var place = 0; place < 4; place++)
                {
                    var at = questions.Where(q => (int)q.Schedules[place].Form == form).ToArray();
                    at.Should().HaveCount(2, $"seed {seed}: form {form + 1} stands at place {place + 1} in two questions");
                    var verdicts = at.Select(q => Valid(InvalidSchedulesOnUnseenInputs.Betas(q.Schedules[place], q.N))).ToArray();
                    if (form < 3) verdicts.Should().BeEquivalentTo([true, false], $"seed {seed}: form {form + 1} at place {place + 1} is valid once and invalid once");
                    else verdicts.Should().OnlyContain(v => !v);
                }
            // Margins: valid β far inside (0, 1); invalid ones clearly out (or β₁ = 0 exactly, the sheet's schedule 2), or
            // out only at n = N by ≥ 0.002 with β_{N−1} ≤ 1 − 0.001 (the pair of questions at the bounds).
            foreach (var q in questions)
                foreach (var s in q.Schedules)
                {
                    var betas = InvalidSchedulesOnUnseenInputs.Betas(s, q.N);
                    if (Valid(betas)) betas.Should().OnlyContain(b => b >= 9.9e-5 && b <= 1 - 5e-5);
                    else if (betas[^1] is >= 1 and < 1.09 && Valid(betas[..^1])) (betas[^1] >= 1.002 && betas[^2] <= 0.999).Should().BeTrue($"seed {seed}: {s} with N = {q.N} is out only at n = N, with margins");
                    else betas.Should().Contain(b => b >= 1.09 || b <= -0.2 || b == 0 || (s.Form == BetaScheduleForm.NegativeCosine && b < 0));
                }
        }
    }

    [Test]
    public void The_reference_passes_every_form_under_50_seeds()
    {
        for (ulong seed = 1; seed <= 50; seed++)
            foreach (var check in InvalidSchedulesOnUnseenInputs.PerSchedule)
            {
                var result = check.Run(new CheckContext(type => type == typeof(IInvalidBetaSchedules) ? new ReferenceInvalidBetaSchedules() : null, seed, ""));
                result.Outcome.Should().Be(CheckOutcome.Passed, $"seed {seed}, {check.Id}: {result.Message}");
            }
    }

    /// <summary>
    /// Any constant answer S ⊆ {1, 2, 3, 4}: forms 1–3 stand at a place once valid and once invalid, so S is wrong on
    /// each of them in one question; form 4 is wrong unless S flags every place. Every one of the 16 loses ≥ 3 forms.
    /// </summary>
    [Test]
    public void Every_constant_answer_fails_at_least_three_forms()
    {
        for (var mask = 0; mask < 16; mask++)
        {
            var set = Enumerable.Range(1, 4).Where(k => (mask & (1 << (k - 1))) != 0).ToHashSet();
            foreach (ulong seed in new ulong[] { 1, 2 })
            {
                var failed = Enumerable.Range(1, 4).Where(k => Run(k, new Constant(set), seed).Outcome == CheckOutcome.Failed).ToArray();
                failed.Length.Should().BeGreaterThanOrEqualTo(3, $"the constant {{{string.Join(", ", set)}}}, seed {seed}");
                failed.Should().Contain([1, 2, 3]);
            }
        }
    }

    [Test]
    public void The_sheets_answer_as_a_constant_fails_every_form_and_says_which_schedule()
    {
        var result = Run(1, new Constant([2, 4]), 3);
        TestContext.Out.WriteLine(result.Message);
        result.Outcome.Should().Be(CheckOutcome.Failed);
        result.Message.Should().Contain("your answer {2, 4}").And.Contain("·sin(n/N)").And.Contain("Re-read sheet 002, problem 4 (d)");
        foreach (var k in new[] { 2, 3, 4 }) Run(k, new Constant([2, 4]), 3).Outcome.Should().Be(CheckOutcome.Failed);
    }

    /// <summary>Only β_n &lt; 1 tested (mutant <c>schedule-answer-upper-bound-only</c>): forms 2 and 4 fail under every seed, 1 and 3 pass.</summary>
    [Test]
    public void Testing_only_the_upper_bound_fails_forms_two_and_four_under_20_seeds()
    {
        var bug = new Evaluating(b => b < 1);
        for (ulong seed = 1; seed <= 20; seed++)
            foreach (var k in new[] { 1, 2, 3, 4 })
                Run(k, bug, seed).Outcome.Should().Be(k is 2 or 4 ? CheckOutcome.Failed : CheckOutcome.Passed, $"seed {seed}, schedule {k}");
    }

    /// <summary>Evaluates each schedule at n = 1 … N with the grader's formulas and flags it when some β_n is not <paramref name="fine"/>.</summary>
    private sealed class Evaluating(Func<double, bool> fine) : IInvalidBetaSchedules
    {
        public IReadOnlySet<int> InvalidAmong(IReadOnlyList<BetaScheduleFormula> schedules, int N) =>
            Enumerable.Range(0, schedules.Count).Where(i => !InvalidSchedulesOnUnseenInputs.Betas(schedules[i], N).All(fine)).Select(i => i + 1).ToHashSet();
    }

    private sealed class Constant(HashSet<int> set) : IInvalidBetaSchedules
    {
        public IReadOnlySet<int> InvalidAmong(IReadOnlyList<BetaScheduleFormula> schedules, int N) => set;
    }
}
