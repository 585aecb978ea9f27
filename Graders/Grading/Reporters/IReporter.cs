namespace Grader.Grading.Reporters;

/// <summary>
/// One output of a grading run, written from its summary (BenchmarkDotNet's <c>IExporter</c>): it reads the reports'
/// numbers and never computes a verdict or re-runs anything. Each file is written atomically.
/// </summary>
public interface IReporter
{
    /// <summary>What it writes, for messages (e.g. "gradebook.csv, gradebook-lms.csv").</summary>
    string Name { get; }

    /// <summary>Writes its files for <paramref name="summary"/> into <paramref name="folder"/> (created when missing).</summary>
    void Write(GradingSummary summary, string folder);
}
