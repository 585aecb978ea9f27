namespace Grader.Cli.Assign;

/// <summary>A project of the grader repository that the student repository holds, as source at the same relative path or as the tool's compiled assembly (<see cref="AssignmentLayout.Prebuilt"/>).</summary>
/// <param name="Folder">The project's folder, relative to the repository root, with '/' separators.</param>
/// <param name="ProjectFile">The project file's name inside <paramref name="Folder"/>.</param>
public sealed record CopiedProject(string Folder, string ProjectFile)
{
    /// <summary>The project's name (its file name without the extension).</summary>
    public string Name => Path.GetFileNameWithoutExtension(ProjectFile);

    /// <summary>The project file's path relative to the repository root, with '/' separators.</summary>
    public string RelativePath => $"{Folder}/{ProjectFile}";
}
