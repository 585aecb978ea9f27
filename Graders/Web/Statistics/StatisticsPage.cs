namespace Grader.Web;

/// <summary>
/// A sheet's statistics page (<c>/sheet/S/statistics</c>): per manual item the rubric-level distribution, each tutor's
/// count and mean, under its row a small SVG of how its scores fall per tutor (<see cref="Distribution"/>), the scores changed (and, once regrade requests exist, changed after one), and the log of every
/// reveal of names on the sheet. Only tutors' names and numbers: no student is named.
/// </summary>
public static class StatisticsPage
{
    /// <summary>
    /// The page's HTML; <paramref name="groups"/> (a sheet with groups) says under the heading how its hand-ins are
    /// counted: each once, a group's too (its members share its one score; the tutors' work is per hand-in).
    /// </summary>
    public static string Render(string sheet, IReadOnlyList<ItemStatistics> items, IReadOnlyList<(string Tutor, bool Shown, string Entered)> reveals, string tutor, string antiforgery, bool groups = false)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(reveals);
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"""
            <nav><a href="/">Sheets</a> › <a href="/sheet/{Uri.EscapeDataString(sheet)}">Sheet {Html.Escape(sheet)}</a> › statistics</nav>
            <h1>Sheet {Html.Escape(sheet)}: statistics</h1>{(groups ? "\n<p id=\"counted\">Counted per hand-in: a group's hand-in and its score once, not once per member; each score is the one standing now, after any regrade.</p>" : "")}
            {(items.Any(s => s.Points.Count > 0) ? "<p>Under each item's row, how its scores fall: a dot per current score at its points, all scores in the top row, then each tutor's, to see two tutors drift apart.</p>" : "")}
            <table class="statistics"><thead><tr><th>item</th><th>scored</th><th>levels (points: count)</th><th>by tutor (count, mean)</th><th>changed</th><th>changed after a regrade</th></tr></thead><tbody>

            """);
        foreach (var s in items)
        {
            var scored = s.Levels.Sum(l => l.Count) + s.OffLevel;
            var levels = string.Join("<br>", s.Levels.Select(l => $"{Csv.Number(l.Level.Points)}: {l.Count}")) + (s.OffLevel > 0 ? $"<br>other: {s.OffLevel}" : "");
            var tutors = string.Join("", s.Tutors.Select(t => string.Create(CultureInfo.InvariantCulture,
                $"<li data-tutor=\"{Html.Escape(t.Tutor)}\">{Html.Escape(t.Tutor.Length > 0 ? t.Tutor : "(unnamed)")}: <span class=\"count\">{t.Count}</span>, mean <span class=\"mean\">{t.Mean:0.##}</span></li>")));
            body.Append(CultureInfo.InvariantCulture, $"<tr data-item=\"{s.Item.Index}\"><td><a href=\"{s.Item.Path}\">{Html.Escape(s.Item.Title)}</a> {s.Item.IdHtml}</td><td>{scored} of {s.Total}</td><td class=\"levels\">{levels}</td><td><ul class=\"tutors\">{tutors}</ul></td><td>{s.Changed}</td><td>{(s.ChangedAfterRegrade is { } r ? r.ToString(CultureInfo.InvariantCulture) : "—")}</td></tr>\n");
            if (Distribution.Html(s) is { Length: > 0 } figure)
            {
                body.Append(CultureInfo.InvariantCulture, $"<tr class=\"distribution\" data-figure=\"{s.Item.Index}\"><td colspan=\"6\">{figure}</td></tr>\n");
            }
        }

        body.Append("</tbody></table>\n");

        body.Append("<h2>Names revealed</h2>\n<table class=\"reveals\"><thead><tr><th>tutor</th><th>names</th><th>when</th></tr></thead><tbody>\n");
        foreach (var (who, shown, entered) in reveals)
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr><td>{Html.Escape(who)}</td><td>{(shown ? "shown" : "hidden")}</td><td>{ServePages.When(entered)}</td></tr>\n");
        }

        if (reveals.Count == 0)
        {
            body.Append("<tr><td colspan=\"3\">no tutor has shown names on this sheet</td></tr>\n");
        }

        body.Append("</tbody></table>\n");
        return ServePages.Layout($"Sheet {sheet}: statistics", tutor, antiforgery, body.ToString());
    }
}
