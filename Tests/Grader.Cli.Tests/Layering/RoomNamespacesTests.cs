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

    /// <summary>
    /// The tests mirror the rooms (issue 83, item 2): every file of a test project <c>Tests/Grader.X.Tests</c> declares
    /// <c>Grader.X.Tests</c> or a namespace below it (Grading's, Semester's and Web's tests were Grader.Cli.Tests.*), but
    /// the hand-in code some tests compile, which declares the contracts' or a submission's namespace as a hand-in does.
    /// </summary>
    [Test]
    public void Every_file_of_a_test_project_declares_a_namespace_of_its_project()
    {
        var projects = Directory.EnumerateDirectories(Path.Combine(RepositoryRoot.Path, "Tests"), "Grader.*")
            .Select(Path.GetFileName).OfType<string>().Where(p => p.EndsWith(".Tests", StringComparison.Ordinal)).ToArray();
        projects.Should().Contain(["Grader.Grading.Tests", "Grader.Semester.Tests", "Grader.Web.Tests", "Grader.Runner.Tests"], "the search finds the rooms' test projects");

        var strays = projects.SelectMany(p => Strays(Path.Combine(RepositoryRoot.Path, "Tests", p), p))
            .Where(s => !s.Contains("namespace Grader.Contracts.", StringComparison.Ordinal) && !s.Contains("namespace Submission,", StringComparison.Ordinal))
            .ToList();

        strays.Should().BeEmpty("a test's namespace names the project that holds it");
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
