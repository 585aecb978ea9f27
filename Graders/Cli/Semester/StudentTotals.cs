namespace Grader.Cli.Semester;

/// <summary>One student's semester: every sheet of the course, the total and whether it admits to the exam.</summary>
/// <param name="Student">The student.</param>
/// <param name="Sheets">One total per course sheet, in deadline order.</param>
/// <param name="Admission">The share of all sheets' points needed (from the course file).</param>
public sealed record StudentTotals(string Student, IReadOnlyList<SheetTotal> Sheets, double Admission)
{
    /// <summary>Points over every sheet, after the late policy.</summary>
    public double Total => Sheets.Sum(s => s.After);

    /// <summary>The maximum over every sheet.</summary>
    public double Max => Sheets.Sum(s => s.Max);

    /// <summary>Points needed for the exam: <see cref="Admission"/> × <see cref="Max"/>.</summary>
    public double Needed => Admission * Max;

    /// <summary>True when <see cref="Total"/> reaches <see cref="Needed"/> (up to rounding to 4 decimals, as the CSVs print).</summary>
    public bool Admitted => Math.Round(Total, 4) >= Math.Round(Needed, 4);
}
