namespace Grader.Grading.Tests.Reporters;

public sealed class GitHubReporterTests
{
    [Test]
    public void Compile_errors_become_annotations_with_file_and_line()
    {
        var lines = GitHubReporter.Annotations(ReporterFixture.Bob());

        lines.Should().Equal(
            "::error file=Diffusion/DtuDdpm.cs,line=12,col=5,title=Compile error CS1002::; expected",
            "::error file=Flows/Map.cs,line=40,col=17,title=Compile error GRADER001::System.IO is not allowed in a hand-in: File.ReadAllText");
    }

    [Test]
    public void A_hand_in_inside_the_repository_annotates_with_the_repositorys_path()
    {
        var lines = GitHubReporter.Annotations(ReporterFixture.Bob(), pathPrefix: GitHubReporter.PathPrefix("/ws/repo/Handin", "/ws/repo"));

        lines[0].Should().StartWith("::error file=Handin/Diffusion/DtuDdpm.cs,line=12,col=5,");
        GitHubReporter.PathPrefix("/ws/repo/Hand ins/alice/", "/ws/repo").Should().Be("Hand ins/alice/");
        GitHubReporter.PathPrefix("/ws/repo", "/ws/repo").Should().BeEmpty("the hand-in is the repository");
        GitHubReporter.PathPrefix("/elsewhere/Handin", "/ws/repo").Should().BeEmpty("outside the repository GitHub cannot attach it anyway");
    }

    [Test]
    public void Failed_checks_become_escaped_annotations_without_a_file()
    {
        var lines = GitHubReporter.Annotations(ReporterFixture.Alice());

        lines.Should().HaveCount(2);
        lines.Should().Contain(
            "::error title=Sheet 004 · 3.4 negative-elbo — diffusion.negative-elbo (failed%2C 1.33 pts)::"
            + "loss differs at t = 3: got <1.5 & 2>, \"expected\" 2.0,%0Asee the second line%0Aexpected: [1.0, 2.0]%0Aseen: [1.0, <NaN>]%0Are-read: sheet 004, ex. 3.4, Ho et al. eq. (14)");
        lines.Should().OnlyContain(l => !l.Contains('\n') && !l.Contains('\r'));
    }

    [Test]
    public void A_timeout_comes_first_and_the_count_is_capped()
    {
        var lines = GitHubReporter.Annotations(ReporterFixture.Carol(), max: 2);

        lines.Should().HaveCount(2);
        lines[0].Should().Be("::error title=Grading timed out::Check diffusion.toy-quality ran past its limit of 30 s; the worker was killed. Checks that did not finish score 0.");
        GitHubReporter.Annotations(ReporterFixture.Dave()).Should().HaveCount(7, "the crash and six errored checks, under the default cap of 10");
        GitHubReporter.Annotations(ReporterFixture.Dave(), max: 0).Should().BeEmpty();
    }

    [Test]
    public void Properties_escape_colons_and_commas_and_data_escapes_percent_and_line_breaks()
    {
        GitHubReporter.Property("a:b,c%\r\n").Should().Be("a%3Ab%2Cc%25%0D%0A");
        GitHubReporter.Data("50% done:\r\nnext, line").Should().Be("50%25 done:%0D%0Anext, line");
    }

    [Test]
    public void The_job_summary_shows_the_score_table_and_the_hidden_points_the_tutors_run_adds()
    {
        var alice = ReporterFixture.AliceVisibleOnly();
        var text = GitHubReporter.JobSummary(HandinGrade.Of(HandinVerdicts.Of(alice), ManualGrades.Empty), ReporterFixture.Run with { VisibleOnly = true });

        text.Should().StartWith("## Grader: alice\n");
        text.Should().Contain("| Task | Automatic | By hand | Total | Hidden checks (tutor's run) |");
        text.Should().Contain("| Sheet 004 · 3.4 DDPM.negative\\_elbo: the negative ELBO of eq. (14) | 0 / 1.33 | – | 0 / 1.33 | 0.67 pts |");
        text.Should().Contain("**3 / 3.33 automatic points from the checks that ran here.** Your tutor's grading adds hidden checks worth 2.67 pts and 6 pts graded by hand.");
        text.Should().Contain("### Failed checks").And.Contain("FAILED diffusion.negative-elbo (1.33 pts): loss differs");
        text.ShouldMatchApprovedText("job-summary-visible-only", "md");
    }

    [Test]
    public void As_a_reporter_it_prints_each_hand_ins_annotations_and_appends_its_job_summary_to_the_step_summary()
    {
        using var scratch = new Scratch();
        var stepSummary = Path.Combine(scratch.Root, "step-summary.md");
        File.WriteAllText(stepSummary, "an earlier step's summary\n");
        var summary = ReporterFixture.Summary() with { Handins = [ReporterFixture.Alice(), ReporterFixture.Bob()] };
        var stdout = new StringWriter { NewLine = "\n" };

        IReporter reporter = new GitHubReporter(stdout, stepSummary, "Handin/");
        reporter.Write(summary, scratch.Root);

        var alice = summary.Handins[0];
        var bob = summary.Handins[1];
        stdout.ToString().Should().Be(string.Concat(
            GitHubReporter.Annotations(alice, pathPrefix: "Handin/").Concat(GitHubReporter.Annotations(bob, pathPrefix: "Handin/")).Select(l => l + "\n")));
        stdout.ToString().Should().Contain("::error file=Handin/Diffusion/DtuDdpm.cs,line=12,col=5,");
        File.ReadAllText(stepSummary).Should().Be("an earlier step's summary\n"
            + GitHubReporter.JobSummary(alice, summary.Run)
            + GitHubReporter.JobSummary(bob, summary.Run));
        Directory.EnumerateFileSystemEntries(scratch.Root).Should().Equal([stepSummary], "GitHub names both targets; nothing goes into the folder");
    }

    [Test]
    public void Without_a_step_summary_file_it_prints_the_annotations_only()
    {
        var stdout = new StringWriter { NewLine = "\n" };

        new GitHubReporter(stdout, stepSummary: null).Write(ReporterFixture.Summary() with { Handins = [ReporterFixture.Bob()] }, "unused");

        stdout.ToString().Should().Be(string.Concat(GitHubReporter.Annotations(ReporterFixture.Bob()).Select(l => l + "\n")));
    }
}
