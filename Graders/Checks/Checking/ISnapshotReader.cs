namespace Grader.Checks.Checking;

/// <summary>
/// A check that reads approved snapshots: which files, relative to the snapshot root. <c>grader assign</c> ships
/// exactly the files of the assignment's visible checks, so a student repository holds no snapshot it does not use.
/// </summary>
public interface ISnapshotReader
{
    /// <summary>The snapshot files the check reads, e.g. "diffusion/reverse-step.approved.json".</summary>
    IReadOnlyList<string> Snapshots { get; }
}
