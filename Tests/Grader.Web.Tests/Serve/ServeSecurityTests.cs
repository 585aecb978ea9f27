using System.Net;
using Grader.Semester;
using Grader.Web;
using static Grader.Cli.Tests.Support.SemesterCommands;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// The app's doors, over HTTP: nothing but sign-in without a tutor's cookie; the cookies HttpOnly and SameSite=Strict; a
/// POST without the anti-forgery token refused; the Content-Security-Policy on every page without inline script; a
/// forged student or points out of range refused and nothing written; the gradebook holds a token's hash, never the token;
/// a reissued or removed token ends its sessions on their next request; wrong tokens are rate-limited per address; every
/// redirect is a local path whatever Host and X-Forwarded-* headers a request carries.
/// </summary>
[NonParallelizable]
public sealed class ServeSecurityTests : ServeCourseTests
{
    [Test]
    public async Task Only_a_signed_in_tutor_with_the_forms_token_writes_and_every_page_carries_the_policy()
    {
        var (app, desk, url) = await Course.StartAsync();
        await using var _ = app;
        using var __ = desk;
        var item = Course.Item();
        using var tutor = new TutorClient(url);

        foreach (var path in new[] { "/", "/sheet/000", item.Path, "/sheet/000/student/erin/page/2", $"{item.Path}/audit/alice" })
        {
            using var anonymous = await tutor.GetAsync(path);
            anonymous.StatusCode.Should().Be(HttpStatusCode.Redirect, path);
            anonymous.Headers.Location!.OriginalString.Should().StartWith("/signin?ReturnUrl=", path + ": a path, not an address built from the Host header");
        }

        using (var signin = await tutor.GetAsync("/signin"))
        {
            signin.Headers.GetValues("Content-Security-Policy").Single().Should().Be(TutorServer.ContentSecurityPolicy).And.NotContain("unsafe-inline");
            signin.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
            var cookie = signin.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("grader-antiforgery", StringComparison.Ordinal));
            cookie.Should().Contain("httponly").And.Contain("samesite=strict");
        }

        using (var forged = await tutor.PostAsync("/signin", [("token", Course.Tokens["ana"])]))
        {
            forged.StatusCode.Should().Be(HttpStatusCode.BadRequest, "a sign-in without the form's anti-forgery token");
        }

