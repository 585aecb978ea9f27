namespace Grader.Grading.Reporters;

/// <summary>The reporters a run writes with: per hand-in as each finishes (given a summary of that one hand-in), and over every hand-in at the end.</summary>
/// <param name="PerHandin">Reporters of one student's files (into the student's folder under the output folder).</param>
/// <param name="Run">Reporters of the run's files (into the output folder).</param>
public sealed record GradingOutputs(IReadOnlyList<IReporter> PerHandin, IReadOnlyList<IReporter> Run)
{
    /// <summary>Each student's results.json, feedback.md and feedback.html; the gradebooks, junit.xml and summary.md.</summary>
    public static GradingOutputs Default { get; } = new([HandinFeedback.Default], [GradebookCsvReporter.Default, JUnitReporter.Default, SummaryMarkdown.Default]);

    /// <summary>Writes one hand-in's files.</summary>
    public void WriteHandin(GradingSummary single, string folder)
    {
        foreach (var reporter in PerHandin)
        {
            reporter.Write(single, folder);
        }
    }

    /// <summary>Writes the run's files.</summary>
    public void WriteRun(GradingSummary summary, string folder)
    {
        foreach (var reporter in Run)
        {
            reporter.Write(summary, folder);
        }
    }
}
