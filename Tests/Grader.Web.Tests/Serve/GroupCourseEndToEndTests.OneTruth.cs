using System.Net;
using System.Text.RegularExpressions;
using Grader.Grading.Reports;
using Grader.Semester;
using Grader.Web;
using Grader.Web.Students;
using Grader.Web.Tests.Serve;

namespace Grader.Web.Tests.Courses;

/// <summary>
/// Issue 80 on the group course: blind is a property of rendering (every page and file reachable from a tutor's pages
/// names no student, no group, no hand-in folder and none of a <c>members.txt</c>'s text until the tutor's logged
/// reveal), and one truth (after a score, a release and "Write the run's feedback again" every member's page and every
/// file linked from it show the one grade and the tutor's comment).
/// </summary>
public sealed partial class GroupCourseEndToEndTests
{
    /// <summary>g3's members.txt as students write it: the right names, one of another group, and a full name the course does not know.</summary>
    private const string MembersText = "# our group\ngus\nhal\nada\nHal Halvorsen\n";

    /// <summary>What names a student of the course: the students (their sign-in name), the groups, the hand-ins' folders, the members.txt's own text.</summary>
    internal static readonly string[] Named = ["ada", "bob", "cy", "dan", "eve", "fay", "gus", "hal", "ivy", "g1", "g2", "g3", "Halvorsen"];

    /// <summary>The most pages and files one crawl reads: the course has three hand-ins, so every page is reached far below it.</summary>
    private const int CrawlBound = 400;

    [Test]
    [Order(5)]
    public async Task Every_page_and_file_reachable_from_the_grading_pages_names_no_student_until_a_logged_reveal()
    {
        var (file, desk, item) = Desk();
        using var __ = desk;
        // What the pages would show: a score with a comment, a regrade request by a member, an inline comment on g2's code.
        desk.Scoring.Score(item, [("g2", desk.Scoring.Audit(item, "g2").LastOrDefault()?.Version ?? 0)], item.Levels[1].Points, "see the loss", "tom").Should().BeEmpty();
        using (var gradebook = CourseGradebook.Open(file.Gradebook))
        {
            gradebook.Regrades.FileRegrade("dan", "000", item.Task.Id, item.Item.Id, "I am Dan (dan), folder 'g2': please look again").Should().BeTrue();
        }

        var code = desk.Commenting.Document("000", "g2")!.Files.First(f => f.EndsWith(".cs", StringComparison.Ordinal));
        desk.Commenting.AddComment("000", "g2", code, 1, "this line is where the mean goes", "tom").Should().BePositive();
        var (app, tom, _) = await SignedIn(desk);
        await using var _ = app;
        using var ___ = tom;
        desk.Blind.RevealNames("000", "tom", shown: false);

        var hidden = await Crawl(tom);
        hidden.Keys.Should().Contain(["/", "/sheet/000", item.Path, "/sheet/000/students", "/sheet/000/statistics"], "the crawl reaches the tutor's pages");
        hidden.Keys.Should().Contain(k => k.Contains("/feedback", StringComparison.Ordinal), "and the feedback links");
        hidden.Keys.Should().Contain(k => k.Contains("/code/", StringComparison.Ordinal), "and the code pages");
        hidden.Keys.Should().Contain(k => k.Contains("/audit/", StringComparison.Ordinal), "and the audit pages");
        var leaks = hidden.Select(p => (Page: p.Key, Text: p.Key + "\n" + p.Value, Names: Named.Where(n => Names(p.Key + "\n" + p.Value, n)).ToArray()))
            .Where(p => p.Names.Length > 0)
            .Select(p => $"{p.Page} names {string.Join(", ", p.Names)}: …{Around(p.Text, p.Names[0])}…")
            .ToArray();
        leaks.Should().BeEmpty($"no page or file of the {hidden.Count} reachable names a student while names are hidden");

        desk.Blind.NameReveals("000").Should().NotContain(r => r.Shown && r.Tutor == "tom", "nothing of the crawl is a reveal");

        // The logged reveal: the same pages name the students, the members.txt's text and the feedback files.
        desk.Blind.RevealNames("000", "tom", shown: true);
        var shown = await Crawl(tom);
        var all = string.Join("\n", shown.Select(p => p.Key + "\n" + p.Value));
        foreach (var name in new[] { "ada", "dan", "g2", "Halvorsen" })
        {
            Names(all, name).Should().BeTrue($"after the reveal the pages name {name}");
        }

        shown.Should().Contain(p => p.Key.EndsWith("/feedback", StringComparison.Ordinal) && p.Value.Contains("<title>Feedback for ", StringComparison.Ordinal), "the feedback files are served once names are shown");
        desk.Blind.RevealNames("000", "tom", shown: false);
    }

