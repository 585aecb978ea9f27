using Grader.Checks.Catalog;

namespace Grader.Checks.Courses;

/// <summary>
/// A course file as read (<see cref="CourseToml.Read"/>): the course, its sheets with their tasks and manual items (the
/// checks are joined later from the exercise packs, <see cref="CourseCatalog"/>), the deadlines, and every problem found
/// (the tutor's <c>[semester]</c> is read on the tutor's side, <see cref="ICourseSemesterReader"/>, its problems among these). A document with problems is never used to grade: every verb refuses it with the problems' lines.
/// </summary>
/// <param name="File">The file as named to the reader.</param>
/// <param name="Course">The course; null when its identity could not be read.</param>
/// <param name="Sheets">The sheets, in file order.</param>
/// <param name="Tasks">Every sheet's tasks, in file order; no checks yet.</param>
/// <param name="Deadlines">The sheets' deadlines, by sheet id (sheets without one are absent).</param>
/// <param name="Problems">Every problem found, in file order.</param>
public record CourseDocument(
    string File,
    Course? Course,
    IReadOnlyList<Sheet> Sheets,
    IReadOnlyList<TaskSpec> Tasks,
    IReadOnlyDictionary<string, DateTimeOffset> Deadlines,
    IReadOnlyList<CourseProblem> Problems)
{
    /// <summary>What may be intended but is worth a look (a tutorial no tutor covers); never a reason to refuse the course.</summary>
    public IReadOnlyList<CourseProblem> Warnings { get; init; } = [];

    /// <summary>The sheets' regrade deadlines (<c>regrade</c>, after the sheet's deadline), by sheet id; sheets without one are absent.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> RegradeDeadlines { get; init; } = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);

    /// <summary>True when nothing is wrong.</summary>
    public bool IsValid => Problems.Count == 0;

    /// <summary>Every problem, one "file:line:column: message" per line.</summary>
    public string ProblemText => string.Join('\n', Problems);
}
