namespace Grader.Checks.Courses;

/// <summary>One problem of a course file, located by Tomlyn's spans: the file, its 1-based line and column, and what is wrong.</summary>
/// <param name="File">The file as it was named to the reader.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Kind">What the problem is about.</param>
/// <param name="Message">One sentence saying what is wrong and what fixes it.</param>
public sealed record CourseProblem(string File, int Line, int Column, CourseProblemKind Kind, string Message)
{
    /// <summary>"file:line:column: message", the form editors and compilers use.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
