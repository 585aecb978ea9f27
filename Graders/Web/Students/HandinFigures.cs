namespace Grader.Web.Students;

/// <summary>
/// The plots of a hand-in's checks as the run's record keeps them (issue 82): listed for the student's sheet page, each
/// under its task's check, and drawn one at a time as SVG with the feedback's own figure code (<see cref="PlotSvg"/>)
/// for the page's figure route. A figure is named by its number in the hand-in's list (the record's checks in order,
/// each check's plots in order): no path or name from a request reaches a file. Only a check's plots are read, never
/// its tutor detail.
/// </summary>
/// <param name="Figures">Every plot of the hand-in, numbered from 0 in this order.</param>
public sealed record HandinFigures(IReadOnlyList<HandinFigures.Figure> Figures)
{
    /// <summary>A hand-in without plots.</summary>
    public static readonly HandinFigures None = new([]);

    /// <summary>One plot: its number in the list, the task and check that drew it, and its title.</summary>
    public sealed record Figure(int Number, string Task, string Check, string Title);

    /// <summary>The plots of <paramref name="record"/>'s checks.</summary>
    public static HandinFigures Of(HandinRecord? record) =>
        record is null ? None : new(Plots(record).Select((p, n) => new Figure(n, p.Task, p.Check, p.Plot.Title)).ToArray());

    /// <summary>The figures of one task's check, in order.</summary>
    public IEnumerable<Figure> Of(string task, string check) => Figures.Where(f => f.Task == task && f.Check == check);

    /// <summary>Plot <paramref name="number"/> of <paramref name="record"/> as an SVG document, or null when it has no such plot or it cannot be drawn.</summary>
    public static string? Svg(HandinRecord? record, int number)
    {
        if (record is null || number < 0 || Plots(record).Skip(number).Select(p => p.Plot).FirstOrDefault() is not { } plot)
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

    private static IEnumerable<(string Task, string Check, Plot Plot)> Plots(HandinRecord record) =>
        record.Checks.SelectMany(c => (c.Result.Plots ?? []).Select(p => (c.TaskId, c.CheckId, p)));
}
