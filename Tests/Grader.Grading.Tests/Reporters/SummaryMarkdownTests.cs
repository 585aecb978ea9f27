namespace Grader.Grading.Tests.Reporters;

public sealed class SummaryMarkdownTests
{
    [Test]
    public void The_run_summary_matches_the_approved_text() => Render().ShouldMatchApprovedText("summary", "md");

    [Test]
    public void The_histogram_counts_every_hand_in_once()
    {
        var text = Render();
        var histogram = text[text.IndexOf("```text", StringComparison.Ordinal)..];
        histogram = histogram[..histogram.IndexOf("\n```\n", 8, StringComparison.Ordinal)];

        var counts = histogram.Split('\n').Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Last())
            .Select(last => int.TryParse(last, out var n) ? n : 0);
        counts.Sum().Should().Be(4);
    }

    [Test]
    public void The_most_failed_checks_leave_out_hand_ins_that_did_not_compile()
    {
        var text = Render();

        text.Should().Contain("| 1 | Sheet 004 · 3.4 negative-elbo | diffusion.negative-elbo | 3 of 3 |");
        text.Should().Contain("Counted over the 3 hand-ins that compiled; hand-ins that did not compile (1) are left out");
        text.Should().Contain("| carol | timed out | check diffusion.toy-quality ran past its limit of 30 s; the worker was killed |");
        text.Should().Contain("| handins/alice/notes\\|draft.txt | alice | not a C# file, left out | partly left out |");
        text.Should().Contain("| alice | 004/3.5/mnist | no-such-item | 7 |");
        text.Should().Contain("| Hand-ins per minute | 1.6 |");
    }

    [TestCase(false, new string[0], "| Maximum | 12 points (+ 1 bonus) |")]
    [TestCase(false, new[] { "diffusion.toy-quality" }, "| Maximum | 11 points (+ 1 bonus); the sheet has 12, the rest is in checks this run did not run |")]
    [TestCase(true, new string[0], "| Maximum | 9.33 points (+ 1 bonus); the sheet has 12, the rest is in checks this run did not run |")]
    public void The_maximum_is_the_runs_maximum(bool visibleOnly, string[] leftOut, string line)
    {
        // Left out: toy-data's only check (1 point). Visible only: the hidden halves of 1 (a) (1 of 2) and 3.4 (2/3 of 2) and toy-data (1).
        var summary = ReporterFixture.Summary() with { Run = ReporterFixture.Run with { VisibleOnly = visibleOnly, LeftOut = leftOut } };

        SummaryMarkdown.Render(summary, GradebookTable.From(summary)).Should().Contain(line + "\n");
    }

    [Test]
    public void A_hand_in_compiled_without_a_file_is_listed_with_the_file_and_the_tasks_it_blocked()
    {
        var error = new Grader.Checks.Results.CompileDiagnostic("Diffusion/DtuDdpm.cs", 12, 5, "CS1002", "; expected");
        var left = new Grader.Checks.Results.ExcludedFile("Diffusion/DtuDdpm.cs", [error], [], ["Grader.Contracts.Diffusion.IDtuDdpm"]);
        var alice = ReporterFixture.Alice();
        var partial = alice with
        {
            Compile = alice.Compile with { Errors = [error] },
            Tasks = [.. alice.Tasks.Select(t => t.Task.Id == "004/3.4/negative-elbo" ? new Grader.Checks.Results.TaskResult(t.Task with { Contracts = [typeof(Grader.Contracts.Diffusion.IDtuDdpm)] }, t.Checks) : t)],
        };
        partial = partial with { Compile = partial.Compile with { Excluded = [left] } };
        var summary = ReporterFixture.Summary() with { Handins = [partial] };

        var text = SummaryMarkdown.Render(summary, GradebookTable.From(summary));

        text.Should().Contain("| alice | Diffusion/DtuDdpm.cs | 004/3.4/negative-elbo | Diffusion/DtuDdpm.cs:12:5: error CS1002: ; expected |");
        Render().Should().NotContain("Compiled without the files", "a run where every hand-in compiled whole or not at all has no such table");
    }

    private static string Render()
    {
        var summary = ReporterFixture.Summary();
        return SummaryMarkdown.Render(summary, GradebookTable.From(summary));
    }
}
