using Grader.Checks.Results;
using Grader.Cli.Grading;

namespace Grader.Cli.Reporters;

/// <summary>
/// Writes the feedback of every hand-in of a summary into its student's folder: <c>results.json</c> (Gradescope,
/// <see cref="GradescopeResults"/>), <c>feedback.md</c> (<see cref="FeedbackMarkdown"/>) and <c>feedback.html</c>
/// (<see cref="FeedbackHtml"/>, with the checks' plots and image grids). All three read one <see cref="GradebookRow"/>, so their numbers
/// agree with each other and with the gradebook. Each file is written atomically.
/// </summary>
public sealed class HandinFeedback : IReporter
{
    /// <summary>The reporter.</summary>
    public static readonly HandinFeedback Default = new();

    public string Name => "students/<student>/results.json, feedback.md, feedback.html";

    /// <summary>Writes each hand-in's three files into <c>&lt;folder&gt;/students/&lt;student&gt;</c> (<see cref="ResultStore.StudentFolderIn"/>).</summary>
    public void Write(GradingSummary summary, string folder)
    {
        ArgumentNullException.ThrowIfNull(summary);
        foreach (var report in summary.Handins)
        {
            Write(report, summary.Manual, summary.Run, ResultStore.StudentFolderIn(folder, report.Student));
        }
    }

    /// <summary>The Gradescope results file.</summary>
    public const string ResultsFile = "results.json";

    /// <summary>The Markdown feedback.</summary>
    public const string MarkdownFile = "feedback.md";

    /// <summary>The HTML feedback.</summary>
    public const string HtmlFile = "feedback.html";

    /// <summary>Writes the three files into <paramref name="studentFolder"/> (created when missing).</summary>
    public static void Write(HandinReport outcome, ManualGrades manual, RunInfo run, string studentFolder)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(manual);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrWhiteSpace(studentFolder);
        var row = GradebookRow.From(outcome, manual);
        AtomicFile.WriteAllText(Path.Combine(studentFolder, ResultsFile), GradescopeResults.Render(outcome, row, run));
        AtomicFile.WriteAllText(Path.Combine(studentFolder, MarkdownFile), FeedbackMarkdown.Render(outcome, row, run));
        AtomicFile.WriteAllText(Path.Combine(studentFolder, HtmlFile), FeedbackHtml.Render(outcome, row, run));
    }
}
