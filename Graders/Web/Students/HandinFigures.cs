namespace Grader.Web.Students;

/// <summary>
/// The plots and image grids of a hand-in's checks (issue 82), as its grade carries them (the recorded run's record of
/// the student's hand-in, or their group's, through the semester's one derivation of the grade): listed for the
/// student's sheet page, each under its task's check, and drawn one at a time as SVG with the feedback's own figure code
/// (<see cref="PlotSvg"/>, <see cref="ImageGridSvg"/>) for the page's figure and images routes. A figure or grid is
/// named by its number in the hand-in's list (the grade's tasks and checks in order, each check's plots or grids in
/// order): no path or name from a request reaches a file, and only a check's plots and grids are drawn, never its tutor detail.
/// </summary>
/// <param name="Figures">Every plot of the hand-in, numbered from 0 in this order.</param>
public sealed record HandinFigures(IReadOnlyList<HandinFigures.Figure> Figures)
{
    /// <summary>A hand-in without plots.</summary>
    public static readonly HandinFigures None = new([]);

    /// <summary>Every image grid of the hand-in, numbered from 0 in the same order (their own numbers, apart from the plots').</summary>
    public IReadOnlyList<Grid> Grids { get; init; } = [];

    /// <summary>One image grid: its number in the list, the task and check that drew it, its title and its rows' labels (for the text beside the image), and what its drawing says under it.</summary>
    public sealed record Grid(int Number, string Task, string Check, string Title, IReadOnlyList<string> Rows, string? Marks, string? Omitted);

    /// <summary>One plot: its number in the list, the task and check that drew it, and its title.</summary>
    public sealed record Figure(int Number, string Task, string Check, string Title);

    /// <summary>The plots of <paramref name="report"/>'s checks (none without a hand-in).</summary>
    public static HandinFigures Of(HandinReport? report) =>
        report is null ? None : new(Plots(report).Select((p, n) => new Figure(n, p.Task, p.Check, p.Plot.Title)).ToArray())
        {
            Grids = ImageGrids(report).Select((g, n) => (g, n)).Where(x => x.g.Grid.IsDrawable() && x.g.Grid.ImageCount > 0).Select(x =>
            {
                var (marks, omitted) = ImageGridHtml.Notes(x.g.Grid);
                return new Grid(x.n, x.g.Task, x.g.Check, x.g.Grid.Title, x.g.Grid.Rows.Select(r => r.Label).ToArray(), marks, omitted);
            }).ToArray(),
        };

    /// <summary>The figures of one task's check, in order.</summary>
    public IEnumerable<Figure> Of(string task, string check) => Figures.Where(f => f.Task == task && f.Check == check);

    /// <summary>The image grids of one task's check, in order.</summary>
    public IEnumerable<Grid> GridsOf(string task, string check) => Grids.Where(g => g.Task == task && g.Check == check);

    /// <summary>Image grid <paramref name="number"/> of <paramref name="report"/> as an SVG document, or null when it has no such grid or it cannot be drawn.</summary>
    public static string? GridSvg(HandinReport? report, int number) =>
        report is null || number < 0 || ImageGrids(report).Skip(number).Select(g => g.Grid).FirstOrDefault() is not { } grid ? null : ImageGridSvg.Render(grid);

    /// <summary>Plot <paramref name="number"/> of <paramref name="report"/> as an SVG document, or null when it has no such plot or it cannot be drawn.</summary>
    public static string? Svg(HandinReport? report, int number)
    {
        if (report is null || number < 0 || Plots(report).Skip(number).Select(p => p.Plot).FirstOrDefault() is not { } plot)
        {
            return null;
        }

        try
        {
            var svg = PlotSvg.Render(plot, $"f{number}", withTitle: false);
            // Served as a document of its own (an <img>'s source): it needs the SVG namespace, which an inline figure inherits.
            return svg.Contains("xmlns=", StringComparison.Ordinal) ? svg : svg.Replace("<svg ", "<svg xmlns=\"http://www.w3.org/2000/svg\" ", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static IEnumerable<(string Task, string Check, ImageGrid Grid)> ImageGrids(HandinReport report) =>
        report.Tasks.SelectMany(t => t.Checks.SelectMany(c => (c.Result.Images ?? []).Where(g => g is not null).Select(g => (t.Task.Id, c.CheckId, g))));

    private static IEnumerable<(string Task, string Check, Plot Plot)> Plots(HandinReport report) =>
        report.Tasks.SelectMany(t => t.Checks.SelectMany(c => (c.Result.Plots ?? []).Select(p => (t.Task.Id, c.CheckId, p))));
}
