namespace Grader.Semester;

/// <summary>An inline SVG bar chart of scores: ten bins from 0 to the maximum, each bar labelled with its count.</summary>
public static class Histogram
{
    /// <summary>The SVG of <paramref name="scores"/> out of <paramref name="max"/>.</summary>
    public static string Svg(IReadOnlyList<double> scores, double max, string label)
    {
        ArgumentNullException.ThrowIfNull(scores);
        const int bins = 10, width = 400, height = 160, bar = width / bins;
        var counts = new int[bins];
        foreach (var s in scores)
        {
            counts[Math.Clamp(max <= 0 ? 0 : (int)Math.Floor(s / max * bins), 0, bins - 1)]++;
        }

        int top = Math.Max(1, counts.Max());
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"histogram\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height + 30}\" role=\"img\" aria-label=\"{Grader.Grading.Reporters.Html.Escape(label)}\">");
        for (int i = 0; i < bins; i++)
        {
            double h = (double)counts[i] / top * (height - 20);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{i * bar + 2}\" y=\"{height - h:0.#}\" width=\"{bar - 4}\" height=\"{h:0.#}\" fill=\"#4a7ab5\"><title>{Grader.Grading.Files.Csv.Number(i * max / bins)}–{Grader.Grading.Files.Csv.Number((i + 1) * max / bins)}: {counts[i]}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{i * bar + bar / 2}\" y=\"{height - h - 4:0.#}\" font-size=\"11\" text-anchor=\"middle\">{counts[i]}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{height + 20}\" font-size=\"11\">0</text><text x=\"{width}\" y=\"{height + 20}\" font-size=\"11\" text-anchor=\"end\">{Grader.Grading.Files.Csv.Number(max)} points</text></svg>");
        return svg.ToString();
    }
}
