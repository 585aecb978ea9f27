namespace Grader.Semester;

/// <summary>
/// <c>semester.html</c>: the course's page (static, relative links only): the histogram of semester totals, one row
/// per student with each sheet's points linking to that student's feedback of the sheet's latest run, the total and
/// the exam admission, a link to each sheet's cohort page, and the late list of the whole semester.
/// </summary>
public static class SemesterPage
{
    /// <summary>The file name.</summary>
    public const string FileName = "semester.html";

    /// <summary>The page, written into <paramref name="folder"/>; <paramref name="runs"/> gives each sheet's latest run folder (null when not graded yet).</summary>
    public static string Render(string folder, CourseFile course, IReadOnlyList<StudentTotals> totals, IReadOnlyDictionary<string, string?> runs)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(totals);
        ArgumentNullException.ThrowIfNull(runs);
        string Link(string sheet, string file) => Path.GetRelativePath(folder, Path.Combine(runs[sheet]!, file)).Replace('\\', '/');
        var html = new StringBuilder();
        CohortPage.Head(html, course.Name);
        html.Append(CultureInfo.InvariantCulture, $"<p>{totals.Count} student(s); the exam admits from {Csv.Number(course.Admission * 100)} % of the graded sheets' points (a sheet not graded yet counts in no total).</p>\n<h2 id=\"sheets\">Sheets</h2>\n<ul>\n");
        foreach (var s in course.Sheets)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>Sheet {s.Sheet}, due {s.Deadline.UtcDateTime:yyyy-MM-dd HH:mm} UTC: ")
                .Append(runs[s.Sheet] is null ? "not graded yet" : $"<a href=\"{Link(s.Sheet, CohortPage.FileName)}\">the cohort</a>").Append("</li>\n");
        }

        html.Append("</ul>\n<h2 id=\"histogram\">Totals</h2>\n")
            .Append(Histogram.Svg(totals.Select(t => t.Total).ToArray(), totals.Count > 0 ? totals[0].Max : 0, "Histogram of the semester totals")).Append('\n');
        html.Append("<table id=\"students\"><tr><th>student</th>").Append(string.Concat(course.Sheets.Select(s => $"<th>sheet {s.Sheet}</th>"))).Append("<th>total</th><th>admission</th></tr>\n");
        foreach (var t in totals)
        {
            html.Append("<tr><td>").Append(Html.Escape(t.Student)).Append("</td>");
            foreach (var s in t.Sheets)
            {
                var points = s.Late.Factor < 1 ? $"{Csv.Number(s.Before)} → {Csv.Number(s.After)}" : Csv.Number(s.After);
                // A refused hand-in has no student folder, so no feedback to link to.
                html.Append("<td>").Append(!s.Graded ? "not graded yet" : s.Refused ? $"{points} (refused)" : s.HandedIn
                    ? $"<a href=\"{Link(s.Sheet, $"{ResultStore.StudentsFolder}/{Uri.EscapeDataString(t.Student)}/feedback.html")}\">{points}</a>{(s.ManualPending ? " (manual pending)" : "")}"
                    : "not handed in").Append("</td>");
            }

            html.Append(CultureInfo.InvariantCulture, $"<td>{Csv.Number(t.Total)} / {Csv.Number(t.Max)}</td><td>{(t.Admitted ? "admitted" : "not admitted")}</td></tr>\n");
        }

        html.Append("</table>\n");
        CohortPage.Late(html, totals.SelectMany(t => t.Sheets).ToArray(), course);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }
}