        using (var wrong = await tutor.SignInAsync(TutorToken.New()))
        {
            wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        using (var signedIn = await tutor.SignInAsync(Course.Tokens["ana"]))
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

        foreach (var path in new[] { "/sheet/000/names", "/sheet/000/no-report" })
        {
            using var forged = await tutor.PostAsync(path, [("shown", "yes"), ("back", "/")]);
            forged.StatusCode.Should().Be(HttpStatusCode.BadRequest, $"{path} without the anti-forgery token");
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

        using (var otherSheet = await tutor.PostAsync($"{item.Path}/score", Score(Pseudonyms.Of("001", "alice"), "0", "0")))
        {
            otherSheet.StatusCode.Should().Be(HttpStatusCode.BadRequest, "another sheet's pseudonym names nobody here");
        }

        using (var gradebook = Course.Gradebook())
        {
            gradebook.Scores.ManualScores().Should().BeEmpty("every write above was refused");
            gradebook.Audit.NameReveals("000").Should().BeEmpty("the forged reveal was refused");
            gradebook.Tutors.Tutors().Should().Contain(("ana", TutorToken.Hash(Course.Tokens["ana"])));
        }

        File.ReadAllText(Course.Course.Gradebook, System.Text.Encoding.Latin1).Should().NotContain(Course.Tokens["ana"], "only the hash is stored");
        using (var ok = await tutor.PostAsync($"{item.Path}/score", Score("alice", "0", "0")))
        {
            ok.StatusCode.Should().Be(HttpStatusCode.Redirect, "the same form with everything right is written");
        }
    }

    [Test]
    public async Task The_grader_s_feedback_beside_an_answer_is_the_student_s_own_file_and_runs_no_script()
    {
        var (app, desk, url) = await Course.StartAsync();
        await using var _ = app;
        using var __ = desk;
        using var tutor = new TutorClient(url);
        using (var anonymous = await tutor.GetAsync("/sheet/000/student/alice/feedback"))
        {
            anonymous.StatusCode.Should().Be(HttpStatusCode.Redirect, "only a tutor reads it");
        }

        using (var signedIn = await tutor.SignInAsync(Course.Tokens["ana"]))
        {
            signedIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
        }

        var item = await tutor.PageAsync(Course.Item().Path);
        item.Should().Contain($"href=\"/sheet/000/student/{Pseudonyms.Of("000", "alice")}/feedback\"", "the grading page links each student's feedback, by pseudonym");
        using (var held = await tutor.GetAsync($"/sheet/000/student/{Pseudonyms.Of("000", "alice")}/feedback"))
        {
            held.StatusCode.Should().Be(HttpStatusCode.OK);
            var notice = await held.Content.ReadAsStringAsync();
            notice.Should().Contain("id=\"held-back\"", "the file names alice: held back while names are hidden (issue 80)").And.NotContain("alice");
        }

        desk.Blind.RevealNames("000", "ana", shown: true);
        using (var feedback = await tutor.GetAsync($"/sheet/000/student/{Pseudonyms.Of("000", "alice")}/feedback"))
        {
            feedback.StatusCode.Should().Be(HttpStatusCode.OK);
            var csp = feedback.Headers.GetValues("Content-Security-Policy").Single();
            csp.Should().Be(TutorServer.FeedbackSecurityPolicy).And.Contain("script-src 'none'");
            var html = await feedback.Content.ReadAsStringAsync();
            html.Should().Be(File.ReadAllText(Path.Combine(Course.Run, "students", "alice", "feedback.html")), "alice's own file of the sheet's latest run");
        }

        foreach (var path in new[] { "/sheet/000/student/mallory/feedback", "/sheet/000/student/..%2Frecords/feedback", "/sheet/999/student/alice/feedback" })
        {
            using var refused = await tutor.GetAsync(path);
            refused.StatusCode.Should().Be(HttpStatusCode.NotFound, path);
        }
    }

    [Test]
    public async Task A_reissued_or_removed_token_ends_its_sessions_on_their_next_request()
    {
        var (app, desk, url) = await Course.StartAsync();
        await using var _ = app;
        using var __ = desk;
        var item = Course.Item();
        string Token(string output) => output.Trim().Split('\n')[^1].Trim();
        var first = Token(await Ok("serve", "tutor", "add", "cy", "--course", Course.CoursePath));
        using var cy = new TutorClient(url);
        using (var signedIn = await cy.SignInAsync(first))
        {
            signedIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
        }

        var page = await cy.PageAsync(item.Path);
        (string, string)[] score = [(ServePages.TokenField, TutorClient.Token(page)), ("student", "frank"), ("seen", "0"), ("points", "0"), ("comment", "by cy's old session"), ("at", "0")];

        // A new token for cy (as 'grader serve tutor add cy' gives when one leaks): the session of the old one is over.
        var second = Token(await Ok("serve", "tutor", "add", "cy", "--course", Course.CoursePath));
        foreach (var path in new[] { "/", item.Path })
        {
            using var refused = await cy.GetAsync(path);
            refused.StatusCode.Should().Be(HttpStatusCode.Redirect, $"{path} with the old token's session");
            refused.Headers.Location!.OriginalString.Should().StartWith("/signin");
        }

        using (var write = await cy.PostAsync($"{item.Path}/score", score))
        {
            write.StatusCode.Should().BeOneOf([HttpStatusCode.Redirect, HttpStatusCode.BadRequest], "the old session writes nothing");
            if (write.StatusCode == HttpStatusCode.Redirect)
            {
                write.Headers.Location!.OriginalString.Should().StartWith("/signin");
            }
        }

        using (var gradebook = Course.Gradebook())
        {
            gradebook.Scores.ManualScores().Should().NotContain(m => m.Comment == "by cy's old session");
        }

        using (var old = await cy.SignInAsync(first))
        {
            old.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the old token signs in no more");
        }

        using (var fresh = await cy.SignInAsync(second))
        {
            fresh.StatusCode.Should().Be(HttpStatusCode.Redirect);
        }

        (await cy.PageAsync("/")).Should().Contain("Signed in as <strong>cy</strong>");

        // Removed: the session of the current token ends too, and the token signs in no more.
        (await Ok("serve", "tutor", "remove", "cy", "--course", Course.CoursePath)).Should().Contain("Tutor cy was removed");
        using (var removed = await cy.GetAsync("/"))
        {
            removed.StatusCode.Should().Be(HttpStatusCode.Redirect, "cy was removed");
        }

        using (var again = await cy.SignInAsync(second))
        {
            again.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        var (code, _, error) = await SemesterCommands.Grader("serve", "tutor", "remove", "cy", "--course", Course.CoursePath);
        code.Should().Be(ExitCodes.UsageError);
        error.Should().Contain("has no tutor named 'cy'").And.NotContain("   at ");
    }

    [Test]
    public async Task Sign_in_is_rate_limited_per_address_and_every_redirect_is_a_local_path_whatever_the_Host_header()
    {
        var (app, desk, url) = await Course.StartAsync();
        await using var _ = app;
        using var __ = desk;
        const string hostile = "evil.example:8443";
        using var proxied = new TutorClient(url, hostile);

        using (var anonymous = await proxied.GetAsync("/sheet/000?at=1"))
        {
            anonymous.StatusCode.Should().Be(HttpStatusCode.Redirect);
            anonymous.Headers.Location!.OriginalString.Should().Be("/signin?ReturnUrl=%2Fsheet%2F000%3Fat%3D1");
        }

        var signInPage = await proxied.PageAsync("/signin?ReturnUrl=%2Fsheet%2F000%3Fat%3D1");
        signInPage.Should().Contain("name=\"ReturnUrl\" value=\"/sheet/000?at=1\"").And.NotContain("evil");
        (await proxied.PageAsync("/signin?ReturnUrl=https%3A%2F%2Fevil.example%2F")).Should().Contain("name=\"ReturnUrl\" value=\"/\"");
        foreach (var (back, expected) in new[] { ("//evil.example/x", "/"), ("/\\evil.example", "/"), ("https://evil.example/", "/"), ("/sheet/000", "/sheet/000") })
        {
            using var signedIn = await proxied.SignInAsync(Course.Tokens["ana"], back);
            signedIn.StatusCode.Should().Be(HttpStatusCode.Redirect, back);
            signedIn.Headers.Location!.OriginalString.Should().Be(expected, $"signing in with ReturnUrl {back}");
        }

        foreach (var path in new[] { "/", "/sheet/000", Course.Item().Path })
        {
            (await proxied.PageAsync(path)).Should().NotContain("evil", $"{path} takes nothing from the Host or X-Forwarded-* headers");
        }

        // Right tokens never count (a class behind one NAT address signs in): more right sign-ins from this address
        // than the limit, then the limit's worth of wrong tokens, each answered 401.
        for (int i = 0; i < TutorServer.SignInAttempts; i++)
        {
            using var right = await proxied.SignInAsync(Course.Tokens["ana"]);
            right.StatusCode.Should().Be(HttpStatusCode.Redirect, $"right sign-in {i + 5} from one address");
        }

        using var guesser = new TutorClient(url);
        for (int i = 0; i < TutorServer.SignInAttempts; i++)
        {
            using var wrong = await guesser.SignInAsync(TutorToken.New());
            wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized, $"wrong token {i + 1}");
        }

        using (var limited = await guesser.SignInAsync(TutorToken.New()))
        {
            limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "a wrong token past the limit");
            (await limited.Content.ReadAsStringAsync()).Should().Contain("Too many sign-in attempts");
            limited.Headers.RetryAfter.Should().NotBeNull();
        }

        using (var right = await guesser.SignInAsync(Course.Tokens["ben"]))
        {
            right.StatusCode.Should().Be(HttpStatusCode.Redirect, "a right token signs in past the limit: the address may be a whole class's (issue 81)");
        }

        (await proxied.PageAsync("/")).Should().Contain("Signed in as <strong>ana</strong>", "a session already open is not limited");
    }

    [Test]
    public async Task An_answer_group_is_shown_by_its_earliest_hand_in_with_the_time_it_was_handed_in()
    {
        var (app, desk, url) = await Course.StartAsync();
        await using var _ = app;
        using var __ = desk;
        using var tutor = new TutorClient(url);
        using (var signedIn = await tutor.SignInAsync(Course.Tokens["ben"]))
        {
            signedIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
        }

        var group = TutorClient.Section(await tutor.PageAsync(Course.Item().Path), "alice");
        group.Should().StartWith($"data-students=\"{Pseudonyms.Of("000", "bob")} {Pseudonyms.Of("000", "alice")}\"", "bob handed in before alice (the LMS file): his answer is shown, though alice's name sorts first");
        group.Should().Contain("handed in 2026-11-01 08:00 UTC (LMS file)").And.Contain("handed in 2026-11-01 09:00 UTC (LMS file)");
        group.IndexOf($"<tr data-student=\"{Pseudonyms.Of("000", "bob")}\"", StringComparison.Ordinal).Should().BePositive()
            .And.BeLessThan(group.IndexOf($"<tr data-student=\"{Pseudonyms.Of("000", "alice")}\"", StringComparison.Ordinal));
    }
}
