namespace Grader.Grading.Reporters;

/// <summary>
/// A reporter of one file in each student's folder (<c>students/&lt;student&gt;/</c>, what the student may read), as
/// BenchmarkDotNet's <c>ExporterBase</c>: it owns where the file goes, the hand-in's <see cref="HandinReport"/> (its
/// whole grade) every student file reads its numbers from, and the atomic write; a subclass names the file and renders its text.
/// </summary>
public abstract class StudentFileReporter : IReporter
{
    /// <summary>The file's name in the student's folder (e.g. "feedback.md").</summary>
    public abstract string FileName { get; }

    /// <summary>"students/&lt;student&gt;/&lt;FileName&gt;" (explicit: a subclass may have its own <c>Name</c>, as <see cref="FeedbackMarkdown.Name"/>).</summary>
    string IReporter.Name => $"students/<student>/{FileName}";

    /// <summary>Writes the file of every hand-in of <paramref name="summary"/> into <c>&lt;folder&gt;/students/&lt;student&gt;</c> (<see cref="ResultStore.StudentFolderIn"/>).</summary>
    public void Write(GradingSummary summary, string folder)
    {
        ArgumentNullException.ThrowIfNull(summary);
        foreach (var report in summary.Handins)
        {
            WriteHandin(report, summary.Run, ResultStore.StudentFolderIn(folder, report.Student));
        }
    }

    /// <summary>Writes the file of one hand-in into <paramref name="studentFolder"/> (created when missing).</summary>
    public void WriteHandin(HandinReport outcome, RunInfo run, string studentFolder)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrWhiteSpace(studentFolder);
        AtomicFile.WriteAllText(Path.Combine(studentFolder, FileName), Text(outcome, run));
    }

    /// <summary>The file's text for one hand-in's grade and the run.</summary>
    protected abstract string Text(HandinReport report, RunInfo run);
}
