namespace Grader.Cli.Progress;

/// <summary>
/// Passes a run's progress on to <paramref name="inner"/> and counts the hand-ins graded (kept from an earlier run or
/// finished in this one), so a run stopped part-way (Ctrl-C) can say in one line how far it got.
/// </summary>
public sealed class CountingProgress(IGradingProgress inner) : IGradingProgress
{
    /// <summary>The line of a run stopped before it had planned what to grade.</summary>
    public const string StoppedBeforeGrading = "Stopped before grading began; run the same command again to resume.";

    private int _total = -1;
    private int _graded;

    /// <summary>"Stopped: 12 of 58 graded; run the same command again to resume."</summary>
    public string StoppedLine => Volatile.Read(ref _total) is var total and >= 0
        ? $"Stopped: {Volatile.Read(ref _graded)} of {total} graded; run the same command again to resume."
        : StoppedBeforeGrading;

    public void Planned(int toGrade, int reused, int refused)
    {
        Volatile.Write(ref _graded, reused);
        Volatile.Write(ref _total, toGrade + reused);
        inner.Planned(toGrade, reused, refused);
    }

    public void Started(string student) => inner.Started(student);

    public void Finished(HandinReport outcome, bool keptEarlier)
    {
        Interlocked.Increment(ref _graded);
        inner.Finished(outcome, keptEarlier);
    }
}
