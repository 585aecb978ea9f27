namespace Grader.Grading.Reports;

/// <summary>
/// What one student's written report (the hand-in's <c>Report/</c> folder: <c>report.md</c>, <c>report.pdf</c>, a page
/// map) gave the tutor, taken in by the grading run: the files handed in, one <see cref="ReportAnswer"/> per manual item
/// of the sheet, and what could not be read. Stored tutor-side in the run's output folder as
/// <c>reports/&lt;student&gt;/report.json</c> (<see cref="WrittenReportStore"/>), beside the page images it names;
/// <c>grader serve</c> reads it there. A student without a report has a <see cref="WrittenReport"/> with no files.
/// </summary>
/// <param name="Student">The student, as the hand-in is named.</param>
/// <param name="Files">The report's files as handed in, relative to <c>Report/</c> (e.g. "report.md", "report.pdf").</param>
/// <param name="Answers">One answer per manual item of the sheet, in catalog order.</param>
/// <param name="Problems">What could not be taken in, one sentence each (a broken PDF, a file past its limit), already escaped for any output.</param>
public sealed record WrittenReport(string Student, IReadOnlyList<string> Files, IReadOnlyList<ReportAnswer> Answers, IReadOnlyList<string> Problems)
{
    /// <summary>
    /// What the report was taken from (<see cref="ReportIntake.Hash"/>: the files' bytes, the sheet's items, the intake's
    /// version); a later run with the same hash reuses it, as records are reused. Null in a report made elsewhere.
    /// </summary>
    public string? Hash { get; init; }

    /// <summary>True when the hand-in carried a report at all.</summary>
    public bool HandedIn => Files.Count > 0;

    /// <summary>The answer to one item, or null.</summary>
    public ReportAnswer? Find(string task, string item) =>
        Answers.FirstOrDefault(a => a.Task == task && a.Item == item);
}
