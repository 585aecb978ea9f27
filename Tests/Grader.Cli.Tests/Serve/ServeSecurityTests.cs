using System.Net;
using Grader.Cli.Serve;

namespace Grader.Cli.Tests.Serve;

/// <summary>
/// The app's doors, over HTTP: nothing but sign-in without a tutor's cookie; the cookies HttpOnly and SameSite=Strict; a
/// POST without the anti-forgery token refused; the Content-Security-Policy on every page without inline script; a
/// forged student or points out of range refused and nothing written; the gradebook holds a token's hash, never the token.
/// </summary>
[NonParallelizable]
public sealed class ServeSecurityTests
{
    private ServeCourse _course = null!;

    [OneTimeSetUp]
    public async Task SetUp() => _course = await ServeCourse.CreateAsync();

    [OneTimeTearDown]
    public void TearDown() => _course?.Dispose();

    [Test]
    public async Task Only_a_signed_in_tutor_with_the_forms_token_writes_and_every_page_carries_the_policy()
    {
        var (app, desk, url) = await _course.StartAsync();
        await using var _ = app;
        using var __ = desk;
        var item = _course.Item();
        using var tutor = new TutorClient(url);

        foreach (var path in new[] { "/", "/sheet/000", item.Path, "/sheet/000/student/erin/page/2", $"{item.Path}/audit/alice" })
        {
            using var anonymous = await tutor.GetAsync(path);
            anonymous.StatusCode.Should().Be(HttpStatusCode.Redirect, path);
            anonymous.Headers.Location!.OriginalString.Should().StartWith($"{url}/signin", path);
        }

        using (var signin = await tutor.GetAsync("/signin"))
        {
            signin.Headers.GetValues("Content-Security-Policy").Single().Should().Be(TutorServer.ContentSecurityPolicy).And.NotContain("unsafe-inline");
            signin.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
            var cookie = signin.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("grader-antiforgery", StringComparison.Ordinal));
            cookie.Should().Contain("httponly").And.Contain("samesite=strict");
        }

        using (var forged = await tutor.PostAsync("/signin", [("token", _course.Tokens["ana"])]))
        {
            forged.StatusCode.Should().Be(HttpStatusCode.BadRequest, "a sign-in without the form's anti-forgery token");
        }

        using (var wrong = await tutor.SignInAsync(TutorToken.New()))
        {
            wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        using (var signedIn = await tutor.SignInAsync(_course.Tokens["ana"]))
        {
            signedIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
            var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("grader-tutor", StringComparison.Ordinal));
            cookie.Should().Contain("httponly").And.Contain("samesite=strict");
        }

        var page = await tutor.PageAsync(item.Path);
        page.Should().NotContain("<script>").And.NotContain(" onerror").And.NotContain("style=").And.Contain("<script src=\"/serve.js\" defer></script>");
        page.Should().Contain("&lt;script&gt;window.pwned = 3&lt;/script&gt;", "dave's text is escaped");
        (await tutor.PageAsync("/")).Should().Contain("Serve &lt;b&gt;course&lt;/b&gt;", "the course's name is escaped too");
        using (var script = await tutor.GetAsync("/serve.js"))
        {
            script.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
        }

        var token = TutorClient.Token(page);
        (string, string)[] Score(string student, string seen, string points) =>
            [(ServePages.TokenField, token), ("student", student), ("seen", seen), ("points", points), ("comment", ""), ("at", "0")];
        using (var noToken = await tutor.PostAsync($"{item.Path}/score", Score("alice", "0", "0").Skip(1)))
        {
            noToken.StatusCode.Should().Be(HttpStatusCode.BadRequest, "a score without the anti-forgery token");
        }

        using (var stranger = await tutor.PostAsync($"{item.Path}/score", Score("mallory", "0", "0")))
        {
            stranger.StatusCode.Should().Be(HttpStatusCode.BadRequest, "mallory has no hand-in");
        }

        using (var tooMany = await tutor.PostAsync($"{item.Path}/score", Score("alice", "0", Csv.Number(item.Item.Points + 0.5))))
        {
            tooMany.StatusCode.Should().Be(HttpStatusCode.BadRequest, "more than the item's points");
        }

        using (var notANumber = await tutor.PostAsync($"{item.Path}/score", Score("alice", "0", "NaN")))
        {
            notANumber.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        }

        using (var noItem = await tutor.GetAsync("/sheet/000/item/999"))
        {
            noItem.StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        using (var gradebook = _course.Gradebook())
        {
            gradebook.ManualScores().Should().BeEmpty("every write above was refused");
            gradebook.Tutors().Should().Contain(("ana", TutorToken.Hash(_course.Tokens["ana"])));
        }

        File.ReadAllText(_course.Course.Gradebook, System.Text.Encoding.Latin1).Should().NotContain(_course.Tokens["ana"], "only the hash is stored");
        using (var ok = await tutor.PostAsync($"{item.Path}/score", Score("alice", "0", "0")))
        {
            ok.StatusCode.Should().Be(HttpStatusCode.Redirect, "the same form with everything right is written");
        }
    }

    [Test]
    public async Task The_grader_s_feedback_beside_an_answer_is_the_student_s_own_file_and_runs_no_script()
    {
        var (app, desk, url) = await _course.StartAsync();
        await using var _ = app;
        using var __ = desk;
        using var tutor = new TutorClient(url);
        using (var anonymous = await tutor.GetAsync("/sheet/000/student/alice/feedback"))
        {
            anonymous.StatusCode.Should().Be(HttpStatusCode.Redirect, "only a tutor reads it");
        }

        using (var signedIn = await tutor.SignInAsync(_course.Tokens["ana"]))
        {
            signedIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
        }

        var item = await tutor.PageAsync(_course.Item().Path);
        item.Should().Contain("href=\"/sheet/000/student/alice/feedback\"", "the grading page links each student's feedback");
        using (var feedback = await tutor.GetAsync("/sheet/000/student/alice/feedback"))
        {
            feedback.StatusCode.Should().Be(HttpStatusCode.OK);
            var csp = feedback.Headers.GetValues("Content-Security-Policy").Single();
            csp.Should().Be(TutorServer.FeedbackSecurityPolicy).And.Contain("script-src 'none'");
            var html = await feedback.Content.ReadAsStringAsync();
            html.Should().Be(File.ReadAllText(Path.Combine(_course.Run, "students", "alice", "feedback.html")), "alice's own file of the sheet's latest run");
        }

        foreach (var path in new[] { "/sheet/000/student/mallory/feedback", "/sheet/000/student/..%2Frecords/feedback", "/sheet/999/student/alice/feedback" })
        {
            using var refused = await tutor.GetAsync(path);
            refused.StatusCode.Should().Be(HttpStatusCode.NotFound, path);
        }
    }
}
