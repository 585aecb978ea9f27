using Grader.Semester.Similarity;

namespace Grader.Semester;

/// <summary>
/// <c>cohort.html</c> in a run's output folder: one static page (no script, no server; every link relative, so it works
/// from the file system) with the score histogram, the checks failed most often, one row per student linking to their
/// feedback, the similarity pairs flagged for the sheet (when <c>grader similarity</c> wrote them into the folder) and
/// the late hand-ins with their points before and after the late policy.
/// </summary>
public static class CohortPage
{
    /// <summary>The file name.</summary>
    public const string FileName = "cohort.html";

    /// <summary>The page of the run in <paramref name="folder"/> for sheet <paramref name="sheet"/>.</summary>
    public static string Render(string folder, string sheet, IReadOnlyList<StudentTotals> totals, IReadOnlyList<(string Check, int Failed)> mostFailed, CourseFile course)
    {
        ArgumentNullException.ThrowIfNull(totals);
        ArgumentNullException.ThrowIfNull(mostFailed);
        ArgumentNullException.ThrowIfNull(course);
        var rows = totals.Select(t => (t.Student, Total: t.Sheets.First(s => s.Sheet == sheet))).Where(r => r.Total.HandedIn && !r.Total.Refused).ToArray(); // refused hand-ins are no scores, as in summary.md
        double max = rows.Length > 0 ? rows[0].Total.Max : 0;
        var html = new StringBuilder();
        Head(html, $"Sheet {sheet}: the cohort");
        html.Append(CultureInfo.InvariantCulture, $"<p>{rows.Length} hand-in(s) in the run graded into this folder. <a href=\"gradebook.csv\">gradebook.csv</a> · <a href=\"summary.md\">summary.md</a></p>\n");
        html.Append("<h2 id=\"histogram\">Scores</h2>\n").Append(Histogram.Svg(rows.Select(r => r.Total.After).ToArray(), max, $"Histogram of sheet {sheet}'s scores")).Append('\n');
        html.Append("<h2 id=\"failed\">Checks failed most often</h2>\n");
        if (mostFailed.Count == 0)
        {
            html.Append("<p>No check failed.</p>\n");
        }
        else
        {
            html.Append("<table><tr><th>task · check</th><th>failed by</th></tr>\n");
            foreach (var (check, failed) in mostFailed.Take(10))
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Html.Escape(check)}</td><td>{failed}</td></tr>\n");
            }

            html.Append("</table>\n");
        }

        html.Append("<h2 id=\"students\">Students</h2>\n<table><tr><th>student</th><th>automatic</th><th>manual</th><th>before late policy</th><th>after</th><th>late</th></tr>\n");
        foreach (var (student, t) in rows)
        {
            var feedback = $"{ResultStore.StudentsFolder}/{Uri.EscapeDataString(student)}/feedback.html";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"{feedback}\">{Html.Escape(student)}</a></td><td>{Csv.Number(t.Auto)}</td><td>{Csv.Number(t.Manual)}{(t.ManualPending ? " (pending)" : "")}</td><td>{Csv.Number(t.Before)}</td><td>{Csv.Number(t.After)}</td><td>{(t.Late.Late ? $"{t.Late.LateDays} d" : "")}</td></tr>\n");
        }

        html.Append("</table>\n<h2 id=\"similarity\">Similarity</h2>\n");
        var pairs = Path.Combine(folder, SimilarityHtml.PairsFileName);
        if (File.Exists(pairs))
        {
            var flagged = JsonSerializer.Deserialize<FlaggedPair[]>(File.ReadAllText(pairs)) ?? [];
            html.Append(CultureInfo.InvariantCulture, $"<p>{flagged.Length} pair(s) flagged; <a href=\"{SimilarityHtml.FileName}\">the full report</a>.</p>\n<ul>\n");
            foreach (var p in flagged)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{SimilarityHtml.FileName}#{p.Anchor}\">{Html.Escape(p.A)} – {Html.Escape(p.B)}</a>: {p.Score:0.00}</li>\n");
            }

            html.Append("</ul>\n");
        }
        else
        {
            html.Append("<p>No similarity report in this folder ('grader similarity &lt;hand-ins&gt; --out &lt;this folder&gt;' writes one).</p>\n");
        }

        Late(html, rows.Select(r => r.Total).ToArray(), course);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>The late list: who, which sheet, how late, points before and after.</summary>
    public static void Late(StringBuilder html, IReadOnlyList<SheetTotal> totals, CourseFile course)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(course);
        var late = totals.Where(t => t.HandedIn && t.Late.Late).ToArray();
        html.Append("<h2 id=\"late\">Late hand-ins</h2>\n");
        if (late.Length == 0)
        {
            html.Append("<p>None.</p>\n");
            return;
        }

        html.Append("<table><tr><th>student</th><th>sheet</th><th>late policy</th><th>before</th><th>after</th></tr>\n");
        foreach (var t in late)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Html.Escape(t.Late.Student)}</td><td>{t.Sheet}</td><td>{Html.Escape(t.Late.Describe(course.Late.PenaltyPerDay))}</td><td>{Csv.Number(t.Before)}</td><td>{Csv.Number(t.After)}</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    /// <summary>The document's head and the page's title.</summary>
    public static void Head(StringBuilder html, string title)
    {
        ArgumentNullException.ThrowIfNull(html);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Html.Escape(title)).Append("</title>\n")
            .Append("<style>body{font-family:sans-serif;margin:1.5em;max-width:70em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}</style>\n</head>\n<body>\n")
            .Append("<h1>").Append(Html.Escape(title)).Append("</h1>\n");
    }
}
