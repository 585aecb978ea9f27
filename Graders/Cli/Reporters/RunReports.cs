using Grader.Cli.Grading;

namespace Grader.Cli.Reporters;

/// <summary>
/// Writes the reports of a whole run into one folder: <c>gradebook.csv</c> and <c>gradebook-lms.csv</c>
/// (<see cref="GradebookCsvReporter"/>), <c>junit.xml</c> (<see cref="JUnitReporter"/>) and <c>summary.md</c>
/// (<see cref="SummaryMarkdown"/>). The CSVs and the summary share one <see cref="GradebookTable"/>. Each file is
/// written atomically.
/// </summary>
public static class RunReports
{
    /// <summary>The run summary's file name.</summary>
    public const string SummaryFile = "summary.md";

    /// <summary>Writes the four files into <paramref name="outFolder"/> (created when missing).</summary>
    public static void Write(GradingSummary summary, string outFolder)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentException.ThrowIfNullOrWhiteSpace(outFolder);
        var table = GradebookTable.From(summary);
        AtomicFile.WriteAllText(Path.Combine(outFolder, GradebookCsvReporter.FileName), GradebookCsvReporter.Render(table));
        AtomicFile.WriteAllText(Path.Combine(outFolder, GradebookCsvReporter.LmsFileName), GradebookCsvReporter.RenderLms(table));
        JUnitReporter.Write(summary, Path.Combine(outFolder, JUnitReporter.FileName));
        AtomicFile.WriteAllText(Path.Combine(outFolder, SummaryFile), SummaryMarkdown.Render(summary, table));
    }
}
