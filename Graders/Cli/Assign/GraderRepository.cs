namespace Grader.Cli.Assign;

/// <summary>Finds the grader repository <c>grader assign</c> copies from: the folder holding <c>Grader.sln</c>.</summary>
public static class GraderRepository
{
    /// <summary>The solution file that marks a grader repository's root.</summary>
    public const string SolutionFile = "Grader.sln";

    /// <summary>
    /// The root to copy from: <paramref name="from"/> when given (it must hold <c>Grader.sln</c>), else the first folder
    /// holding <c>Grader.sln</c> at or above the tool's base directory, else at or above <paramref name="currentDirectory"/>.
    /// </summary>
    /// <exception cref="AssignException">The given folder is not a grader repository, or none was found.</exception>
    public static string Find(string? from, string baseDirectory, string currentDirectory)
    {
        if (!string.IsNullOrWhiteSpace(from))
        {
            var given = Path.GetFullPath(from, currentDirectory);
            if (!Directory.Exists(given))
            {
                throw new AssignException($"The grader repository '{given}' (from --from) does not exist.");
            }

            if (!File.Exists(Path.Combine(given, SolutionFile)))
            {
                throw new AssignException($"'{given}' (from --from) is not a grader repository: it holds no {SolutionFile}.");
            }

            return given;
        }

        foreach (var start in new[] { baseDirectory, currentDirectory })
        {
            if (FindAbove(start) is { } root)
            {
                return root;
            }
        }

        throw new AssignException(
            $"No grader repository found: no {SolutionFile} above the tool's folder '{baseDirectory}' or the current folder '{currentDirectory}', and the tool carries no {ToolContent.Folder}/ folder (a tool installed from its package does). Pass --from <the grader repository's root>.");
    }

    private static string? FindAbove(string start)
    {
        for (var folder = new DirectoryInfo(Path.GetFullPath(start)); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, SolutionFile)))
            {
                return folder.FullName;
            }
        }

        return null;
    }
}
