using System.Security.Cryptography;

namespace Grader.Web;

/// <summary>
/// The names the grading pages show while the students' names are hidden (PrairieLearn's and Gradescope's anonymous
/// grading): each student of a sheet is "anon-" and 8 hex digits of SHA-256 over the sheet and the name, the same on
/// every page, reload and restart, different on another sheet. It hides names from a tutor's eyes (the bias the
/// surname's initial brings), not from a tutor who sets out to hash the roster; showing names is a logged action
/// (<see cref="DeskNaming.RevealNames"/>).
/// </summary>
public static class Pseudonyms
{
    /// <summary>The prefix every pseudonym starts with.</summary>
    public const string Prefix = "anon-";

    /// <summary><paramref name="student"/>'s pseudonym on <paramref name="sheet"/>: "anon-3fa2c91b".</summary>
    public static string Of(string sheet, string student)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        ArgumentNullException.ThrowIfNull(student);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"grader-pseudonym\0{sheet}\0{student}"));
        return Prefix + Convert.ToHexStringLower(hash, 0, 4);
    }

    /// <summary>
    /// The student of <paramref name="students"/> that <paramref name="shown"/> names on <paramref name="sheet"/> (a
    /// pseudonym or the name), or null: none, or more than one (a name chosen to equal another student's pseudonym).
    /// </summary>
    public static string? Resolve(string sheet, IReadOnlyList<string> students, string? shown)
    {
        ArgumentNullException.ThrowIfNull(students);
        if (string.IsNullOrEmpty(shown))
        {
            return null;
        }

        var matches = students.Where(s => s == shown || Of(sheet, s) == shown).Distinct(StringComparer.Ordinal).Take(2).ToArray();
        return matches.Length == 1 ? matches[0] : null;
    }
}
