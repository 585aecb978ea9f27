using System.Net;
using Grader.Semester;
using Grader.Web;
using Grader.Web.Comments;
using Grader.Web.Students;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// Every write of <c>grader serve</c> carries the version it read (issue 80, item 3): two tutors' interleavings of a
/// score, a regrade answer ("kept" and a new score), a release and a name reveal, each refused against a changed state
/// with the standing value shown and nothing typed lost, then completed by the one explicit "Replace" against the
/// version the refusal showed; and the store's own checks (one transaction each) without a server.
/// </summary>
[NonParallelizable]
public sealed partial class VersionedWritesTests
{
    private const string Task = "000/3a/loss-functions";

    private ServeCourse _course = null!;

    [OneTimeSetUp]
    public async Task SetUp() => _course = await ServeCourse.CreateAsync();

    [OneTimeTearDown]
    public void TearDown() => _course?.Dispose();

    [Test]
    public void The_store_refuses_a_stale_regrade_answer_kept_or_changed_a_stale_release_and_a_reveal_already_made()
    {
        using var scratch = new Scratch();
        using var gradebook = CourseGradebook.Open(Path.Combine(scratch.Root, "semester.db"));
        gradebook.Scores.Score([("alice", 0)], Task, "answer", 0.5, "half", "ana").Should().BeEmpty();
        gradebook.Regrades.FileRegrade("alice", "000", Task, "answer", "please").Should().BeTrue();
        var id = gradebook.Regrades.Regrades("000").Single().Id;

        // ben re-scores after ana's inbox showed version 1: ana's "kept" and her new score are both refused, nothing written.
        gradebook.Scores.Score([("alice", 1)], Task, "answer", 1, "full after all", "ben").Should().BeEmpty();
        gradebook.Regrades.AnswerRegrade(id, null, "it stands", "ana", seen: 1).Should().BeFalse("the score ana would tell alice was kept is not the one standing");
        gradebook.Regrades.AnswerRegrade(id, 0.25, "lower", "ana", seen: 1).Should().BeFalse();
        gradebook.Regrades.Regrade(id)!.Open.Should().BeTrue();
        gradebook.Scores.ManualScores(Task, "answer")["alice"].Should().Match<ManualScoreEntry>(s => s.Points == 1 && s.Tutor == "ben" && s.Version == 2);

        // Against the version now shown it goes through, and keeps the standing comment.
        gradebook.Regrades.AnswerRegrade(id, 0.25, "lower", "ana", seen: 2).Should().BeTrue();
        gradebook.Scores.ManualScores(Task, "answer")["alice"].Should().Match<ManualScoreEntry>(s => s.Points == 0.25 && s.Comment == "full after all" && s.Version == 3);

        // A release read at one version is refused once another release or withdrawal came.
        var read = gradebook.Releases.ReleaseVersion("000");
        read.Should().Be(0);
        gradebook.Releases.Release("000", "ben", release: true, seen: read).Should().BeTrue();
        gradebook.Releases.Release("000", "ben", release: false, seen: gradebook.Releases.ReleaseVersion("000")).Should().BeTrue();
        gradebook.Releases.Release("000", "ana", release: true, seen: read).Should().BeFalse("ana's page read the sheet before ben's release and withdrawal");
        gradebook.Releases.IsReleased("000").Should().BeFalse();
        gradebook.Releases.Release("000", "ana", release: true, seen: gradebook.Releases.ReleaseVersion("000")).Should().BeTrue();

        // A reveal from a second tab is not logged twice; hiding names never shown logs nothing.
        gradebook.Audit.RevealNames("000", "ana", shown: true).Should().BeTrue();
        gradebook.Audit.RevealNames("000", "ana", shown: true).Should().BeFalse();
        gradebook.Audit.RevealNames("000", "ben", shown: false).Should().BeFalse();
        gradebook.Audit.NameReveals("000").Should().ContainSingle();
    }

