using System.Collections.Concurrent;

namespace Grader.Semester;

/// <summary>
/// The hand-in records of the recorded runs, parsed once (<see cref="SemesterGradebook.Records"/>): a run's rows are
/// never changed once recorded (a new grading is a new run), so a record read is the same record until the process ends.
/// <c>grader serve</c> shares one between its connections: a student's page and every write of a run's files read the
/// same 500 records without parsing them again.
/// </summary>
public sealed class RecordCache
{
    private readonly ConcurrentDictionary<(long Run, string Student), HandinRecord> _records = new();

    /// <summary>The record of <paramref name="student"/> in run <paramref name="run"/>, parsed by <paramref name="parse"/> the first time.</summary>
    public HandinRecord Get(long run, string student, Func<HandinRecord> parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return _records.TryGetValue((run, student), out var known) ? known : _records.GetOrAdd((run, student), parse());
    }
}
