namespace Grader.Cli.Tests.Layering;

/// <summary>
/// No god objects in the course's store and the tutors' web app (issue 80): no source file of Graders/Semester or
/// Graders/Web is longer than <see cref="MaxLines"/> lines; a file that grows past it is named, so its concern is split
/// out before it holds the course's state alone.
/// </summary>
public sealed class FileSizeTests
{
    /// <summary>The longest a source file of the two folders may be, in lines.</summary>
    public const int MaxLines = 400;

    private static readonly string[] Folders = ["Semester", "Web"];

    [Test]
    public void No_file_of_the_store_or_the_web_app_is_over_the_limit()
    {
        var over = Folders.SelectMany(room => Long(Path.Combine(RepositoryRoot.Path, "Graders", room))).ToList();

        over.Should().BeEmpty($"a file over {MaxLines} lines holds more than one concern: split it");
    }

    [Test]
    public void A_file_over_the_limit_is_named()
    {
        var folder = Directory.CreateTempSubdirectory("file-size-");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, "Deep"));
            File.WriteAllText(Path.Combine(folder.FullName, "Fine.cs"), string.Concat(Enumerable.Repeat("// line\n", MaxLines)));
            File.WriteAllText(Path.Combine(folder.FullName, "Deep", "Huge.cs"), string.Concat(Enumerable.Repeat("// line\n", MaxLines + 1)));

            Long(folder.FullName).Should().Equal($"{Path.Combine("Deep", "Huge.cs")}: {MaxLines + 1} lines");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static IEnumerable<string> Long(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (File: f, Lines: File.ReadLines(f).Count()))
            .Where(x => x.Lines > MaxLines)
            .Select(x => $"{Path.GetRelativePath(folder, x.File)}: {x.Lines} lines")
            .OrderBy(s => s, StringComparer.Ordinal);
}
