using System.Net;
using System.Text.Json;
using Grader.Cli.GitHub;

namespace Grader.Cli.Tests.GitHub;

/// <summary>
/// The tutor's grading workflow posts the score on the student's commit: the request GitHub's API expects, totals only
/// (no hidden check's name or message), one clear message when GitHub refuses, and <c>grader check --post-status</c>
/// end to end against a local fake of the API.
/// </summary>
[NonParallelizable]
public sealed class CommitStatusTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    [Test]
    public async Task The_status_is_posted_where_and_how_the_API_expects_it()
    {
        using var api = new FakeGitHubApi();
        using var http = new HttpClient();
        var client = new CommitStatusClient(http, api.Address, "t0ken");

        await client.PostAsync(CommitTarget.Parse($"course-org/sheet-004-alice@{Sha}"), new CommitStatus("failure", "3 of 12 automatic points", "grader / sheet 004"), CancellationToken.None);

        var request = api.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be("POST");
        request.Path.Should().Be($"/api/v3/repos/course-org/sheet-004-alice/statuses/{Sha}");
        request.Authorization.Should().Be("Bearer t0ken");
        request.Accept.Should().Be("application/vnd.github+json");
        request.ApiVersion.Should().Be("2022-11-28");
        using var body = JsonDocument.Parse(request.Body);
        body.RootElement.GetProperty("state").GetString().Should().Be("failure");
        body.RootElement.GetProperty("description").GetString().Should().Be("3 of 12 automatic points");
        body.RootElement.GetProperty("context").GetString().Should().Be("grader / sheet 004");
    }

    [Test]
    public async Task A_refused_status_is_one_message_that_names_the_commit_and_the_tokens_scope()
    {
        using var api = new FakeGitHubApi { Answer = HttpStatusCode.Unauthorized };
        using var http = new HttpClient();
        var client = new CommitStatusClient(http, api.Address, "expired");

        var post = () => client.PostAsync(CommitTarget.Parse($"course-org/repo@{Sha}"), new CommitStatus("success", "12 of 12", "grader"), CancellationToken.None);

        var message = (await post.Should().ThrowAsync<GitHubApiException>()).Which.Message;
        message.Should().Contain($"course-org/repo@{Sha}").And.Contain("401").And.Contain("Bad credentials").And.Contain(CommitStatusClient.TokenVariable);
    }

    [Test]
    public void The_status_carries_totals_and_never_a_checks_name_or_message()
    {
        var report = ReporterFixture.Alice();
        var status = CommitStatus.For(report, "004");

        status.State.Should().Be("failure", "alice lost points");
        status.Context.Should().Be("grader / sheet 004");
        status.Description.Length.Should().BeLessThanOrEqualTo(CommitStatus.MaxDescription);
        foreach (var check in report.Tasks.SelectMany(t => t.Checks))
        {
            status.Description.Should().NotContain(check.Result.Id);
            status.Description.Should().NotContain(check.Result.Message);
        }

        CommitStatus.For(ReporterFixture.Bob(), "004").Description.Should().MatchRegex("^did not compile; [0-9.]+ of [0-9.]+ automatic points \\(hidden checks included\\)$");
    }

    [TestCase("course-org/repo")]
    [TestCase("course-org/repo@abc123")]
    [TestCase("repo@0123456789abcdef0123456789abcdef01234567")]
    [TestCase("a/b/c@0123456789abcdef0123456789abcdef01234567")]
    [TestCase("-org/repo@0123456789abcdef0123456789abcdef01234567")]
    public void A_target_that_is_not_owner_repo_at_sha_is_a_usage_error(string text) =>
        FluentActions.Invoking(() => CommitTarget.Parse(text)).Should().Throw<UsageException>().Which.Message.Should().Contain("owner/repository@sha");

    [Test]
    public async Task Check_posts_the_score_of_a_hand_in_on_its_commit()
    {
        using var api = new FakeGitHubApi();
        var faulty = Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", "Diffusion", "Faulty", "compile-error");
        var (code, error) = await TestEnvironment.With(
            new Dictionary<string, string?> { [CommitStatusClient.TokenVariable] = "t0ken", ["GITHUB_API_URL"] = api.Address.ToString() },
            () => Grader("check", faulty, "--sheet", "004", "--post-status", $"course-org/sheet-004-alice@{Sha}", "--snapshots", Path.Combine(RepositoryRoot.Path, "fixtures", "snapshots")));

        code.Should().Be(ExitCodes.Done, error);
        error.Should().Contain("posted 'failure: 2 of 8 automatic points", "its DtuDdpm.cs is left out (and DtuTrainingParts.cs, which uses it), which costs 3.4's three tasks and 3.5 (6 points: 3.5's training takes 3.4's parts and NegativeElbo, so IDtuDdpm is among its contracts; no training runs); 3.3's KL term and 3.1's forward marginal (1 point each) use none of them and keep their points");
        var request = api.Requests.Should().ContainSingle().Subject;
        request.Path.Should().EndWith($"/repos/course-org/sheet-004-alice/statuses/{Sha}");
        using var body = JsonDocument.Parse(request.Body);
        body.RootElement.GetProperty("state").GetString().Should().Be("failure");
        body.RootElement.GetProperty("description").GetString().Should().Be("2 of 8 automatic points (hidden checks included)");
    }

    [Test]
    public async Task Check_writes_the_status_to_a_file_for_a_step_that_holds_the_token_and_posts_nothing()
    {
        using var api = new FakeGitHubApi();
        using var scratch = new Scratch();
        var file = Path.Combine(scratch.Root, "status.json");
        var faulty = Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", "Diffusion", "Faulty", "compile-error");
        var (code, error) = await TestEnvironment.With(
            new Dictionary<string, string?> { [CommitStatusClient.TokenVariable] = null, ["GITHUB_API_URL"] = api.Address.ToString() },
            () => Grader("check", faulty, "--sheet", "004", "--status-file", file, "--snapshots", Path.Combine(RepositoryRoot.Path, "fixtures", "snapshots")));

        code.Should().Be(ExitCodes.Done, error);
        api.Requests.Should().BeEmpty("the grading step posts nothing");
        using var body = JsonDocument.Parse(File.ReadAllText(file));
        body.RootElement.EnumerateObject().Select(p => p.Name).Should().Equal("state", "description", "context");
        body.RootElement.GetProperty("state").GetString().Should().Be("failure");
        body.RootElement.GetProperty("description").GetString().Should().Be("2 of 8 automatic points (hidden checks included)");
        body.RootElement.GetProperty("context").GetString().Should().Be("grader / sheet 004");
    }

    [Test]
    public async Task Check_without_a_token_refuses_to_post_before_grading()
    {
        var (code, error) = await TestEnvironment.With(
            new Dictionary<string, string?> { [CommitStatusClient.TokenVariable] = null },
            () => Grader("check", "nowhere", "--post-status", $"o/r@{Sha}"));

        code.Should().Be(ExitCodes.UsageError);
        error.Should().Contain(CommitStatusClient.TokenVariable).And.NotContain("   at ");
    }

    private static async Task<(int Code, string Error)> Grader(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await GraderCommand.Create().Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return (code, error.ToString());
    }
}
