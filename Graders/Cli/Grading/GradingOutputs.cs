namespace Grader.Cli.Grading;

/// <summary>The reporters a run writes with: per hand-in as it finishes, and for the whole run at the end.</summary>
/// <param name="WriteHandin">Writes a student's files (results.json, feedback.md, feedback.html) into the student's folder.</param>
/// <param name="WriteRun">Writes the run's files (gradebook, junit.xml, summary.md) into the output folder.</param>
public sealed record GradingOutputs(
    Action<HandinOutcome, ManualGrades, RunInfo, string> WriteHandin,
    Action<GradingSummary, string> WriteRun);