    [Test]
    public async Task A_refused_score_keeps_the_typed_comment_and_one_replace_writes_it_on_the_version_shown()
    {
        await using var tutors = await TwoTutors.SignInAsync(_course);
        var (item, ana, ben) = (tutors.Item, tutors.Ana, tutors.Ben);

        // ana reads dave's answer unscored; ben scores it; ana's score with her comment is refused.
        var stale = await ana.PageAsync(item.Path);
        (await ben.ScoreAsync(item, "dave", 0, "ben's")).StatusCode.Should().Be(HttpStatusCode.Redirect);
        const string Typed = "the batch mean is missing <b>here</b>";
        using var refused = await ana.PostAsync($"{item.Path}/score", Fields(stale, "dave", item.Item.Points, Typed));
        refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var page = await refused.Content.ReadAsStringAsync();
        page.Should().Contain($"{Pseudonyms.Of("000", "dave")}: 0 by ben", "the standing score and who gave it");
        ReplaceComment().Match(page).Groups[1].Value.Should().Be(Html.Escape(Typed), "the typed comment is kept in the refusal's form");
        page.Should().NotContain("Score again");

        // Scoring again from the refusal's own group form is still a key on another tutor's score: refused, comment kept.
        using (var again = await ana.PostAsync($"{item.Path}/score", Fields(page, "dave", item.Item.Points, Typed)))
        {
            again.StatusCode.Should().Be(HttpStatusCode.Conflict);
            ReplaceComment().Match(await again.Content.ReadAsStringAsync()).Groups[1].Value.Should().Be(Html.Escape(Typed));
        }

        // The one "Replace" writes it against the version the refusal showed.
        using var replaced = await ana.PostAsync($"{item.Path}/score", ReplaceFields(page));
        replaced.StatusCode.Should().Be(HttpStatusCode.Redirect);
        using (var gradebook = _course.Gradebook())
        {
            gradebook.Scores.ManualScores(Task, item.Item.Id)["dave"].Should().Match<ManualScoreEntry>(s => s.Tutor == "ana" && s.Comment == Typed && s.Points == item.Item.Points && s.Version == 2);
        }

        // A Replace form read before a third score is itself refused, with the newest standing.
        (await ben.ScoreAsync(item, "dave", 0, "ben again")).StatusCode.Should().Be(HttpStatusCode.Conflict, "ben's key meets ana's score");
        using (var gradebook = _course.Gradebook())
        {
            gradebook.Scores.Score([("dave", 2)], Task, item.Item.Id, 0.5, "by command", "semester score").Should().BeEmpty();
        }

        using var late = await ana.PostAsync($"{item.Path}/score", ReplaceFields(page));
        late.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await late.Content.ReadAsStringAsync()).Should().Contain("0.5 by semester score");
    }

    [Test]
    public async Task A_stale_regrade_answer_is_refused_with_the_reply_kept_and_the_student_is_never_told_kept_for_a_changed_score()
    {
        await using var tutors = await TwoTutors.SignInAsync(_course);
        var (item, ana, ben) = (tutors.Item, tutors.Ana, tutors.Ben);
        (await ana.ScoreAsync(item, "carol", 0, "too short")).StatusCode.Should().Be(HttpStatusCode.Redirect);
        long id;
        using (var gradebook = _course.Gradebook())
        {
            gradebook.Regrades.FileRegrade("carol", "000", Task, item.Item.Id, "please").Should().BeTrue();
            id = gradebook.Regrades.Regrades("000", "carol").Single().Id;
        }

        // ana reads the inbox; ben, after a second look, gives carol the item's points (confirmed over ana's score).
        var inbox = await ana.PageAsync("/sheet/000/students");
        var read = await ben.PageAsync(item.Path);
        using (var refused = await ben.PostAsync($"{item.Path}/score", Fields(read, "carol", item.Item.Points, "fine after all")))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
            (await ben.PostAsync($"{item.Path}/score", ReplaceFields(await refused.Content.ReadAsStringAsync()))).StatusCode.Should().Be(HttpStatusCode.Redirect);
        }

        // ana's "kept" from the page read before: refused, her reply kept, the request still open.
        const string Reply = "The score stands: <i>see</i> the rubric.";
        using var kept = await ana.PostAsync($"/sheet/000/regrades/{id}", Answer(inbox, id, "kept", Reply));
        kept.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var page = await kept.Content.ReadAsStringAsync();
        page.Should().Contain("the score changed since your page was read");
        page.Should().Contain($"Score now: {Csv.Number(item.Item.Points)} by ben");
        page.Should().Contain(">" + Html.Escape(Reply) + "</textarea>", "the typed reply is kept in the request's form");
        using (var gradebook = _course.Gradebook())
        {
            gradebook.Regrades.Regrade(id)!.Open.Should().BeTrue("nothing was written");
        }

        // A new score from the stale page is refused too; from the refusal's page (the version now shown) the answer goes through.
        (await ana.PostAsync($"/sheet/000/regrades/{id}", Answer(inbox, id, "changed", Reply, "0.5"))).StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await ana.PostAsync($"/sheet/000/regrades/{id}", Answer(page, id, "kept", Reply))).StatusCode.Should().Be(HttpStatusCode.Redirect);
        using (var gradebook = _course.Gradebook())
        {
            var answered = gradebook.Regrades.Regrade(id)!;
            (answered.Outcome, answered.Tutor).Should().Be((RegradeRequest.Kept, "ana"));
            gradebook.Scores.ManualScores(Task, item.Item.Id)["carol"].Should().Match<ManualScoreEntry>(s => s.Points == item.Item.Points && s.Tutor == "ben", "the score ana kept is the one she saw");
        }

        // A release from a page read before another tutor's release and withdrawal is refused.
        var before = await ana.PageAsync("/sheet/000/students");
        (await ben.PostAsync("/sheet/000/release", Release(await ben.PageAsync("/sheet/000/students"), "release"))).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await ben.PostAsync("/sheet/000/release", Release(await ben.PageAsync("/sheet/000/students"), "withdraw"))).StatusCode.Should().Be(HttpStatusCode.Redirect);
        using var stale = await ana.PostAsync("/sheet/000/release", Release(before, "release"));
        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await stale.Content.ReadAsStringAsync()).Should().Contain("Not changed");
        using (var gradebook = _course.Gradebook())
        {
            gradebook.Releases.IsReleased("000").Should().BeFalse("ben's withdrawal stands");
        }
    }

    [Test]
    public async Task A_request_on_an_item_not_scored_yet_is_refused_though_no_form_offers_it()
    {
        var (app, desk, url) = await _course.StartAsync();
        await using var _ = app;
        using var __ = desk;
        var item = _course.Items().First(i => i.Task.Id == Task);
        using (var gradebook = _course.Gradebook())
        {
            gradebook.Releases.Release("000", "test");
        }

        var students = new StudentDesk(desk);
        students.FileRegrade("erin", "000", Task, item.Item.Id, "please").Should().Be("That item is not scored yet: a regrade request can be filed once it is.");
        using (var gradebook = _course.Gradebook())
        {
            gradebook.Regrades.Regrades("000", "erin").Should().BeEmpty();
            gradebook.Releases.Release("000", "test", release: false);
        }
    }

    /// <summary>
    /// An inline comment carries the version of the line it read (issue 80, item 3): sent from a page that showed the line
    /// as it read before a run recorded since, it is refused (409), nothing stored, with the line as it reads now and the
    /// comment typed kept in the refusal's form; sent again from that form, it is stored.
    /// </summary>
    [Test]
    public async Task A_comment_on_a_line_that_reads_differently_now_is_refused_with_the_comment_kept_and_sent_again_from_the_refusal()
    {
        await using var tutors = await TwoTutors.SignInAsync(_course);
        var ana = tutors.Ana;
        var code = CodePage.PathOf("000", Pseudonyms.Of("000", "dave"));
        var file = Regex.Match(await ana.PageAsync(code), "data-file=\"([^\"]+\\.cs)\"").Groups[1].Value;
        var form = await ana.PageAsync(CodePage.PathOf("000", Pseudonyms.Of("000", "dave"), file) + "&line=1");
        var now = LineSeen().Match(form).Groups[1].Value;
        now.Should().NotBeEmpty("the comment form carries the line's version");

        const string Typed = "the batch mean is missing <b>here</b>";
        var before = DeskComments.LineStamp("a line as it read before the run recorded since");
        using var refused = await ana.PostAsync(code + "/comments", [(ServePages.TokenField, TutorClient.Token(form)), ("file", file), ("line", "1"), ("seen", before), ("body", Typed)]);
        refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var page = await refused.Content.ReadAsStringAsync();
        page.Should().Contain("reads differently now").And.Contain(Html.Escape(Typed) + "</textarea>", "the comment typed is kept in the refusal's form");
        LineSeen().Match(page).Groups[1].Value.Should().Be(now, "the refusal's form carries the line as it reads now");
        using (var gradebook = _course.Gradebook())
        {
            gradebook.Comments.Comments("000", "dave").Should().NotContain(c => c.Body == Typed, "nothing refused is stored");
        }

        using var sent = await ana.PostAsync(code + "/comments", [(ServePages.TokenField, TutorClient.Token(page)), ("file", file), ("line", "1"), ("seen", now), ("body", Typed)]);
        sent.StatusCode.Should().Be(HttpStatusCode.Redirect, "sent again from the refusal's form");
        using (var gradebook = _course.Gradebook())
        {
            var stored = gradebook.Comments.Comments("000", "dave").Single(c => c.Body == Typed);
            gradebook.Comments.DeleteComment(stored.Id, "test").Should().BeTrue();
        }
    }

    /// <summary>The app on the course with ana and ben signed in, and the item they score.</summary>
    private sealed class TwoTutors : IAsyncDisposable
    {
        private Microsoft.AspNetCore.Builder.WebApplication _app = null!;
        private GradingDesk _desk = null!;

        public SheetItem Item { get; private init; } = null!;

        public TutorClient Ana { get; private init; } = null!;

        public TutorClient Ben { get; private init; } = null!;

        public static async Task<TwoTutors> SignInAsync(ServeCourse course)
        {
            var (app, desk, url) = await course.StartAsync();
            var tutors = new TwoTutors { _app = app, _desk = desk, Item = course.Items().First(i => i.Task.Id == Task), Ana = new TutorClient(url), Ben = new TutorClient(url) };
            await tutors.Ana.SignInAsync(course.Tokens["ana"]);
            await tutors.Ben.SignInAsync(course.Tokens["ben"]);
            return tutors;
        }

        public async ValueTask DisposeAsync()
        {
            Ana.Dispose();
            Ben.Dispose();
            _desk.Dispose();
            await _app.DisposeAsync();
        }
    }

    private static List<(string, string)> Fields(string page, string student, double points, string comment)
    {
        var fields = new List<(string, string)> { (ServePages.TokenField, TutorClient.Token(page)), ("at", "0"), ("points", Csv.Number(points)), ("comment", comment) };
        fields.AddRange(Hidden().Matches(TutorClient.Section(page, student)).Where(m => m.Groups[1].Value is "student" or "seen").Select(m => (m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value))));
        return fields;
    }

    internal static List<(string, string)> ReplaceFields(string page)
    {
        var form = page[page.IndexOf("class=\"replace\"", StringComparison.Ordinal)..];
        form = form[..form.IndexOf("</form>", StringComparison.Ordinal)];
        var fields = new List<(string, string)> { (ServePages.TokenField, TutorClient.Token(page)), ("comment", WebUtility.HtmlDecode(ReplaceComment().Match(form).Groups[1].Value)) };
        fields.AddRange(Hidden().Matches(form).Where(m => m.Groups[1].Value != ServePages.TokenField).Select(m => (m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value))));
        return fields;
    }

    private static List<(string, string)> Answer(string page, long id, string outcome, string reply, string? points = null)
    {
        var form = page[page.IndexOf($"/regrades/{id}\"", StringComparison.Ordinal)..];
        form = form[..form.IndexOf("</form>", StringComparison.Ordinal)];
        return [(ServePages.TokenField, TutorClient.Token(page)), ("seen", Seen().Match(form).Groups[1].Value), ("outcome", outcome), ("reply", reply), .. points is null ? Array.Empty<(string, string)>() : [("points", points)]];
    }

    private static List<(string, string)> Release(string page, string release) =>
        [(ServePages.TokenField, TutorClient.Token(page)), ("seen", Seen().Match(page[page.IndexOf("class=\"release\"", StringComparison.Ordinal)..]).Groups[1].Value), ("release", release)];

    [GeneratedRegex("<input type=\"hidden\" name=\"(\\w+)\" value=\"([^\"]*)\">")]
    private static partial Regex Hidden();

    [GeneratedRegex("<textarea name=\"comment\" id=\"replace-comment\"[^>]*>([^<]*)</textarea>")]
    private static partial Regex ReplaceComment();

    [GeneratedRegex("name=\"seen\" value=\"(\\d+)\"")]
    private static partial Regex Seen();

    [GeneratedRegex("name=\"seen\" value=\"([0-9a-f]{16})\"")]
    private static partial Regex LineSeen();
}
