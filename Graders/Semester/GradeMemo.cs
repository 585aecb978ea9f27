using System.Collections.Concurrent;

namespace Grader.Semester;

/// <summary>
/// The hand-in grades the one derivation (<see cref="CourseGrades.Of"/>) built, each kept with every input it was built
/// from (issue 80: the grading page derives every hand-in of the sheet on each open, and building a grade is most of
/// that cost). A grade is a pure function of the hand-in's stored record, the run's configuration, the late policy's
/// outcome and the hand-in's manual scores (<see cref="HandinRecord.ToReport"/> reads nothing else), so a kept grade is
/// handed out only when the inputs read in <em>this</em> snapshot are those it was built from, compared by value (the
/// record and the assignment's sheet and tasks, which <see cref="RecordCache"/> and the catalog keep as one object each, by reference):
/// it is no second state and no version to miss a write by — a score committed by any connection or process since is in
/// the snapshot, differs from the kept inputs, and the grade is built again. One grade is kept per run, hand-in and
/// student (the latest built), so it holds no more than the runs' records do.
/// </summary>
public sealed class GradeMemo
{
    private readonly ConcurrentDictionary<(long Run, string Handin, string Student), Built> _built = new();

    /// <summary>How many grades were built (not handed out from the memo): what a test of the memo counts.</summary>
    public long Builds => Interlocked.Read(ref _builds);

    private long _builds;

    /// <summary>
    /// <paramref name="record"/>'s grade for <paramref name="student"/> under <paramref name="config"/>, the late
    /// <paramref name="outcome"/> and the hand-in's <paramref name="scores"/> (<see cref="ManualGrades.For"/>): the kept one
    /// when every one of those equals what it was built from, else built by <paramref name="build"/> and kept.
    /// </summary>
    internal HandinReport Get(long run, string student, HandinRecord record, GradingConfig config, LateOutcome outcome, IReadOnlyList<ManualScore> scores, Func<HandinReport> build)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(build);
        var key = (run, record.Student, student);
        if (_built.TryGetValue(key, out var kept) && kept.Matches(record, config, outcome, scores))
        {
            return kept.Report;
        }

        Interlocked.Increment(ref _builds);
        var report = build();
        _built[key] = new Built(record, config, outcome, scores.ToArray(), report);
        return report;
    }

    /// <summary>One grade and what it was built from.</summary>
    private sealed record Built(HandinRecord Record, GradingConfig Config, LateOutcome Outcome, ManualScore[] Scores, HandinReport Report)
    {
        /// <summary>
        /// Whether the inputs are those the grade was built from: the same record, sheet and task objects (never changed once
        /// read; a run's assignment is built anew on each read, from the catalog's one sheet and tasks), the configuration's values <see cref="HandinRecord.ToReport"/> reads, the late outcome and the scores by value.
        /// </summary>
        public bool Matches(HandinRecord record, GradingConfig config, LateOutcome outcome, IReadOnlyList<ManualScore> scores) =>
            ReferenceEquals(Record, record)
            && ReferenceEquals(Config.Assignment.Sheet, config.Assignment.Sheet) && Config.Assignment.Tasks.SequenceEqual(config.Assignment.Tasks, ReferenceEqualityComparer.Instance)
            && Config.Seed == config.Seed && Config.VisibleOnly == config.VisibleOnly
            && Config.LeftOut.SetEquals(config.LeftOut)
            && Outcome == outcome && Exact(Outcome.Submitted, outcome.Submitted) && Outcome.Due.EqualsExact(outcome.Due) && Exact(Outcome.Claimed, outcome.Claimed)
            && Scores.Length == scores.Count && Scores.Select((s, i) => Same(s, scores[i])).All(same => same);

        // A time's offset and a score's sign of zero are printed: equal instants or numbers are not enough.
        private static bool Exact(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b is null : b is not null && a.Value.EqualsExact(b.Value);

        private static bool Same(ManualScore a, ManualScore b) => a == b && BitConverter.DoubleToInt64Bits(a.Points) == BitConverter.DoubleToInt64Bits(b.Points);
    }
}
