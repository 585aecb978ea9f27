using System.Text.Json.Serialization;

namespace Grader.Grading.Discovery;

/// <summary>An input that could not be graded as given (a file that is not C#, a corrupt zip, two hand-ins for one student, …).</summary>
/// <param name="Path">The file or folder, as found (a student repository's folder, not its <c>Handin/</c>).</param>
/// <param name="Student">The student it belongs to, when that is known.</param>
/// <param name="Message">One sentence a tutor can act on.</param>
/// <param name="Skipped">True when the whole hand-in was skipped; false when only a part of it was left out (and the rest graded).</param>
public sealed record InputProblem(string Path, string? Student, string Message, bool Skipped)
{
    // What a student named is shown escaped wherever a problem is written (Discovery.StudentName.Escape): a path or a
    // message never carries a control, format (U+202E, U+200B, …) or line-separator character raw (issue 44).
    public string Path { get; init; } = Discovery.StudentName.Escape(Path, keepPathSeparators: true);

    public string? Student { get; init; } = Student is null ? null : Discovery.StudentName.Escape(Student);

    public string Message { get; init; } = Discovery.StudentName.Escape(Message, keepPathSeparators: true);

    /// <summary>
    /// True for an entry of the folder of hand-ins that cannot be a hand-in (a stray file such as <c>notes.txt</c>, a
    /// folder without a C# file): it is listed as ignored, and has no gradebook row (it is not <see cref="Skipped"/>).
    /// </summary>
    public bool Ignored { get; init; }

    /// <summary>
    /// The name a refused input's gradebook row carries: the student when known, else the folder's or file's name as the
    /// tutor was handed it (a zip's without <c>.zip</c>), which may be unsafe (reporters neutralise it).
    /// </summary>
    [JsonIgnore]
    public string Handin => Student ?? NameOf(Path);

    private static string NameOf(string path)
    {
        var name = System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(path));
        return name.Length > ".zip".Length && name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? name[..^".zip".Length] : name;
    }
}
