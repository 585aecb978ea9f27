using System.Net;
using Grader.Semester;
using Grader.Web.Students;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// The plots and image grids of a student's checks on their sheet page (issue 82, item 1), over HTTP on
/// <see cref="ServeCourse"/>'s sheet 000 recorded again with a plot and a grid in alice's and bob's records: alice's plot
/// and grid under their check, each served as SVG of her own grade only (right type, its own policy, no tutor detail);
/// bob's never reach her by any number, path or sheet; a sheet withdrawn from release shows none.
/// </summary>
[NonParallelizable]
public sealed class StudentFiguresTests : ServeCourseTests
{
    /// <summary>What the tutor's detail of alice's plotted check says: never in a student's page or figure.</summary>
    private const string Secret = "hidden set-up: 1234 steps";

    [Test]
    public async Task Alice_sees_her_own_plots_and_image_grids_under_their_check_each_an_svg_of_her_hand_in_and_never_bobs()
    {
        var check = AddPlots(Course, ("alice", "Samples of alice over the data", "alice-series", Secret), ("bob", "Samples of bob over the data", "bob-series", null))[0];
        var token = StudentPagesAxeTests.Graded(Course);
        var (app, desk, url) = await Course.StartAsync();
        await using var _ = app;
        using var __ = desk;
        using var alice = await SignedIn(url, token);

        var page = await alice.PageAsync(StudentPages.SheetPath("000"));
        var figure = $"<figure class=\"plot\"><img src=\"{StudentPages.SheetPath("000")}/figure/0\" alt=\"Samples of alice over the data\"";
        page.Should().Contain(figure).And.NotContain("/figure/1\"").And.NotContain("bob").And.NotContain(Secret);
        var li = page.IndexOf($"data-check=\"{Html.Escape(check)}\"", StringComparison.Ordinal);
        li.Should().BePositive("the plotted check is listed");
        page.IndexOf(figure, StringComparison.Ordinal).Should().BeInRange(li, page.IndexOf("</li>", li, StringComparison.Ordinal), "the plot is under its check");
        var grid = $"<figure class=\"plot images\"><img src=\"{StudentPages.SheetPath("000")}/images/0\" alt=\"Images: Samples of alice over the data: alice-series\"";
        page.Should().Contain(grid).And.NotContain("/images/1\"").And.Contain("Pixels outside [0, 1]: 1 below 0 in blue.");
        page.IndexOf(grid, StringComparison.Ordinal).Should().BeInRange(li, page.IndexOf("</li>", li, StringComparison.Ordinal), "the image grid is under its check");

        using (var svg = await alice.GetAsync(StudentPages.SheetPath("000") + "/figure/0"))
        {
            svg.StatusCode.Should().Be(HttpStatusCode.OK);
            svg.Content.Headers.ContentType!.MediaType.Should().Be("image/svg+xml");
            svg.Headers.GetValues("Content-Security-Policy").Should().Equal(StudentRoutes.FigureSecurityPolicy);
            svg.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
            var text = await svg.Content.ReadAsStringAsync();
            text.Should().StartWith("<svg").And.Contain("xmlns=\"http://www.w3.org/2000/svg\"").And.Contain("alice-series").And.NotContain("bob-series").And.NotContain(Secret);
        }

        using (var svg = await alice.GetAsync(StudentPages.SheetPath("000") + "/images/0"))
        {
            svg.StatusCode.Should().Be(HttpStatusCode.OK);
            svg.Content.Headers.ContentType!.MediaType.Should().Be("image/svg+xml");
            svg.Headers.GetValues("Content-Security-Policy").Should().Equal(StudentRoutes.ImagesSecurityPolicy);
            svg.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
            var text = await svg.Content.ReadAsStringAsync();
            text.Should().StartWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").And.Contain("alice-series").And.Contain(">t=4</text>").And.NotContain("bob-series").And.NotContain(Secret);
            System.Text.RegularExpressions.Regex.Matches(text, "<image [^>]*href=\"data:image/png;base64,").Count.Should().Be(4, "each image of the grid is drawn, none loaded from elsewhere");
        }

        // No number, path or other sheet reaches bob's plot or grid or any file.
        foreach (var path in new[] { "/figure/1", "/figure/-1", "/figure/99999999999", "/figure/..%2F..%2Frecords%2Fbob.json", "/figure/0.json", "/images/1", "/images/-1", "/images/99999999999", "/images/0.svg", "/images/..%2F0" })
        {
            using var response = await alice.GetAsync(StudentPages.SheetPath("000") + path);
            response.StatusCode.Should().Be(HttpStatusCode.NotFound, path);
        }

        foreach (var sheet in new[] { "001", "..%2F000", "000%2F..%2F..%2Frecords" })
        {
            foreach (var kind in new[] { "figure", "images" })
            {
                using var response = await alice.GetAsync($"{StudentRoutes.Home}/sheet/{sheet}/{kind}/0");
                response.StatusCode.Should().Be(HttpStatusCode.NotFound, sheet);
            }
        }

        using var stranger = new TutorClient(url);
        foreach (var kind in new[] { "figure", "images" })
        {
            using var response = await stranger.GetAsync(StudentPages.SheetPath("000") + $"/{kind}/0");
            response.StatusCode.Should().Be(HttpStatusCode.Redirect, "no plot or grid without a student's session");
        }
    }

