namespace Grader.Grading;

/// <summary>What a grading run tells its watcher as it goes. Implementations must be thread-safe (hand-ins finish on worker threads).</summary>
public interface IGradingProgress
{
    /// <summary>The run found its hand-ins: <paramref name="toGrade"/> will be graded, <paramref name="reused"/> have an up-to-date stored result.</summary>
    void Planned(int toGrade, int reused, int refused);

    /// <summary>A hand-in's first worker started.</summary>
    void Started(string student);

    /// <summary>A hand-in is graded and its files are written; <paramref name="keptEarlier"/> when a failed run left an earlier good result in place.</summary>
    void Finished(HandinReport outcome, bool keptEarlier);
}
