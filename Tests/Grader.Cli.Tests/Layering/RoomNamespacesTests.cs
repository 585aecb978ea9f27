using System.Text.RegularExpressions;

namespace Grader.Cli.Tests.Layering;

/// <summary>
/// Each room's code lives in its project's namespace (issue 69): a file of Graders/Runner declares Grader.Runner or a
/// namespace below it, and so on, so a type's name says which project holds it and <c>Grader.Cli</c> is the verbs only.
/// Read from the source files' <c>namespace</c> lines, as the project graph is read from the project files.
/// </summary>
public sealed class RoomNamespacesTests
{
    private static readonly (string Folder, string Namespace)[] Rooms =
        [("Runner", "Grader.Runner"), ("Grading", "Grader.Grading"), ("Semester", "Grader.Semester"), ("Web", "Grader.Web"), ("Cli", "Grader.Cli")];

    [Test]
    public void Every_file_of_a_room_declares_a_namespace_of_its_project()
    {
        var strays = Rooms.SelectMany(room => Strays(Path.Combine(RepositoryRoot.Path, "Graders", room.Folder), room.Namespace)).ToList();

        strays.Should().BeEmpty("a room's types are named after the project that holds them");
    }

    [Test]
    public void A_file_in_another_rooms_namespace_is_named()
    {
        var folder = Directory.CreateTempSubdirectory("room-namespaces-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "Fine.cs"), "namespace Grader.Web.Students;\npublic sealed class Fine { }\n");
            File.WriteAllText(Path.Combine(folder.FullName, "Stray.cs"), "namespace Grader.Cli.Serve;\npublic sealed class Stray { }\n");

            Strays(folder.FullName, "Grader.Web").Should().Equal("Stray.cs: namespace Grader.Cli.Serve, not Grader.Web");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static IEnumerable<string> Strays(string folder, string expected) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (File: f, Match: Regex.Match(File.ReadAllText(f), @"^namespace\s+([\w.]+)\s*[;{]", RegexOptions.Multiline)))
            .Where(x => x.Match.Success && x.Match.Groups[1].Value != expected && !x.Match.Groups[1].Value.StartsWith(expected + ".", StringComparison.Ordinal))
            .Select(x => $"{Path.GetRelativePath(folder, x.File)}: namespace {x.Match.Groups[1].Value}, not {expected}")
            .OrderBy(s => s, StringComparer.Ordinal);
}
