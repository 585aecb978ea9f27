using System.Text.Json.Serialization;
using Grader.Checks.Checking;

namespace Grader.Grading;

/// <summary>
/// What grading one hand-in produced, as plain data: the tutor's record, stored as <c>records/&lt;student&gt;.json</c>
/// (<see cref="ResultStore"/>; written last, so its presence means the student's files are complete), read back to
/// resume a run and to merge shards.
/// <see cref="Compile"/> is the compile's own <see cref="CompileResult"/> (without the assembly; <see cref="CompileResultJson"/> gives it the shape records
/// have always had), <see cref="Checks"/> are the verdicts as the grading made them. <see cref="ToReport"/> joins them to the run's configuration, fail-closed: a due check without a verdict is failed,
/// "did not report". <see cref="Fingerprint"/> says which configuration it was graded under.
/// </summary>
public sealed record HandinRecord(
    string Student,
    HandinStatus Status,
    string? Reason,
    string ContentHash,
    string Fingerprint,
    [property: JsonConverter(typeof(CompileResultJson))] CompileResult? Compile,
    IReadOnlyList<CheckVerdict> Checks,
    HandinTiming Timing,
    string Log,
    DateTimeOffset GradedAt)
{
    /// <summary>
    /// The hand-in's grade (<see cref="HandinGrade.Of"/>): every task of the assignment with a verdict for every due
    /// check (one that did not report fails closed) and the tutor's manual items from <paramref name="manual"/>, and the
    /// late policy's outcome per sheet (<paramref name="late"/>; none: on time). Called once per hand-in; every reporter reads what it returns.
    /// </summary>
    public HandinReport ToReport(GradingConfig config, ManualGrades manual, IReadOnlyList<LateOutcome>? late = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(manual);
        var byKey = new Dictionary<string, CheckVerdict>(StringComparer.Ordinal);
        foreach (var check in Checks)
        {
            byKey.TryAdd(WorkerProtocol.Key(check.TaskId, check.CheckId), check);
        }

        var tasks = config.Assignment.Tasks
            .Select(t => new TaskResult(t, t.Checks.Where(config.IsDue)
                .Select(c => byKey.TryGetValue(WorkerProtocol.Key(t.Id, c.Check.Id), out var stored)
                    ? stored
                    : new CheckVerdict(t.Id, CheckResult.Fail(c.Check.Id, $"did not report: {Reason ?? "the worker ended without a verdict for this check"}", sheetRef: SheetCitation.Cite(t.Sheet, c.Check.SheetRef)), TimeSpan.Zero))
                .ToArray()))
            .ToArray();
        var compile = Compile ?? new CompileResult(Status != HandinStatus.CompileFailed, [], 0, TimeSpan.Zero, null);
        return HandinGrade.Of(new HandinVerdicts(Student, compile, tasks, config.VisibleOnly, config.Seed)
        {
            Status = Status,
            Reason = Reason,
            ContentHash = ContentHash,
            Timing = Timing,
            Log = Log,
        }, manual, late);
    }
}
