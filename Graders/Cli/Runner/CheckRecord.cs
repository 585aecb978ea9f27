using Grader.Checks.Results;

namespace Grader.Cli.Runner;

/// <summary>
/// One check's verdict as it crosses the worker boundary and is stored in the tutor's record (<c>records/&lt;student&gt;.json</c>): the task and check it
/// belongs to (joined back to the catalog by id), what the check found, how long it took (wall time, in the grader), and
/// the CPU time the hand-in's host used meanwhile (null where it was not measured: in-process grading, a failed
/// check without a run, records written before it was). <see cref="Images"/> is null in records written before image grids were. <see cref="TutorDetail"/> is the tutor's only
/// (<see cref="CheckResult.TutorDetail"/>): the record is the tutor's file, kept out of the student's folder.
/// </summary>
public sealed record CheckRecord(
    string TaskId,
    string CheckId,
    CheckOutcome Outcome,
    string Message,
    string? Expected,
    string? Seen,
    Counterexample? Counterexample,
    string? SheetRef,
    IReadOnlyList<Plot>? Plots,
    double Seconds,
    double? HandinCpuSeconds = null,
    string? TutorDetail = null,
    IReadOnlyList<ImageGrid>? Images = null)
{
    public static CheckRecord From(string taskId, CheckVerdict verdict, double? handinCpuSeconds = null)
    {
        var r = verdict.Result;
        return new CheckRecord(taskId, r.Id, r.Outcome, r.Message, r.Expected, r.Seen, r.Counterexample, r.SheetRef, r.Plots, verdict.Elapsed.TotalSeconds, handinCpuSeconds, r.TutorDetail, r.Images);
    }

    /// <summary>The key of the check this record is about.</summary>
    public string Key => WorkerProtocol.Key(TaskId, CheckId);

    public CheckResult ToResult() => new(CheckId, Outcome, Message, Expected, Seen, Counterexample, SheetRef, Plots, TutorDetail, Images);
}
