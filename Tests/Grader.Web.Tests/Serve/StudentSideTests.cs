using System.Net;
using Grader.Grading.Reports;
using Grader.Semester;
using Grader.Web;
using Grader.Web.Comments;
using Grader.Web.Students;
using Microsoft.Playwright;
using static Grader.Cli.Tests.Support.SemesterCommands;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// The students' side of <c>grader serve</c> (issue 70) on <see cref="ServeCourse"/>'s sheet 000, graded and recorded:
/// student tokens from <c>grader serve student tokens</c>; nothing of the sheet shown before its release; a tutor
/// releases it in chromium; alice sees her own grade and feedback, files a regrade request with a hostile reason, a tutor
/// answers it with a new score that reaches her page, the run's LMS file and her feedback; a tutor comments on a line of
/// her code and on a passage of her report (hostile text), which her page and her feedback show as text. Over HTTP: every URL of
/// bob's, of the tutors' and of another sheet tried with alice's session is 403 or 404, and a tutor's session is no
/// student's. Skipped without chromium unless GRADER_REQUIRE_CHROMIUM=1.
/// </summary>
[NonParallelizable]
public sealed class StudentSideTests
{
    private const string Hostile = "<script>window.pwned = 7</script><img src=x onerror=\"window.pwned = 8\"> please look again";

    private const string CodeComment = "<script>window.pwned = 9</script>off by one & <b>here</b>";

    private const string ReportComment = "<img src=x onerror=\"window.pwned = 10\"> cite the batch mean";

