using Grader.Figures;

namespace Grader.Grading.Reporters;

/// <summary>
/// Draws a check's <see cref="Plot"/> with Grader.Figures as an SVG element for inlining in HTML: one panel with the
/// plot's title and axis labels, each series as points or a polyline with its legend label, equal aspect when asked.
/// </summary>
public static class PlotSvg
{
    /// <summary>Width and height of the plot area in pixels.</summary>
    public const double PanelSize = 360;

    /// <summary>
    /// The SVG (no XML declaration). <paramref name="idPrefix"/> makes the figure's element ids unique in the page
    /// (a letter, then letters, digits, '-' or '_'). A series whose coordinate lists differ in length is cut to the
    /// shorter; non-finite points are skipped and counted on the panel by Grader.Figures.
    /// </summary>
    /// <param name="plot">The plot.</param>
    /// <param name="idPrefix">Unique ids in the page.</param>
    /// <param name="withTitle">
    /// False leaves the title out of the SVG (a page that sets it as a caption above, where a long title wraps instead of
    /// running off the panel).
    /// </param>
    public static string Render(Plot plot, string idPrefix, bool withTitle = true)
    {
        ArgumentNullException.ThrowIfNull(plot);
        var figure = new Figure { PanelWidth = PanelSize, PanelHeight = PanelSize, IdPrefix = idPrefix };
        var axes = figure[0].SetLabels(withTitle ? plot.Title : null, plot.XLabel, plot.YLabel);
        axes.EqualAspect = plot.EqualAspect;
        for (int i = 0; i < plot.Series.Count; i++)
        {
            var series = plot.Series[i];
            int n = Math.Min(series.X.Count, series.Y.Count);
            var xs = series.X.Take(n).ToArray();
            var ys = series.Y.Take(n).ToArray();
            var label = string.IsNullOrWhiteSpace(series.Label) ? null : series.Label;
            var color = Palette.Color(i);
            if (series.Style == PlotStyle.Line)
            {
                axes.Line(xs, ys, color, label: label);
            }
            else
            {
                axes.Scatter(xs, ys, color, radius: n > 1000 ? 1.5 : 2.5, opacity: 0.7, label: label);
            }
        }

        return figure.ToSvg();
    }
}
