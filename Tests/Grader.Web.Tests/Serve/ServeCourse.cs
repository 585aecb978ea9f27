using Grader.Grading.Reports;
using Grader.Semester;
using Grader.Web;
using Grader.Figures;
using Microsoft.AspNetCore.Builder;
using static Grader.Cli.Tests.Support.SemesterCommands;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// A course for <c>grader serve</c>'s tests: sheet 000 graded (only its cheapest checks, once per test run:
/// <see cref="GradedServeSheet"/>) for six students and recorded
/// in the semester gradebook, two tutors (ana, ben) with their tokens, and written reports for every manual item:
/// alice's and bob's answers equal but for case and whitespace (one group), carol's HTML full of script, an event
/// handler and a javascript: link, dave's text a script tag (no HTML), erin's answer a page image (and two page paths that
/// leave her report's folder), frank without a report. The LMS file says bob handed in first, then alice, carol, …, so
/// alice's and bob's group is shown by bob's answer.
/// </summary>
internal sealed class ServeCourse : IDisposable
{
    public static readonly string[] Students = ["alice", "bob", "carol", "dave", "erin", "frank"];

    /// <summary>The course file: its name is HTML, which every page must escape.</summary>
    public static TestCourseFile Toml => new("Serve <b>course</b>", Students, [("000", "2099-11-02T12:00Z")]);

    /// <summary>The item the browser test grades: it has checks, so its verdicts are shown.</summary>
    public const string Task = "000/3a/loss-functions";

    private readonly Scratch _scratch = new();

    private ServeCourse()
    {
    }

    public string Root => _scratch.Root;

    public string CoursePath => Path.Combine(Root, "course.toml");

    public string Run => Path.Combine(Root, "run000");

    public Dictionary<string, string> Tokens { get; } = new(StringComparer.Ordinal);

    public CourseFile Course => CourseFile.Load(CoursePath, CommonOptions.Catalog);

    public static async Task<ServeCourse> CreateAsync()
    {
        var course = new ServeCourse();
        try
        {
            await course.SetUpAsync();
            return course;
        }
        catch
        {
            course.Dispose();
            throw;
        }
    }

    private async Task SetUpAsync()
    {
        // The hand-ins and their run, graded once for every course of the test run (GradedServeSheet), copied here.
        await GradedServeSheet.CopyInto(_scratch);
        Toml.WriteTo(CoursePath);
        // The LMS file's times: bob handed in before alice, whose answer his equals (the group is shown by bob's).
        var lms = Path.Combine(Root, "lms.csv");
        File.WriteAllText(lms, "student,submitted\n" + string.Concat(Students.Select((s, i) => $"{s},2026-11-01T{(s == "bob" ? 8 : 9 + i):00}:00:00Z\n")));
        await Ok("semester", "record", Run, "--course", CoursePath, "--submitted", lms);
        foreach (var tutor in new[] { "ana", "ben" })
        {
            var added = await Ok("serve", "tutor", "add", tutor, "--course", CoursePath);
            Tokens[tutor] = added.Trim().Split('\n')[^1].Trim();
        }

        WriteReports();
    }

    /// <summary>The sheet's manual items as the app numbers them.</summary>
    public IReadOnlyList<SheetItem> Items()
    {
        using var desk = new GradingDesk(Course, CommonOptions.Catalog);
        return desk.Items("000");
    }

    /// <summary>The item of <see cref="Task"/> the browser test grades.</summary>
    public SheetItem Item() => Items().First(i => i.Task.Id == Task);

    /// <summary>The gradebook, opened for a look (dispose it).</summary>
    public CourseGradebook Gradebook() => CourseGradebook.Open(Course.Gradebook);

    /// <summary>The app in this process on a free port (behind the proxy <paramref name="options"/> describe, none by default); returns it started, with its address.</summary>
    public async Task<(WebApplication App, GradingDesk Desk, string Url)> StartAsync(ServeOptions? options = null)
    {
        var desk = new GradingDesk(Course, CommonOptions.Catalog);
        var app = Grader.Web.App.ServeApp.Build(desk, ["http://127.0.0.1:0"], options);
        await app.StartAsync();
        return (app, desk, TutorServer.Addresses(app).Single());
    }

    /// <summary>Alice's text for an item; bob's is the same in other case and spacing.</summary>
    public static string AliceText(string item) => $"For {item}: the mean squared error fits regression, the cross-entropy fits classification, both averaged over the batch.";

    private void WriteReports()
    {
        var store = new WrittenReportStore(Run);
        var items = Items();
        var page = Path.Combine(store.StudentFolder("erin"), "pages", "page-1.png");
        Directory.CreateDirectory(Path.GetDirectoryName(page)!);
        var pixels = new byte[64 * 48 * 4];
        for (int i = 0; i < pixels.Length; i += 4)
        {
            (pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]) = ((byte)(i % 251), 90, 160, 255);
        }

        File.WriteAllBytes(page, PngEncoder.Encode(64, 48, pixels));
        ReportAnswer Answer(SheetItem i, string text, string? html, params string[] pages) => new(i.Task.Id, i.Item.Id, text, html, pages);
        store.Save(new WrittenReport("alice", ["report.md"], items.Select(i => Answer(i, AliceText(i.Item.Id), $"<p>{Html.Escape(AliceText(i.Item.Id))}</p>")).ToArray(), []));
        store.Save(new WrittenReport("bob", ["report.md"], items.Select(i => Answer(i, "  " + AliceText(i.Item.Id).ToUpperInvariant().Replace(" ", "\n   ", StringComparison.Ordinal), $"<p>{Html.Escape(AliceText(i.Item.Id))}</p>")).ToArray(), []));
        store.Save(new WrittenReport("carol", ["report.md"], items.Select(i => Answer(i, "Carol derives it herself.",
            "<p onclick=\"window.pwned = 4\">Carol <strong>derives</strong> it herself.</p><script>window.pwned = 1</script>"
            + "<img src=\"x\" onerror=\"window.pwned = 2\"><a href=\"javascript:window.pwned = 5\">click</a><style>body { display: none }</style>")).ToArray(),
            ["The page map names page <script>9</script>, which the PDF does not have."]));
        store.Save(new WrittenReport("dave", ["report.md"], items.Select(i => Answer(i, "<script>window.pwned = 3</script>Dave's answer & more", null)).ToArray(), []));
        store.Save(new WrittenReport("erin", ["report.pdf"], items.Select(i => i.Task.Id == Task
            ? Answer(i, "", null, "reports/erin/pages/page-1.png")
            : Answer(i, "", null, "reports/alice/report.json", "reports/erin/pages/../../../run.json")).ToArray(), []));
    }

    public void Dispose() => _scratch.Dispose();
}
