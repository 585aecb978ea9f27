using Grader.Figures;

namespace Grader.Web;

/// <summary>
/// An item's score distribution as a small inline SVG, drawn with the project's figure code (<see cref="Figure"/>, as
/// the feedback's plots are): one row of dots for all current scores and one per tutor, a dot per score at its points
/// (a level's many scores spread up and down its row), so two tutors who drift apart show it at a glance. Its
/// <c>&lt;title&gt;</c> says what it shows in words; the statistics table beside it keeps the numbers for a screen reader.
/// Only tutors' names and points are drawn: no student.
/// </summary>
public static class Distribution
{
    /// <summary>The figure of <paramref name="statistics"/> inside a <c>&lt;figure&gt;</c>, or "" when nothing is scored.</summary>
    public static string Html(ItemStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var scores = statistics.Points;
        if (scores.Count == 0)
        {
            return "";
        }

        var tutors = scores.Select(s => s.Tutor).Distinct(StringComparer.Ordinal).ToArray();
        string[] rows = ["all", .. tutors.Select(t => t.Length > 0 ? t : "(unnamed)")];
        var xs = new List<double>();
        var ys = new List<double>();
        var categories = new List<int>();
        void Row(int row, IEnumerable<double> points)
        {
            foreach (var same in points.GroupBy(p => p))
            {
                var n = same.Count();
                for (int k = 0; k < n; k++)
                {
                    xs.Add(same.Key);
                    ys.Add(rows.Length - 1 - row + (n == 1 ? 0 : -0.3 + 0.6 * k / (n - 1))); // the first row on top
                    categories.Add(row);
                }
            }
        }

        Row(0, scores.Select(s => s.Points));
        for (int t = 0; t < tutors.Length; t++)
        {
            Row(t + 1, scores.Where(s => s.Tutor == tutors[t]).Select(s => s.Points));
        }

        var max = Math.Max(statistics.Item.Item.Points, scores.Max(s => s.Points));
        var figure = new Figure { PanelWidth = 260, PanelHeight = 24 + 26 * rows.Length, MarginTop = 10, MarginBottom = 40, MarginLeft = 30, MarginRight = 110, IdPrefix = $"dist{statistics.Item.Index}" };
        figure[0].SetLimits(Math.Min(0, scores.Min(s => s.Points)) - 0.05 * Math.Max(max, 1), max + 0.05 * Math.Max(max, 1), -0.5, rows.Length - 0.5)
            .SetLabels(xLabel: "points")
            .ScatterByCategory(xs.ToArray(), ys.ToArray(), categories.ToArray(), rows, radius: 3, opacity: 0.6);
        figure[0].LegendPosition = LegendPosition.Auto;
        var svg = figure.ToSvg();
        var id = $"dist{statistics.Item.Index}-title";
        var title = string.Create(CultureInfo.InvariantCulture,
            $"{statistics.Item.Title}: the points of all {scores.Count} current scores (top row), then each tutor's ({string.Join(", ", rows.Skip(1))}), one dot per score");
        var open = svg.IndexOf('>', StringComparison.Ordinal) + 1;
        return $"<figure class=\"distribution\">{svg[..(open - 1)].Replace("<svg ", $"<svg role=\"img\" aria-labelledby=\"{id}\" ", StringComparison.Ordinal)}><title id=\"{id}\">{Grader.Grading.Reporters.Html.Escape(title)}</title>{svg[open..]}</figure>";
    }
}
