using Grader.Checks.Hidden.OdeSde;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// The design of <c>ode.ku.solver-step-matches-tableau-unseen</c>: on every seed its drawn cases tell each known wrong
/// tableau (Euler at the end, the midpoint read at the start, Heun, rk4 with equal weights, the 3/8 rule) from the
/// notebook's step by <see cref="SolverStepOnUnseenInputs.Separation"/> tolerances on some entry, so the mutant that
/// implements it fails on every seed, not on most. Before the rule, seed 18 of the 20-seed sweep let the 3/8 rule pass
/// (h78r's sweep, issue 69): it agrees with classic rk4 to O(dt⁵), and a draw of small |dt| and weak nonlinearity hid it.
/// </summary>
public sealed class SolverStepDesignTests
{
    private const ulong Seeds = 5_000; // 20,000 measured: 5,821 drew extra cases, at most 25

    [Test]
    public void Every_seed_s_cases_tell_each_known_wrong_tableau_apart()
    {
        int extended = 0, most = 0;
        for (ulong seed = 1; seed <= Seeds; seed++)
        {
            var cases = SolverStepOnUnseenInputs.CasesFor(seed);
            SolverStepOnUnseenInputs.TellsEveryVariantApart(cases).Should().BeTrue($"seed {seed}'s cases tell every known wrong tableau apart");
            if (cases.Count > 4) extended++;
            most = Math.Max(most, cases.Count - 4);
        }

        TestContext.Out.WriteLine($"{extended} of {Seeds} seeds drew extra cases; at most {most}");
        extended.Should().BeGreaterThan(0, "without the rule some seeds' four cases cannot tell a wrong tableau apart (else the rule would be dead code)");
        most.Should().BeLessThan(SolverStepOnUnseenInputs.MaxExtraCases);
    }

    [Test]
    public void The_three_eighths_mutant_fails_under_the_seed_that_let_it_pass()
    {
        var source = HandinSource.Load(Path.Combine(Snapshots.SnapshotApproval.RepositoryRoot(), "Submissions", "Examples", "OdeSde", "Mutants", "rk4-three-eighths"));
        var compiled = HandinCompiler.Default.Compile(source);
        compiled.Success.Should().BeTrue(compiled.Summary());
        var handin = new HandinInstance(compiled.Assembly!);
        var check = new SolverStepOnUnseenInputs();
        var seed = HandinGrader.CheckSeed(18, check.Id);
        SolverStepOnUnseenInputs.TellsEveryVariantApart(SolverStepOnUnseenInputs.CasesFor(seed).Take(4).ToList()).Should()
            .BeFalse("seed 18's first four cases are the draw that let the 3/8 rule pass");

        var result = check.Run(new CheckContext(handin.Resolve, seed, Snapshots.SnapshotApproval.SnapshotRoot()));

        result.Outcome.Should().Be(Grader.Checks.Results.CheckOutcome.Failed, result.Message);
        result.Message.Should().Contain("3/8", "the diagnosis names the rule");
    }
}
