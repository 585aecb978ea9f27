namespace Grader.Semester;

/// <summary>
/// <c>grader semester totals</c>'s table, over the semester's grades (<see cref="StudentTotals"/>): one line per
/// student, one cell per sheet ("3.5", "4 -> 2 (3 d late)", "not graded yet", "not handed in"), the total over the graded
/// sheets with their maximum, and the exam admission.
/// </summary>
public static class TotalsText
{
    /// <summary>The table's text.</summary>
    public static string Render(CourseFile course, IReadOnlyList<StudentTotals> totals)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(totals);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{course.Name}: admission needs {Csv.Number(course.Admission * 100)} % of the graded sheets' points.\n");
        text.Append("student | ").Append(string.Join(" | ", course.Sheets.Select(s => $"sheet {s.Sheet}"))).Append(" | total | admission\n");
        foreach (var t in totals)
        {
            text.Append(t.Student).Append(" | ");
            text.Append(string.Join(" | ", t.Sheets.Select(Cell)));
            text.Append(CultureInfo.InvariantCulture, $" | {Csv.Number(t.Total)} / {Csv.Number(t.Max)} | {(t.Admitted ? "admitted" : $"not admitted (needs {Csv.Number(t.Needed)})")}\n");
        }

        return text.ToString();
    }

    /// <summary>One sheet's cell.</summary>
    public static string Cell(SheetTotal s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (!s.Graded)
        {
            return "not graded yet";
        }

        if (!s.HandedIn)
        {
            return "not handed in";
        }

        var points = s.Late.Factor < 1 ? $"{Csv.Number(s.Before)} -> {Csv.Number(s.After)} ({s.Late.LateDays} d late)" : Csv.Number(s.After);
        if (s.Late.Late && s.Late.Factor == 1)
        {
            points += $" ({s.Late.LateDays} d late, grace)";
        }

        if (s.Refused)
        {
            points += " (refused)";
        }

        return s.ManualPending ? points + " (manual pending)" : points;
    }
}
