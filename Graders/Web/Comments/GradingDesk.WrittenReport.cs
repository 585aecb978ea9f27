using Grader.Grading.Reports;

namespace Grader.Web;

/// <summary>The written report a hand-in's code page shows beside its files (issue 82: a PDF's pages beside their items).</summary>
public sealed partial class GradingDesk
{
    /// <summary>
    /// <paramref name="student"/>'s written report in the sheet's latest run as the intake took it in (its answers' page
    /// images, rendered and bounded by the run, and its problems), or null: no run, no hand-in there, no report.json.
    /// The server renders nothing: the page images are the run's files, served by the page route.
    /// </summary>
    public WrittenReport? WrittenReport(string sheet, string student)
    {
        long? run;
        using (Hold())
        {
            run = _gradebook.LatestRun(sheet) is { } id && _gradebook.Handins(id).Contains(student, StringComparer.Ordinal) ? id : null;
        }

        return run is { } found ? Report(found, student) : null;
    }
}
