using System.Collections.Concurrent;

namespace Grader.Semester;

/// <summary>
/// The hand-in records of the recorded runs, parsed once (<see cref="CourseGradebook.Records"/>): a run's rows are
/// never changed once recorded (a new grading is a new run), so a record read is the same record until the process ends.
/// <c>grader serve</c> shares one between its connections: a student's page and every write of a run's files read the
/// same 500 records without parsing them again.
/// </summary>
public sealed class RecordCache
{
    private readonly ConcurrentDictionary<(long Run, string Student), HandinRecord> _records = new();
    private readonly ConcurrentDictionary<(long Run, string Handins), IReadOnlyDictionary<string, HandinTimes>> _times = new();
    private readonly ConcurrentDictionary<(string Folder, DateTime Written, long Length), IReadOnlyDictionary<string, string>> _refused = new();

    /// <summary>The grades the derivation built from these records, each kept with what it was built from (<see cref="GradeMemo"/>).</summary>
    public GradeMemo Grades { get; } = new();

    /// <summary>The record of <paramref name="student"/> in run <paramref name="run"/>, parsed by <paramref name="parse"/> the first time.</summary>
    public HandinRecord Get(long run, string student, Func<HandinRecord> parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return _records.TryGetValue((run, student), out var known) ? known : _records.GetOrAdd((run, student), parse());
    }

    /// <summary>
    /// The times of the hand-ins <paramref name="handins"/> of run <paramref name="run"/>, read by <paramref name="read"/>
    /// the first time (a student's page asks for the same few hand-ins on every request). They never change: they are
    /// read from the run's own rows and those of the sheet's earlier runs, and no recorded row is changed or deleted.
    /// </summary>
    internal IReadOnlyDictionary<string, HandinTimes> Times(long run, IReadOnlySet<string> handins, Func<IReadOnlyDictionary<string, HandinTimes>> read)
    {
        ArgumentNullException.ThrowIfNull(handins);
        ArgumentNullException.ThrowIfNull(read);
        var key = (run, string.Join('\n', handins.Order(StringComparer.Ordinal)));
        return _times.TryGetValue(key, out var known) ? known : _times.GetOrAdd(key, read());
    }

    /// <summary>
    /// The reasons for the inputs the run in <paramref name="folder"/> refused (its <c>run.json</c>'s problems), read by
    /// <paramref name="read"/> once per version of that file (its time and length: a later run graded into the same
    /// folder writes a new one); read every time while the folder has none.
    /// </summary>
    internal IReadOnlyDictionary<string, string> Refused(string folder, Func<IReadOnlyDictionary<string, string>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var file = new FileInfo(Path.Combine(folder, RunFile.FileName));
        if (folder.Length == 0 || !file.Exists)
        {
            return read();
        }

        var key = (folder, file.LastWriteTimeUtc, file.Length);
        return _refused.TryGetValue(key, out var known) ? known : _refused.GetOrAdd(key, read());
    }
}
