using Grader.Semester;

namespace Grader.Web;

/// <summary>
/// The run's files written again on the desk (<see cref="GradingDesk.Feedback"/>): after a score, a release, a comment,
/// from the semester's grades (<see cref="SemesterGrades.PrepareRender"/>), read on a connection of its own.
/// </summary>
public sealed class DeskFeedback
{
    private readonly GradingDesk _desk;

    private readonly Lock _writeLock = new();
    private CourseGradebook? _writerReads;

    // The run folder each sheet's writes last loaded (under _writeLock): loaded again once its run.json or the sheet's latest run changes.
    private readonly Dictionary<string, (long Run, DateTime Written, long Length, RecordedRun Recorded)> _recorded = new(StringComparer.Ordinal);

    internal DeskFeedback(GradingDesk desk) => _desk = desk;

    /// <summary>
    /// Writes the files of the sheet's latest run (each student's feedback, results.json, the gradebooks) again from the
    /// semester's grades, as <c>semester score</c> does; returns the folder, or null when the sheet has no run whose
    /// folder is still that run; with <paramref name="students"/>, only those students' own files (and all of the run's).
    /// Throws <see cref="CourseFileException"/> when the folder cannot be read.
    /// </summary>
    public string? WriteFeedback(string sheet, IReadOnlyCollection<string>? students = null)
    {
        // One writer at a time, in the order the grades were read; the grades read on a read connection (the scores
        // committed before are there), never under the desk's lock: the grading pages go on meanwhile; the run's records
        // are read from its folder, and the files written, with no connection held.
        lock (_writeLock)
        {
            // The writer's own read connection: the students' pages never wait for a write's reading of the whole course.
            var reads = _writerReads ??= _desk.OpenReader();
            var (latest, folder) = reads.Runs.LatestRun(sheet) is { } run ? (run, reads.Runs.RunFolder(run)) : (-1, null);

            if (folder is null || !Directory.Exists(folder))
            {
                return null;
            }

            // A run's folder is read once (its 500 records), then again only when its run.json changes (a run graded into it).
            var runFile = new FileInfo(Path.Combine(folder, RunFile.FileName));
            var recorded = _recorded.TryGetValue(sheet, out var had) && had.Run == latest && runFile.Exists
                && had.Written == runFile.LastWriteTimeUtc && had.Length == runFile.Length && had.Recorded.Folder == Path.GetFullPath(folder)
                ? had.Recorded
                : RecordedRun.Load(folder, _desk.Catalog);
            _recorded[sheet] = (latest, runFile.Exists ? runFile.LastWriteTimeUtc : default, runFile.Exists ? runFile.Length : -1, recorded);
            var write = reads.Runs.LatestRun(sheet) != latest || !reads.Runs.IsRun(latest, recorded) ? null : reads.Grades.PrepareRender(_desk.Course, _desk.Catalog, recorded, students, DeskTiming.Phases(_desk.Timing)).Write;
            if (write is null)
            {
                return null;
            }

            write();
            return folder;
        }
    }

    /// <summary>The cache of the sheets' grades the writes build (<see cref="ReportCache"/>): what the tests read to see a write built one grade.</summary>
    internal ReportCache ReportCacheForTests => _desk.Gradebook.Reports!;

    /// <summary>
    /// Writes the sheet's run files again (<see cref="WriteFeedback"/>) after a score, so the LMS export and every
    /// feedback are current; returns null when they are (or the sheet has no run folder to write), else why not. With
    /// <paramref name="students"/> (the ones a score reached), only their own files are written again, and all of the run's.
    /// </summary>
    public string? Refresh(string sheet, IReadOnlyCollection<string>? students = null)
    {
        try
        {
            WriteFeedback(sheet, students);
            return null;
        }
        catch (Exception e) when (e is CourseFileException or IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    /// <summary>Closes the writer's read connection.</summary>
    internal void Dispose() => _writerReads?.Dispose();
}
