namespace Grader.Cli.Grading;

/// <summary>An input that could not be graded as given (a file that is not C#, a corrupt zip, two hand-ins for one student, …).</summary>
/// <param name="Path">The file or folder, as found.</param>
/// <param name="Student">The student it belongs to, when that is known.</param>
/// <param name="Message">One sentence a tutor can act on.</param>
/// <param name="Skipped">True when the whole hand-in was skipped; false when only a part of it was left out (and the rest graded).</param>
public sealed record InputProblem(string Path, string? Student, string Message, bool Skipped);
