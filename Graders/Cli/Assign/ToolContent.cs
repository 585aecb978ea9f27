namespace Grader.Cli.Assign;

/// <summary>
/// What <c>grader assign</c> copies from when no checkout is at hand: the tool package carries, in <c>assign/</c> beside
/// the program, the files a student repository is made of, at their paths in the grader repository (the projects of
/// <see cref="AssignmentLayout.Projects"/>, the sources of <see cref="AssignmentLayout.ReadOnlySources"/>, the project
/// files of <see cref="AssignmentLayout.Prebuilt"/>, every pack's template, the approved snapshots, the root build files;
/// <c>Graders/Cli/Grader.Cli.csproj</c> packs them). Nothing of the reference, the hidden checks, the rubrics or the
/// examples is in it (<c>Tests/Grader.Tool.Tests/Package</c> lists the package to hold it so). The assemblies a student
/// repository builds against are the program's own, beside it (<see cref="ToolAssemblies"/>).
/// </summary>
public static class ToolContent
{
    /// <summary>The folder beside the installed program that holds the content.</summary>
    public const string Folder = "assign";

    /// <summary>The file whose presence marks the content's root (the build settings every copied project needs).</summary>
    public const string Marker = "Directory.Build.props";

    /// <summary>The content beside the program in <paramref name="baseDirectory"/>, or null (a build of a checkout has none).</summary>
    public static string? Find(string baseDirectory)
    {
        var folder = Path.Combine(baseDirectory, Folder);
        return File.Exists(Path.Combine(folder, Marker)) ? Path.GetFullPath(folder) : null;
    }

    /// <summary>
    /// The root <c>grader assign</c> copies from: <paramref name="from"/> when given (a grader repository), else the
    /// installed tool's own content, else a grader repository at or above the tool's folder or the current folder
    /// (<see cref="GraderRepository.Find"/>). The tool's content comes before a checkout on the current path, as it
    /// matches the catalog compiled into this tool.
    /// </summary>
    /// <exception cref="AssignException">The given folder is not a grader repository, or there is neither content nor a repository.</exception>
    public static string SourceOf(string? from, string baseDirectory, string currentDirectory)
    {
        if (string.IsNullOrWhiteSpace(from) && Find(baseDirectory) is { } content)
        {
            return content;
        }

        return GraderRepository.Find(from, baseDirectory, currentDirectory);
    }
}
