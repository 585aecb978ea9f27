using Grader.Checks.Results;

namespace Grader.Cli.Runner;

/// <summary>
/// A <see cref="CompileResult"/> as it crosses the worker boundary and is stored in the tutor's record
/// (<c>records/&lt;student&gt;.json</c>), with the files left out and the contracts they blocked
/// (<see cref="CompileResult.Excluded"/>; absent in a record written before files could be left out).
/// </summary>
public sealed record CompileRecord(bool Success, IReadOnlyList<CompileDiagnostic> Errors, int WarningCount, double Seconds, IReadOnlyList<ExcludedFile>? Excluded = null)
{
    public static CompileRecord From(CompileResult result) =>
        new(result.Success, result.Errors, result.WarningCount, result.Elapsed.TotalSeconds, result.Excluded.Count == 0 ? null : result.Excluded);

    public CompileResult ToResult() => new(Success, Errors ?? [], WarningCount, TimeSpan.FromSeconds(Seconds), null) { Excluded = Excluded ?? [] };
}
