namespace Grader.Checks.Courses;

/// <summary>A value read from a tutor's file with where it was written, and where each of its parts (a group's members) was.</summary>
/// <param name="Value">The value.</param>
/// <param name="File">The file, as named to the reader.</param>
/// <param name="Line">1-based line of the value.</param>
/// <param name="Column">1-based column of the value.</param>
/// <param name="Parts">The 1-based line and column of each part, in order; a part not listed is placed at the value.</param>
public sealed record Located<T>(T Value, string File, int Line, int Column, IReadOnlyList<(int Line, int Column)> Parts)
{
    /// <summary>A problem at the value.</summary>
    public CourseProblem Problem(CourseProblemKind kind, string message) => new(File, Line, Column, kind, message);

    /// <summary>Where part <paramref name="index"/> was written.</summary>
    public Located<T> Part(int index) =>
        index < Parts.Count ? this with { Line = Parts[index].Line, Column = Parts[index].Column } : this;
}
