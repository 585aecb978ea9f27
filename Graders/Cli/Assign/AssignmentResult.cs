namespace Grader.Cli.Assign;

/// <summary>What <c>grader assign</c> wrote.</summary>
/// <param name="Folder">The student repository's root (full path).</param>
/// <param name="Files">Every file written, relative to <paramref name="Folder"/> with '/' separators, in ordinal order.</param>
/// <param name="Points">The visible and hidden points the student repository's README and workflow announce.</param>
public sealed record AssignmentResult(string Folder, IReadOnlyList<string> Files, AssignmentPoints Points);
