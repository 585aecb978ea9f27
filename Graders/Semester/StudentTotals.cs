namespace Grader.Semester;

/// <summary>
/// One student's semester: every sheet of the course, the total and whether it admits to the exam. A sheet not graded
/// yet (<see cref="SheetTotal.Graded"/> false) counts in neither <see cref="Total"/> nor <see cref="Max"/>.
/// </summary>
/// <param name="Student">The student.</param>
/// <param name="Sheets">One total per course sheet, in deadline order.</param>
/// <param name="Admission">The share of all sheets' points needed (from the course file).</param>
public sealed record StudentTotals(string Student, IReadOnlyList<SheetTotal> Sheets, double Admission)
{
    /// <summary>Points over every graded sheet, after the late policy.</summary>
    public double Total => PointsText.Round(Sheets.Where(s => s.Graded).Sum(s => s.After));

    /// <summary>The maximum over every graded sheet.</summary>
    public double Max => Sheets.Where(s => s.Graded).Sum(s => s.Max);

    /// <summary>Points needed for the exam so far: <see cref="Admission"/> × <see cref="Max"/>.</summary>
    public double Needed => Admission * Max;

    /// <summary>
    /// The student's row of the LMS file (<see cref="GradebookCsvReporter.RenderLms(IReadOnlyList{string}, IEnumerable{LmsRow})"/>):
    /// a sheet not graded yet is empty, one not handed in 0, a hand-in its report's <see cref="HandinReport.SheetPoints"/>
    /// (after the late policy; empty while a manual item is pending).
    /// </summary>
    public LmsRow LmsRow() => new(Student, sheet => Sheets.FirstOrDefault(s => s.Sheet == sheet) switch
    {
        null or { Graded: false } => null,
        { Report: null } => 0,
        { Report: { } report } => report.SheetPoints(sheet),
    }, null);

    /// <summary>True when <see cref="Total"/> reaches <see cref="Needed"/> (up to rounding to 4 decimals, as the CSVs print).</summary>
    public bool Admitted => Math.Round(Total, 4) >= Math.Round(Needed, 4);
}
