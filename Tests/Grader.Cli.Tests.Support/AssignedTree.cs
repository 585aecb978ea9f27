using Grader.Cli.Assign;

namespace Grader.Cli.Tests.Support;

/// <summary>A student repository of one assignment (default: sheet 000) written by <see cref="StudentRepository"/> into a fresh temporary folder (deleted on dispose), with helpers to read it.</summary>
internal sealed class AssignedTree : IDisposable
{
    private readonly Scratch _scratch = new();

    public AssignedTree(string sheet = "000")
    {
        Folder = Path.Combine(_scratch.Root, "student-repo");
        Assignment = CourseCatalog.Default.FindAssignment(sheet)!;
        Result = StudentRepository.Write(RepositoryRoot.Path, Folder, Assignment, CourseCatalog.Default);
    }

    public Assignment Assignment { get; }

    public string Folder { get; }

    public AssignmentResult Result { get; }

    /// <summary>Every file of the tree, relative with '/' separators, in ordinal order.</summary>
    public IReadOnlyList<string> Files() =>
        Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    public string Read(string relative) => File.ReadAllText(Path.Combine(Folder, relative));

    public void Dispose() => _scratch.Dispose();
}