    private ServeCourse _course = null!;
    private Dictionary<string, string> _tokens = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _course = await ServeCourse.CreateAsync();
        var csv = Path.Combine(_course.Root, "tokens.csv");
        await Ok("serve", "student", "tokens", "--course", _course.CoursePath, "--out", csv);
        var rows = File.ReadAllLines(csv);
        rows[0].Should().Be("student,token");
        _tokens = rows.Skip(1).Select(r => r.Split(',')).ToDictionary(r => r[0], r => r[1], StringComparer.Ordinal);
        _tokens.Keys.Should().BeEquivalentTo(ServeCourse.Students, "every student of the course gets a token");
        using var gradebook = _course.Gradebook();
        gradebook.Releases.StudentTokens().Select(t => t.TokenHash).Should().BeEquivalentTo(_tokens.Values.Select(TutorToken.Hash), "the gradebook keeps only the tokens' hashes");
        var (code, _, error) = await SemesterCommands.Grader("serve", "student", "tokens", "--course", _course.CoursePath, "--out", csv);
        code.Should().Be(ExitCodes.UsageError, "an existing token file is never overwritten");
        error.Should().Contain("exists already");
    }

    [OneTimeTearDown]
    public void TearDown() => _course?.Dispose();

    [Test]
    [Order(1)]
    public async Task A_released_sheet_shows_alice_her_grade_her_regrade_request_is_answered_with_a_new_score_that_reaches_every_output()
    {
        var chromium = ServeBrowserTests.Find();
        var (app, desk, url) = await _course.StartAsync();
        await using var _ = app;
        using var __ = desk;
        var items = _course.Items();
        var regraded = items.First(i => i.Task.Id == ServeCourse.Task);
        using (var gradebook = _course.Gradebook())
        {
            gradebook.Releases.Release("000", "test", release: false);
        }

        // Every manual item of alice's and bob's group scored at its lowest level (0), so the LMS cell is filled.
        using (var ana = new TutorClient(url))
        {
            (await ana.SignInAsync(_course.Tokens["ana"])).StatusCode.Should().Be(HttpStatusCode.Redirect);
            foreach (var item in items)
            {
                (await ana.ScoreAsync(item, "alice", 0, "too short")).StatusCode.Should().Be(HttpStatusCode.Redirect);
            }
        }

        double LmsCell(string csv, string student) =>
            double.Parse(File.ReadAllLines(csv).Single(l => l.StartsWith(student + ",", StringComparison.Ordinal)).Split(',')[5], CultureInfo.InvariantCulture);
        // The burst's files are written in the background (RunFilesWriter): once the writer is done they carry the last
        // scores, so a full write from the gradebook changes nothing.
        await desk.Files.Written();
        var lms = Path.Combine(_course.Run, GradebookCsvReporter.LmsFileName);
        var alicesFeedback = Path.Combine(ResultStore.StudentFolderIn(_course.Run, "alice"), HandinFeedback.MarkdownFile);
        var (lmsAfterBurst, feedbackAfterBurst) = (File.ReadAllText(lms), File.ReadAllText(alicesFeedback));
        feedbackAfterBurst.Should().Contain("too short", "alice's feedback carries the burst's scores");
        desk.Feedback.WriteFeedback("000").Should().NotBeNull();
        (File.ReadAllText(lms), File.ReadAllText(alicesFeedback)).Should().Be((lmsAfterBurst, feedbackAfterBurst), "the background writer left the latest grades");
        var before = LmsCell(lms, "alice");

        await using var browser = await SharedChromium.SessionAsync(chromium);
        var dialogs = new List<string>();
        async Task<IPage> Open(string signIn, string token, string field = "input[name=token]")
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 1300 } });
            var page = await context.NewPageAsync();
            page.Dialog += (_, dialog) => { dialogs.Add(dialog.Message); _ = dialog.DismissAsync(); };
            await page.GotoAsync(url + signIn);
            await page.FillAsync(field, token);
            await ServeBrowserTests.Navigate(page, () => page.ClickAsync("form.signin button"), 200);
            return page;
        }

        // Before the release alice sees nothing of sheet 000.
        var alice = await Open(StudentRoutes.SignInPath, _tokens["alice"]);
        alice.Url.Should().EndWith(StudentRoutes.Home);
        (await alice.TextContentAsync("#released")).Should().Contain("No sheet is released yet");
        (await alice.GotoAsync(url + StudentPages.SheetPath("000")))!.Status.Should().Be(404);
        (await alice.GotoAsync(url + StudentPages.SheetPath("000") + "/feedback"))!.Status.Should().Be(404);

        // A tutor releases it with the button; the audit list says who.
        var tutor = await Open("/signin", _course.Tokens["ben"]);
        await tutor.GotoAsync(url + "/sheet/000");
        await ServeBrowserTests.Navigate(tutor, () => tutor.ClickAsync("#students"), 200);
        await ServeBrowserTests.Navigate(tutor, () => tutor.ClickAsync("#release"), 200);
        (await tutor.TextContentAsync("#release-state")).Should().Contain("Released to students by ben");
        (await tutor.TextContentAsync("table.audit")).Should().Contain("released");

        // alice: her sheet, her grade, her feedback (not bob's).
        await alice.GotoAsync(url + StudentRoutes.Home);
        (await alice.TextContentAsync("#released")).Should().Contain("Sheet 000");
        (await alice.TextContentAsync("#total")).Should().Contain(Csv.Number(before));
        (await alice.GotoAsync(url + StudentPages.SheetPath("000")))!.Status.Should().Be(200);
        (await alice.TextContentAsync("#grade")).Should().Contain(Csv.Number(before));
        (await alice.TextContentAsync("header")).Should().Contain("Signed in as alice");
        var itemBox = alice.Locator($"section.task[data-task=\"{regraded.Task.Id}\"] div.item[data-item=\"{regraded.Item.Id}\"]");
        (await itemBox.TextContentAsync()).Should().Contain("too short").And.Contain($"0 of {Csv.Number(regraded.Item.Points)}");
        (await alice.ContentAsync()).Should().NotContain("bob").And.NotContain("carol");
        var feedback = await alice.Context.APIRequest.GetAsync(url + StudentPages.SheetPath("000") + "/feedback");
        feedback.Status.Should().Be(200);
        var feedbackHtml = await feedback.TextAsync();
        feedbackHtml.Should().Contain("alice").And.NotContain("bob");
        feedback.Headers["content-security-policy"].Should().Be(TutorServer.FeedbackSecurityPolicy);

        // alice files a regrade request on the item with a reason full of markup.
        var form = alice.Locator($"section.task[data-task=\"{regraded.Task.Id}\"] form.regrade:has(input[name=item][value=\"{regraded.Item.Id}\"])");
        await form.Locator("xpath=..").Locator("summary").ClickAsync();
        await form.Locator("textarea").FillAsync(Hostile);
        await ServeBrowserTests.Navigate(alice, () => form.Locator("button").ClickAsync(), 200);
        (await alice.TextContentAsync($"div.item[data-item=\"{regraded.Item.Id}\"] + div.regrade q.reason")).Should().Be(Hostile, "the reason is shown as text");
        (await alice.TextContentAsync($"div.item[data-item=\"{regraded.Item.Id}\"] + div.regrade .answer")).Should().Contain("Not answered yet");

        // The tutor reads it (as text: no script of it runs) and gives the item its full points.
        await tutor.ReloadAsync();
        (await tutor.TextContentAsync("section.request.open q.reason")).Should().Be(Hostile);
        await tutor.FillAsync("section.request.open textarea[name=reply]", "You are right: the <b>batch</b> mean is there.");
        await tutor.FillAsync("section.request.open input[name=points]", Csv.Number(regraded.Item.Points));
        await ServeBrowserTests.Navigate(tutor, () => tutor.ClickAsync("section.request.open button[value=changed]"), 200);
        (await tutor.TextContentAsync("section.request p.answer")).Should().Contain($"new score {Csv.Number(regraded.Item.Points)}");
        (await tutor.TextContentAsync("table.audit")).Should().Contain("regrade requested").And.Contain("regrade answered");
        await tutor.GotoAsync(url + "/sheet/000/statistics");
        (await tutor.TextContentAsync($"table.statistics tr[data-item='{regraded.Index}'] td:nth-child(6)")).Should().Be("1", "the statistics count the score the regrade changed");
        await tutor.GoBackAsync();
        (await tutor.EvaluateAsync<bool>("() => window.pwned === undefined")).Should().BeTrue("no script of a student's reason runs");

        // alice sees the answer and the new grade; the run's LMS file and her feedback carry the new total.
        var after = before + regraded.Item.Points;
        await alice.ReloadAsync();
        (await alice.TextContentAsync($"div.item[data-item=\"{regraded.Item.Id}\"] + div.regrade .answer")).Should().Contain($"new score {Csv.Number(regraded.Item.Points)}").And.Contain("You are right: the <b>batch</b> mean is there.");
        (await alice.TextContentAsync("#grade")).Should().Contain(Csv.Number(after));
        (await alice.EvaluateAsync<bool>("() => window.pwned === undefined")).Should().BeTrue();
        dialogs.Should().BeEmpty();
        await desk.Files.Written();
        LmsCell(lms, "alice").Should().BeApproximately(after, 1e-4, "the run's LMS file is written again with the new score (4 decimals)");
        var html = File.ReadAllText(Path.Combine(ResultStore.StudentFolderIn(_course.Run, "alice"), HandinFeedback.HtmlFile));
        var sum = html[html.IndexOf("<tr class=\"sum\">", StringComparison.Ordinal)..];
        sum[..sum.IndexOf("</tr>", StringComparison.Ordinal)].Should().Contain($"<td>{Grader.Checks.Results.PointsText.Shown(after)} / ", "alice's feedback is written again with the new total");
        var export = Path.Combine(_course.Root, "export.csv");
        await Ok("semester", "export", "--course", _course.CoursePath, "--out", export);
        LmsCell(export, "alice").Should().BeApproximately(after, 1e-4, "semester export reads the same grade");
        using (var gradebook = _course.Gradebook())
        {
            gradebook.Scores.Audit("alice", regraded.Task.Id, regraded.Item.Id).Select(e => (e.Points, e.Tutor)).Should().Equal((0.0, "ana"), (regraded.Item.Points, "ben"));
        }

        // Inline comments: ben opens alice's code from the grading page (blind: by her pseudonym), comments on a code
        // line and on a passage of her report; the student's page and her feedback show both as text.
        var pseudonym = Pseudonyms.Of("000", "alice");
        await tutor.GotoAsync(url + regraded.Path);
        await ServeBrowserTests.Navigate(tutor, () => tutor.Locator($"tr[data-student=\"{pseudonym}\"] a.code").First.ClickAsync(), 200);
        tutor.Url.Should().EndWith(CodePage.PathOf("000", pseudonym));
        (await tutor.TextContentAsync("main")).Should().NotContain("alice", "the code page names no student");
        var codeFile = await tutor.Locator("section.code-file").First.GetAttributeAsync("data-file");
        codeFile.Should().EndWith(".cs");
        await ServeBrowserTests.Navigate(tutor, () => tutor.Locator("section.code-file").First.Locator("td.ln a").Nth(2).ClickAsync(), 200);
        await tutor.FillAsync("#add textarea[name=body]", CodeComment);
        await ServeBrowserTests.Navigate(tutor, () => tutor.ClickAsync("#add button"), 200);
        (await tutor.Locator("tr.inline-comment p.body").AllTextContentsAsync()).Should().Equal(CodeComment);
        // One file at a time: the report from the list of files; its lines carry report.md's own numbers.
        await ServeBrowserTests.Navigate(tutor, () => tutor.Locator($"nav.files a[href=\"{CodePage.PathOf("000", pseudonym, InlineComment.ReportFile)}\"]").ClickAsync(), 200);
        var reportSection = tutor.Locator($"section.code-file[data-file=\"{InlineComment.ReportFile}\"]");
        var reportLine = (await reportSection.Locator("td.ln a").First.TextContentAsync())!;
        await ServeBrowserTests.Navigate(tutor, () => reportSection.Locator("td.ln a").First.ClickAsync(), 200);
        await tutor.FillAsync("#add textarea[name=body]", ReportComment);
        await ServeBrowserTests.Navigate(tutor, () => tutor.ClickAsync("#add button"), 200);
        (await tutor.Locator("tr.inline-comment p.body").AllTextContentsAsync()).Should().Equal(ReportComment);
        (await tutor.EvaluateAsync<bool>("() => window.pwned === undefined")).Should().BeTrue();
        await alice.ReloadAsync();
        (await alice.Locator("section.task li.inline-comment p.body").AllTextContentsAsync()).Should().BeEquivalentTo([CodeComment, ReportComment]);
        (await alice.Locator("section.task li.inline-comment p.where").AllTextContentsAsync()).Should().BeEquivalentTo([$"{codeFile}, line 3", $"{InlineComment.ReportFile}, line {reportLine}"]);
        (await alice.EvaluateAsync<bool>("() => window.pwned === undefined")).Should().BeTrue();
        await desk.Files.Written();
        var commented = await (await alice.Context.APIRequest.GetAsync(url + StudentPages.SheetPath("000") + "/feedback")).TextAsync();
        commented.Should().Contain(Html.Escape(CodeComment)).And.Contain(Html.Escape(ReportComment)).And.NotContain("<script>window.pwned = 9");
        File.ReadAllText(Path.Combine(ResultStore.StudentFolderIn(_course.Run, "alice"), HandinFeedback.MarkdownFile))
            .Should().Contain(Markdown.Inline(CodeComment)).And.Contain(Markdown.Inline(ReportComment));
        File.ReadAllText(Path.Combine(ResultStore.StudentFolderIn(_course.Run, "bob"), HandinFeedback.HtmlFile)).Should().NotContain("off by one", "bob's feedback has none of alice's comments");

        // The picture of the student's guide: the regraded item with the answer, under the sheet's grade.
        await alice.EvaluateAsync("([task]) => document.querySelector(`section.task[data-task=\"${task}\"]`).scrollIntoView()", new[] { regraded.Task.Id });
        await Screenshot(alice, "serve-student.png");
    }

    [Test]
    [Order(2)]
    public async Task No_url_form_or_id_gives_alice_bobs_grade_or_a_tutors_page_and_a_tutor_is_no_student()
    {
        var (app, desk, url) = await _course.StartAsync();
        await using var _ = app;
        using var __ = desk;
        long alicesComment;
        using (var gradebook = _course.Gradebook())
        {
            gradebook.Releases.Release("000", "test");
            // A comment of alice's own (the browser test adds more where chromium runs).
            alicesComment = gradebook.Comments.AddComment("000", "alice", InlineComment.ReportFile, 1, "a line no longer there", "alice's own comment", "ana");
        }

        using var alice = await StudentAsync(url, "alice");
        using var bob = await StudentAsync(url, "bob");
        var bobs = await bob.PageAsync(StudentPages.SheetPath("000"));
        var task = ServeCourse.Task;
        (await FileAsync(bob, bobs, task, "", "bob's reason")).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await FileAsync(bob, await bob.PageAsync(StudentPages.SheetPath("000")), task, "", "twice")).StatusCode.Should().Be(HttpStatusCode.BadRequest, "one request per item");
        long bobsRequest;
        using (var gradebook = _course.Gradebook())
        {
            bobsRequest = gradebook.Regrades.Regrades("000", "bob").Single().Id;
        }

        // alice's own page: her name, not bob's, and not bob's request.
        var page = await alice.PageAsync(StudentPages.SheetPath("000"));
        page.Should().Contain("alice").And.NotContain("bob's reason").And.NotContain(">bob<");
        // Every tutors' URL about bob (and every other) is refused to a student's session.
        var item = _course.Item();
        bobs.Should().NotContain("inline-comment", "alice's inline comments are on her page only");
        page.Should().Contain("alice&#39;s own comment").And.Contain("outdated: the line is no longer there");
        foreach (var path in new[] { "/", "/sheet/000", item.Path, $"{item.Path}/audit/bob", "/sheet/000/student/bob/feedback", "/sheet/000/student/bob/page/0", "/sheet/000/students",
            CodePage.PathOf("000", Pseudonyms.Of("000", "bob")), CodePage.PathOf("000", "alice") })
        {
            using var response = await alice.GetAsync(path);
            response.StatusCode.Should().Be(HttpStatusCode.Forbidden, path);
        }

        var token = TutorClient.Token(page);
        foreach (var path in new[] { $"/sheet/000/regrades/{bobsRequest}", "/sheet/000/release", "/sheet/000/feedback", $"{item.Path}/score",
            $"/sheet/000/comments/{alicesComment}/delete", CodePage.PathOf("000", Pseudonyms.Of("000", "bob")) + "/comments" })
        {
            using var response = await alice.PostAsync(path, [(ServePages.TokenField, token), ("outcome", "changed"), ("points", "1"), ("release", "withdraw")]);
            response.StatusCode.Should().Be(HttpStatusCode.Forbidden, path);
        }

        // bob cannot reach alice's comment: the routes of comments are the tutors'.
        using (var response = await bob.PostAsync($"/sheet/000/comments/{alicesComment}/delete", [(ServePages.TokenField, TutorClient.Token(bobs))]))
        {
            response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        using (var gradebook = _course.Gradebook())
        {
            gradebook.Comments.Comment(alicesComment).Should().NotBeNull("nothing a student sends deletes a comment");
        }

        // Students' URLs: only the signed-in student's; another sheet, a path trick or a student's name answer 404.
        foreach (var path in new[] { "/me/sheet/001", "/me/sheet/..%2F000", "/me/sheet/000/bob", "/me/bob", "/me/sheet/000/student/bob/feedback" })
        {
            using var response = await alice.GetAsync(path);
            response.StatusCode.Should().Be(HttpStatusCode.NotFound, path);
        }

        // A request naming bob in the form is still alice's; a task not of the sheet is refused.
        (await FileAsync(alice, page, task, "", "mine", ("student", "bob"))).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await FileAsync(alice, page, "002/p4b/beta-above-one", "", "not mine")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using (var gradebook = _course.Gradebook())
        {
            gradebook.Regrades.Regrades("000", "bob").Select(r => r.Reason).Should().Equal("bob's reason");
            gradebook.Regrades.Regrades("000", "alice").Where(r => r.Automatic).Select(r => r.Reason).Should().Equal("mine");
        }

        // A POST without the anti-forgery token is refused; a tutor's session is no student's.
        (await alice.PostAsync($"{StudentPages.SheetPath("000")}/regrade", [("task", task), ("item", ""), ("reason", "x")])).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var ana = new TutorClient(url);
        await ana.SignInAsync(_course.Tokens["ana"]);
        // A tutor's code page of bob's hand-in names no student; a comment on no line of it, or without the token, is refused.
        var bobsCode = CodePage.PathOf("000", Pseudonyms.Of("000", "bob"));
        var code = await ana.PageAsync(bobsCode);
        code.Should().NotContain("bob").And.Contain("section class=\"code-file\"");
        var codeToken = TutorClient.Token(code);
        var codeFile = System.Text.RegularExpressions.Regex.Match(code, "data-file=\"([^\"]+\\.cs)\"").Groups[1].Value;
        foreach (var (file, line, why) in new[] { (codeFile, "0", "That file has lines 1 to"), (codeFile, "99999", "That file has lines 1 to"), ("../../run.json", "1", "no such file"), (codeFile, "x", "A line is a number") })
        {
            using var response = await ana.PostAsync(bobsCode + "/comments", [(ServePages.TokenField, codeToken), ("file", file), ("line", line), ("body", "c")]);
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, $"{file}:{line}");
            (await response.Content.ReadAsStringAsync()).Should().Contain(why);
        }

        (await ana.PostAsync(bobsCode + "/comments", [(ServePages.TokenField, codeToken), ("file", codeFile), ("line", "1"), ("body", "   ")])).StatusCode.Should().Be(HttpStatusCode.BadRequest, "an empty comment");
        (await ana.PostAsync(bobsCode + "/comments", [("file", codeFile), ("line", "1"), ("body", "no token")])).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ana.GetAsync(CodePage.PathOf("000", "nobody"))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ana.PostAsync($"/sheet/001/comments/{alicesComment}/delete", [(ServePages.TokenField, codeToken)])).StatusCode.Should().Be(HttpStatusCode.NotFound, "another sheet's id");
        using (var gradebook = _course.Gradebook())
        {
            gradebook.Comments.Comments("000", "bob").Should().BeEmpty("nothing refused was kept");
        }

        using (var response = await ana.GetAsync(StudentPages.SheetPath("000")))
        {
            response.StatusCode.Should().Be(HttpStatusCode.Redirect);
            response.Headers.Location!.OriginalString.Should().Be(StudentRoutes.SignInPath);
        }

        // The student's cookie: HttpOnly, SameSite=Strict.
        var cookie = alice.Cookies.GetAllCookies().Single(c => c.Name == StudentRoutes.CookieName);
        cookie.HttpOnly.Should().BeTrue();
        using (var gradebook = _course.Gradebook())
        {
            gradebook.Releases.Release("000", "test", release: false).Should().BeTrue();
        }

        (await alice.GetAsync(StudentPages.SheetPath("000"))).StatusCode.Should().Be(HttpStatusCode.NotFound, "a withdrawn sheet is gone from the student's page");

        // A new token for alice ends her open session on its next request; bob's stays.
        var reissued = Path.Combine(_course.Root, "alice-again.csv");
        await Ok("serve", "student", "tokens", "--course", _course.CoursePath, "--out", reissued, "--student", "alice");
        File.ReadAllLines(reissued).Skip(1).Select(l => l.Split(',')[0]).Should().Equal("alice");
        using (var response = await alice.GetAsync(StudentRoutes.Home))
        {
            response.StatusCode.Should().Be(HttpStatusCode.Redirect);
            response.Headers.Location!.OriginalString.Should().Be(StudentRoutes.SignInPath);
        }

        (await bob.GetAsync(StudentRoutes.Home)).StatusCode.Should().Be(HttpStatusCode.OK);
        _tokens["alice"] = File.ReadAllLines(reissued)[1].Split(',')[1];
    }

    [Test]
    [Order(3)]
    public async Task A_request_after_the_regrade_deadline_is_refused_and_an_automatic_task_gets_no_new_points()
    {
        var course = _course.Course;
        var closed = course with { Sheets = [.. course.Sheets.Select(s => s with { RegradeDeadline = s.Deadline.AddDays(1) })] };
        using var desk = new GradingDesk(closed, CommonOptions.Catalog);
        using (var gradebook = _course.Gradebook())
        {
            gradebook.Releases.Release("000", "test");
        }

        var late = new StudentDesk(desk, new FixedClock(closed.Sheets[0].Deadline.AddDays(2)));
        late.FileRegrade("carol", "000", ServeCourse.Task, "", "too late").Should().StartWith("Regrade requests for sheet 000 closed at");
        var early = new StudentDesk(desk, new FixedClock(closed.Sheets[0].Deadline.AddHours(1)));
        early.FileRegrade("carol", "000", ServeCourse.Task, "", "in time").Should().BeNull();
        early.FileRegrade("carol", "000", ServeCourse.Task, "no-such-item", "x").Should().Be("That task has no such item.");
        using (var gradebook = _course.Gradebook())
        {
            var request = gradebook.Regrades.Regrades("000", "carol").Single();
            gradebook.Regrades.AnswerRegrade(request.Id, 1, "", "ana").Should().BeFalse("an automatic task's points come from its checks");
            gradebook.Regrades.AnswerRegrade(request.Id, null, "the checks stand", "ana").Should().BeTrue();
            gradebook.Regrades.AnswerRegrade(request.Id, null, "again", "ben").Should().BeFalse("a request is answered once");
            gradebook.Regrades.Regrade(request.Id)!.Outcome.Should().Be(RegradeRequest.Kept);
        }

        // A kept answer on a manual item, then another tutor's re-score: carol's page says the score was kept at the
        // value it had, and that it was scored again since (not a bare "score kept" beside a different score).
        var item = _course.Items().First(i => i.Task.Id == ServeCourse.Task);
        using (var gradebook = _course.Gradebook())
        {
            gradebook.Scores.SetManualScore(new ManualScore("carol", item.Task.Id, item.Item.Id, 0, "too short"), "ana");
        }

        early.FileRegrade("carol", "000", item.Task.Id, item.Item.Id, "please look again").Should().BeNull();
        using (var gradebook = _course.Gradebook())
        {
            var request = gradebook.Regrades.Regrades("000", "carol").Single(r => r.Item == item.Item.Id);
            gradebook.Regrades.AnswerRegrade(request.Id, null, "it stands", "ana").Should().BeTrue();
            gradebook.Regrades.Regrade(request.Id)!.Points.Should().Be(0, "a kept answer stores the score it kept");
        }

        var keptPage = StudentPages.Sheet("carol", early.Sheet("carol", "000")!, closed.Sheets[0].Deadline.AddHours(1), null, "t");
        keptPage.Should().Contain("score kept at 0").And.NotContain("Scored again since this answer");
        using (var gradebook = _course.Gradebook())
        {
            gradebook.Scores.SetManualScore(new ManualScore("carol", item.Task.Id, item.Item.Id, item.Item.Points, "on a second look"), "ben");
        }

        var rescored = StudentPages.Sheet("carol", early.Sheet("carol", "000")!, closed.Sheets[0].Deadline.AddHours(1), null, "t");
        rescored.Should().Contain("score kept at 0")
            .And.Contain($"Scored again since this answer: the item's score is now <strong>{Csv.Number(item.Item.Points)}</strong>");
    }

    [Test]
    [Order(4)]
    public async Task Semester_release_releases_and_withdraws_a_sheet_audited_and_refuses_a_sheet_the_course_lacks()
    {
        using (var gradebook = _course.Gradebook())
        {
            gradebook.Releases.Release("000", "test", release: false);
        }

        (await Ok("semester", "release", "000", "--course", _course.CoursePath, "--by", "lead")).Should().Contain("Sheet 000 is released");
        (await Ok("semester", "release", "000", "--course", _course.CoursePath, "--by", "lead")).Should().Contain("released already");
        using (var gradebook = _course.Gradebook())
        {
            gradebook.Releases.IsReleased("000").Should().BeTrue();
        }

        (await Ok("semester", "release", "000", "--course", _course.CoursePath, "--by", "lead", "--withdraw")).Should().Contain("withdrawn");
        using (var gradebook = _course.Gradebook())
        {
            gradebook.Releases.IsReleased("000").Should().BeFalse();
            gradebook.Audit.ServeAudit("000").TakeLast(2).Select(e => (e.Actor, e.Action)).Should().Equal(
                ("lead (semester release)", AuditLog.ReleasedAction), ("lead (semester release)", AuditLog.WithdrawnAction));
        }

        var (code, _, error) = await SemesterCommands.Grader("semester", "release", "<b>9</b>", "--course", _course.CoursePath);
        code.Should().Be(ExitCodes.UsageError);
        error.Should().Contain("lists the sheets 000").And.NotContain("   at ");
    }

    private async Task<TutorClient> StudentAsync(string url, string student)
    {
        var client = new TutorClient(url);
        var form = await client.PageAsync(StudentRoutes.SignInPath);
        using var response = await client.PostAsync(StudentRoutes.SignInPath, [(ServePages.TokenField, TutorClient.Token(form)), ("token", _tokens[student])]);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        return client;
    }

    private static Task<HttpResponseMessage> FileAsync(TutorClient client, string page, string task, string item, string reason, params (string, string)[] extra) =>
        client.PostAsync($"{StudentPages.SheetPath("000")}/regrade", [(ServePages.TokenField, TutorClient.Token(page)), ("task", task), ("item", item), ("reason", reason), .. extra]);

    private async Task Screenshot(IPage page, string name)
    {
        var shot = Path.Combine(Environment.GetEnvironmentVariable("GRADER_SERVE_SCREENSHOTS") ?? _course.Root, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = false });
        new FileInfo(shot).Length.Should().BeGreaterThan(10_000, $"{name} shows the page");
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