    [Test]
    public async Task A_sheet_withdrawn_from_release_shows_no_plot()
    {
        AddPlots(Course, ("alice", "Samples of alice over the data", "alice-series", null));
        var token = StudentPagesAxeTests.Graded(Course);
        var (app, desk, url) = await Course.StartAsync();
        await using var _ = app;
        using var __ = desk;
        using var alice = await SignedIn(url, token);
        (await alice.PageAsync(StudentPages.SheetPath("000") + "/figure/0")).Should().Contain("alice-series");
        desk.Locked(g => g.Releases.Release("000", "ana", release: false)).Should().BeTrue();
        try
        {
            using var response = await alice.GetAsync(StudentPages.SheetPath("000") + "/figure/0");
            response.StatusCode.Should().Be(HttpStatusCode.NotFound, "an unreleased sheet shows nothing, its plots neither");
            using var grid = await alice.GetAsync(StudentPages.SheetPath("000") + "/images/0");
            grid.StatusCode.Should().Be(HttpStatusCode.NotFound, "nor its image grids");
        }
        finally
        {
            desk.Locked(g => g.Releases.Release("000", "ana")).Should().BeTrue();
        }
    }

    /// <summary>
    /// Adds a plot (its series labelled with the given label) to the first check of each hand-in's record in
    /// <paramref name="course"/>'s run, with the given tutor detail, and records the run again (a later run graded into
    /// the same folder): the grade the pages render carries the plots. Returns the plotted checks' ids.
    /// </summary>
    internal static string[] AddPlots(ServeCourse course, params (string Handin, string Title, string Label, string? Detail)[] plots) =>
        AddPlots(course.Run, course.CoursePath, course.Gradebook, plots);

    /// <summary>The same on the run folder <paramref name="run"/> of the course file <paramref name="coursePath"/>, recorded into <paramref name="gradebook"/>.</summary>
    internal static string[] AddPlots(string run, string coursePath, Func<CourseGradebook> gradebook, params (string Handin, string Title, string Label, string? Detail)[] plots)
    {
        var store = new ResultStore(run);
        var checks = new List<string>();
        foreach (var (handin, title, label, detail) in plots)
        {
            var record = store.Load(handin) ?? throw new AssertionException($"{handin} has no record in {run}");
            var first = record.Checks[0];
            var plot = new Plot(title, "x", "density", [new PlotSeries(label, PlotStyle.Line, [0, 1, 2, 3], [0.1, 0.4, 0.3, 0.2])]);
            store.Save(record with { Checks = [first with { Result = first.Result with { Plots = [plot], Images = [Grid(title, label)], TutorDetail = detail } }, .. record.Checks.Skip(1)] });
            checks.Add(first.CheckId);
        }

        var file = RunFile.Load(run)!;
        (file with { Run = file.Run with { Started = file.Run.Started.AddHours(1) } }).Save(run);
        // The LMS file's times the course was recorded with (ServeCourse's lms.csv beside the run), so the late outcome stays.
        var lms = Path.Combine(Path.GetDirectoryName(run)!, "lms.csv");
        var submitted = File.Exists(lms)
            ? File.ReadAllLines(lms).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToDictionary(f => f[0], f => DateTimeOffset.Parse(f[1], CultureInfo.InvariantCulture), StringComparer.Ordinal)
            : [];
        using var g = gradebook();
        g.Runs.Record(RecordedRun.Load(run, CommonOptions.Catalog, coursePath), submitted);
        return [.. checks];
    }

    /// <summary>
    /// The image grid <see cref="AddPlots(ServeCourse, ValueTuple{string, string, string, string}[])"/> adds beside each plot:
    /// "Images: " and the plot's title, one row labelled <paramref name="label"/> of four black 8 × 8 images, one pixel of the
    /// first below 0 (a blue mark), the images captioned "t=1" … "t=4".
    /// </summary>
    internal static ImageGrid Grid(string title, string label)
    {
        var pixels = new double[4 * 64];
        pixels[0] = -0.5;
        return ImageGrid.Of($"Images: {title}", 8, 8, (label, pixels, ["t=1", "t=2", "t=3", "t=4"]));
    }

    private static async Task<TutorClient> SignedIn(string url, string token)
    {
        var client = new TutorClient(url);
        var form = await client.PageAsync(StudentRoutes.SignInPath);
        (await client.PostAsync(StudentRoutes.SignInPath, [(ServePages.TokenField, TutorClient.Token(form)), ("token", token)])).StatusCode.Should().Be(HttpStatusCode.Redirect);
        return client;
    }
}
