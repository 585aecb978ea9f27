namespace Grader.Grading.Reporters;

/// <summary>
/// The student's files of every hand-in of a summary, each a <see cref="StudentFileReporter"/>: <c>results.json</c>
/// (Gradescope, <see cref="GradescopeResults"/>), <c>feedback.md</c> (<see cref="FeedbackMarkdown"/>) and
/// <c>feedback.html</c> (<see cref="FeedbackHtml"/>, with the checks' plots and image grids), written one student after
/// the other. All three read the hand-in's <see cref="HandinReport"/>, so their numbers agree with each other and with the gradebook.
/// </summary>
public sealed class HandinFeedback : IReporter
{
    /// <summary>The reporter.</summary>
    public static readonly HandinFeedback Default = new();

    /// <summary>The student's files, in the order they are written.</summary>
    public static IReadOnlyList<StudentFileReporter> Files { get; } = [GradescopeResults.Default, FeedbackMarkdown.Default, FeedbackHtml.Default];

    public string Name => $"students/<student>/{string.Join(", ", Files.Select(f => f.FileName))}";

    /// <summary>Writes each hand-in's files into <c>&lt;folder&gt;/students/&lt;student&gt;</c> (<see cref="ResultStore.StudentFolderIn"/>).</summary>
    public void Write(GradingSummary summary, string folder)
    {
        ArgumentNullException.ThrowIfNull(summary);
        foreach (var report in summary.Handins)
        {
            Write(report, summary.Run, ResultStore.StudentFolderIn(folder, report.Student));
        }
    }

    /// <summary>The Gradescope results file.</summary>
    public const string ResultsFile = "results.json";

    /// <summary>The Markdown feedback.</summary>
    public const string MarkdownFile = "feedback.md";

    /// <summary>The HTML feedback.</summary>
    public const string HtmlFile = "feedback.html";

    /// <summary>Writes the student's files of one hand-in into <paramref name="studentFolder"/> (created when missing).</summary>
    public static void Write(HandinReport outcome, RunInfo run, string studentFolder)
    {
        foreach (var file in Files)
        {
            file.WriteHandin(outcome, run, studentFolder);
        }
    }
}
