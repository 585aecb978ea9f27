namespace Grader.Grading.Discovery;

/// <summary>
/// A student repository as <c>grader assign</c> writes it (<c>StudentRepository</c>), as a tutor gets it back
/// (GitHub Classroom, a <c>git clone</c> loop, an LMS export; with or without <c>.git</c>, <c>bin/</c>, <c>obj/</c>):
/// a folder holding the <see cref="AssignmentFile"/> beside the <see cref="HandinFolder"/> folder. Only
/// its hand-in folder is graded; the student is the repository's folder name.
/// </summary>
public static class StudentRepositoryFolder
{
    /// <summary>The student's hand-in folder in the student repository (the self-check's default hand-in; <c>AssignmentLayout.HandinFolder</c>).</summary>
    public const string HandinFolder = "Handin";

    /// <summary>The hand-in folder's project file (<c>AssignmentLayout.HandinProject</c>).</summary>
    public const string HandinProjectFile = "Handin.csproj";

    /// <summary>True when <paramref name="folder"/> is a student repository.</summary>
    public static bool Is(string folder) =>
        File.Exists(Path.Combine(folder, AssignmentFile.FileName)) && Directory.Exists(Path.Combine(folder, HandinFolder));

    /// <summary>The files other than code that <c>grader assign</c> writes into the hand-in folder (its README and its project, <see cref="HandinProjectFile"/>); discovery leaves them out without a note.</summary>
    public static IReadOnlyCollection<string> HandinFiles { get; } = ["README.md", HandinProjectFile];

    /// <summary>The hand-in folder of the repository <paramref name="folder"/>.</summary>
    public static string Handin(string folder) => Path.Combine(folder, HandinFolder);

    /// <summary>The assignment files of the student repositories directly in <paramref name="cohort"/> (hidden folders left out), in ordinal order; none when it is not a folder.</summary>
    public static IReadOnlyList<string> AssignmentFiles(string cohort)
    {
        if (!Directory.Exists(cohort))
        {
            return [];
        }

        try
        {
            return Directory.EnumerateDirectories(cohort)
                .Where(d => !RawHandin.IsHidden(Path.GetFileName(d)) && Is(d))
                .Select(d => Path.Combine(d, AssignmentFile.FileName))
                .Order(StringComparer.Ordinal)
                .ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return []; // discovery says, in its words, that the folder can't be read
        }
    }
}
