using Grader.Checks.Results;

namespace Grader.Cli.Workers;

/// <summary>A <see cref="CompileResult"/> as it crosses the worker boundary and is stored in the tutor's record (<c>records/&lt;student&gt;.json</c>).</summary>
public sealed record CompileRecord(bool Success, IReadOnlyList<CompileDiagnostic> Errors, int WarningCount, double Seconds)
{
    public static CompileRecord From(CompileResult result) =>
        new(result.Success, result.Errors, result.WarningCount, result.Elapsed.TotalSeconds);

    public CompileResult ToResult() => new(Success, Errors ?? [], WarningCount, TimeSpan.FromSeconds(Seconds), null);
}