    [Test]
    [Order(6)]
    public async Task After_a_score_a_release_and_writing_again_every_members_page_and_file_show_the_one_grade_and_the_comment()
    {
        var (file, desk, item) = Desk();
        using var __ = desk;
        var (app, tom, url) = await SignedIn(desk);
        await using var _ = app;
        using var ___ = tom;

        // tom scores g2 with a comment (the desk writes the files in the background), releases, and writes them again.
        const string comment = "The regression loss sums where it should average.";
        var points = item.Levels[^1].Points;
        (await tom.ScoreAsync(item, P("g2"), points, comment)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var students = await tom.PageAsync("/sheet/000/students");
        using (var gradebook = CourseGradebook.Open(file.Gradebook))
        {
            if (gradebook.Releases.Releases().ContainsKey("000"))
            {
                (await tom.PostAsync("/sheet/000/release", [(ServePages.TokenField, TutorClient.Token(students)), ("seen", ReleaseSeen(students)), ("release", "withdraw")])).StatusCode.Should().Be(HttpStatusCode.Redirect);
                students = await tom.PageAsync("/sheet/000/students");
            }
        }

        (await tom.PostAsync("/sheet/000/release", [(ServePages.TokenField, TutorClient.Token(students)), ("seen", ReleaseSeen(students)), ("release", "release")])).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var sheet = await tom.PageAsync("/sheet/000");
        (await tom.PostAsync("/sheet/000/feedback", [(ServePages.TokenField, TutorClient.Token(sheet))])).StatusCode.Should().Be(HttpStatusCode.OK, "the files are written again");
        await desk.Files.Written();

        var tokens = new[] { "dan", "eve", "fay" }.ToDictionary(m => m, _ => TutorToken.New());
        using (var gradebook = CourseGradebook.Open(file.Gradebook))
        {
            gradebook.Releases.SetStudentTokens(tokens.Select(t => (t.Key, TutorToken.Hash(t.Value))).ToArray(), "test");
        }

        var rows = GradebookCsv.Rows(Path.Combine(_run, "gradebook.csv")).ToDictionary(r => r["student"]);
        var seen = new List<double>();
        foreach (var (member, token) in tokens)
        {
            using var student = new TutorClient(url);
            var form = await student.PageAsync(StudentRoutes.SignInPath);
            (await student.PostAsync(StudentRoutes.SignInPath, [(ServePages.TokenField, TutorClient.Token(form)), ("token", token)])).StatusCode.Should().Be(HttpStatusCode.Redirect);
            var page = await student.PageAsync(StudentPages.SheetPath("000"));
            var onPage = Number(Grade().Match(page), member + "'s page");
            page.Should().Contain(Html.Escape(comment), $"{member}'s page shows the tutor's comment");
            var feedback = await student.PageAsync(StudentPages.SheetPath("000") + "/feedback");
            var inFile = Number(FileTotal().Match(feedback), member + "'s feedback");
            inFile.Should().BeApproximately(onPage, 0.01, $"{member}'s feedback, linked from the page, shows the page's grade (the one grade)");
            feedback.Should().Contain($"Feedback for {member}").And.Contain(Html.Escape(comment), $"{member}'s feedback carries the tutor's comment").And.NotContain("still pending");
            Number(rows[member], "total").Should().BeApproximately(onPage, 0.01, $"gradebook.csv's {member} row is the same grade");
            feedback.Should().Be(File.ReadAllText(Path.Combine(ResultStore.StudentFolderIn(_run, member), HandinFeedback.HtmlFile)), "the file served is the member's own, always-current folder");
            seen.Add(onPage);
        }

        seen.Distinct().Should().ContainSingle("the three members of g2 (no late policy in this course) have the one grade of their group");
        Directory.Exists(ResultStore.StudentFolderIn(_run, "g2")).Should().BeFalse("the group's own folder, written once by grade, is gone");

        // The tutor's "plots and feedback" of g2, once names are shown, is a member's current file with the same grade.
        desk.Blind.RevealNames("000", "tom", shown: true);
        var tutors = await tom.PageAsync($"/sheet/000/student/{P("g2")}/feedback");
        Number(FileTotal().Match(tutors), "the tutor's feedback").Should().BeApproximately(seen[0], 0.01);
        tutors.Should().Contain(Html.Escape(comment));
        desk.Blind.RevealNames("000", "tom", shown: false);
    }

    /// <summary>The course's desk over its gradebook and the item both tests score (g2 is the mutant; its item 3a loses the check's points).</summary>
    private (CourseFile File, GradingDesk Desk, SheetItem Item) Desk()
    {
        var file = CourseFile.Load(_course, CommonOptions.Catalog);
        var desk = new GradingDesk(file, CommonOptions.Catalog);
        return (file, desk, desk.Items("000").First(i => i.Task.Id == "000/3a/loss-functions"));
    }

    /// <summary>The app over <paramref name="desk"/>, started on a free loopback port, and tom signed in to it.</summary>
    private async Task<(Microsoft.AspNetCore.Builder.WebApplication App, TutorClient Tom, string Url)> SignedIn(GradingDesk desk)
    {
        var app = Grader.Web.App.ServeApp.Build(desk, ["http://127.0.0.1:0"]);
        await app.StartAsync();
        var url = TutorServer.Addresses(app).Single();
        var tom = new TutorClient(url);
        (await tom.SignInAsync(_tokens["tom"])).StatusCode.Should().Be(HttpStatusCode.Redirect);
        return (app, tom, url);
    }

    /// <summary>
    /// Every page and file reachable from <paramref name="client"/>'s home over the same origin (each href and src of
    /// a text response followed, a redirect's Location too), at most <see cref="CrawlBound"/>; a code page's per-line
    /// links (the same page with another line's form) are read once per file. Returns each path with its status, type
    /// and text, HTML-decoded (a binary file: its type only); <paramref name="raw"/>: the text as served and a binary
    /// file's SHA-256 (<see cref="Serve.NoGroupsByteForByteTests"/>).
    /// </summary>
    internal static async Task<Dictionary<string, string>> Crawl(TutorClient client, bool raw = false)
    {
        var read = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>(["/"]);
        var queued = new HashSet<string>(["/"], StringComparer.Ordinal);
        while (queue.Count > 0)
        {
            read.Count.Should().BeLessThan(CrawlBound, "the crawl is bounded");
            var path = queue.Dequeue();
            using var response = await client.GetAsync(path);
            var type = response.Content.Headers.ContentType?.MediaType ?? "";
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var text = type.StartsWith("text/", StringComparison.Ordinal) || type.Contains("javascript", StringComparison.Ordinal) || type.Contains("json", StringComparison.Ordinal)
                ? System.Text.Encoding.UTF8.GetString(bytes)
                : raw ? "sha256 " + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes)) : "";
            read[path] = $"{(int)response.StatusCode} {type}\n{(raw ? text : WebUtility.HtmlDecode(text))}";
            var links = Link().Matches(text).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))
                .Concat(response.Headers.Location is { } location ? [location.OriginalString] : []);
            foreach (var link in links)
            {
                var local = link.Split('#')[0];
                if (local.Length == 0 || local[0] != '/' || local.StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }

                local = LineLink().Replace(local, "line=1");
                if (queued.Add(local))
                {
                    queue.Enqueue(local);
                }
            }
        }

        return read;
    }

    /// <summary>Whether <paramref name="text"/> has <paramref name="name"/> as a word; the grading page's anchors of its answer groups (<c>id="g1"</c>, <c>#g1</c>) are not the course's group g1, a statistics figure's circle attribute (<c>cy="…"</c>) is not the student cy.</summary>
    internal static bool Names(string text, string name) =>
        Regex.IsMatch(AnswerAnchor().Replace(Uri.UnescapeDataString(text), "$1answer").Replace("<circle cx=\"", "<circle x=\"", StringComparison.Ordinal).Replace("\" cy=\"", "\" y=\"", StringComparison.Ordinal), $@"(?<![\w-]){Regex.Escape(name)}(?![\w-])", RegexOptions.IgnoreCase);

    private static string Around(string text, string name)
    {
        text = AnswerAnchor().Replace(Uri.UnescapeDataString(text), "$1answer");
        var at = Regex.Match(text, $@"(?<![\w-]){Regex.Escape(name)}(?![\w-])", RegexOptions.IgnoreCase).Index;
        return text[Math.Max(0, at - 120)..Math.Min(text.Length, at + 120)];
    }

    internal static double Number(Match match, string what)
    {
        match.Success.Should().BeTrue($"{what} states the points");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("(?:href|src)=\"([^\"]*)\"")]
    private static partial Regex Link();

    [GeneratedRegex(@"(id=""|#)g\d+(?=[""&\s])")]
    private static partial Regex AnswerAnchor();

    [GeneratedRegex(@"line=\d+")]
    private static partial Regex LineLink();

    [GeneratedRegex(@"<p id=""grade"">Points: <strong>([0-9.]+)")]
    internal static partial Regex Grade();

    [GeneratedRegex(@"<p class=""total""><strong>([0-9.]+) / ")]
    internal static partial Regex FileTotal();

    /// <summary>The release form's version on a sheet's students page (every write carries the version it read).</summary>
    internal static string ReleaseSeen(string page) =>
        System.Text.RegularExpressions.Regex.Match(page[page.IndexOf("class=\"release\"", StringComparison.Ordinal)..], "name=\"seen\" value=\"(\\d+)\"").Groups[1].Value;
}
