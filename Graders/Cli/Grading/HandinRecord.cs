using Grader.Checks.Catalog;
using Grader.Checks.Results;
using Grader.Cli.Workers;

namespace Grader.Cli.Grading;

/// <summary>
/// What grading one hand-in produced, as plain data: stored as <c>&lt;student&gt;/record.json</c> (written last, so
/// its presence means the student's files are complete), read back to resume a run and to merge shards.
/// <see cref="ToOutcome"/> joins it to the catalog, fail-closed: a due check without a record is failed, "did not report".
/// </summary>
public sealed record HandinRecord(
    string Student,
    HandinStatus Status,
    string? Reason,
    string ContentHash,
    string Fingerprint,
    CompileRecord? Compile,
    IReadOnlyList<CheckRecord> Checks,
    HandinTiming Timing,
    string Log,
    IReadOnlyList<string>? Sheets,
    bool VisibleOnly,
    IReadOnlyList<string> LeftOut,
    ulong Seed,
    DateTimeOffset GradedAt)
{
    /// <summary>The file name under the student's folder.</summary>
    public const string FileName = "record.json";

    /// <summary>The report: every task of the graded sheets, a verdict for every due check (one that did not report fails closed).</summary>
    public HandinOutcome ToOutcome(CourseCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var byKey = new Dictionary<string, CheckRecord>(StringComparer.Ordinal);
        foreach (var check in Checks)
        {
            byKey.TryAdd(check.Key, check);
        }

        var leftOut = LeftOut.ToHashSet(StringComparer.Ordinal);
        var tasks = catalog.Tasks
            .Where(t => Sheets is null || Sheets.Contains(t.Sheet))
            .Select(t => new TaskResult(t, DueChecks(t, VisibleOnly)
                .Where(c => !leftOut.Contains(WorkerProtocol.Key(t.Id, c.Check.Id)))
                .Select(c => byKey.TryGetValue(WorkerProtocol.Key(t.Id, c.Check.Id), out var r)
                    ? new CheckVerdict(c, r.ToResult(), TimeSpan.FromSeconds(r.Seconds))
                    : new CheckVerdict(c, CheckResult.Fail(c.Check.Id, $"did not report: {Reason ?? "the worker ended without a verdict for this check"}", sheetRef: c.Check.SheetRef), TimeSpan.Zero))
                .ToArray()))
            .ToArray();
        var compile = Compile?.ToResult() ?? new CompileResult(Status != HandinStatus.CompileFailed, [], 0, TimeSpan.Zero, null);
        var report = new HandinReport(Student, compile, tasks, VisibleOnly, Seed);
        return new HandinOutcome(Student, Status, Reason, report, ContentHash, Timing, Log);
    }

    /// <summary>The checks of a task that a run with this visibility is due to run, in catalog order.</summary>
    public static IEnumerable<CheckSpec> DueChecks(TaskSpec task, bool visibleOnly) =>
        task.Checks.Where(c => !visibleOnly || c.Visibility == Visibility.Visible);
}
