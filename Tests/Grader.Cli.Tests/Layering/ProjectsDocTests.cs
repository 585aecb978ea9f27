using System.Text.RegularExpressions;

namespace Grader.Cli.Tests.Layering;

/// <summary>
/// The dependency table of <c>docs/projects.md</c> cannot drift (issue 83, item 5): its "referenced by" column is the
/// projects whose files reference the row's packages (<c>PackageReference</c>, or <c>FrameworkReference</c> for a shared
/// framework), read from every <c>.csproj</c> as the project graph is; every package a project references has a row.
/// The "what it does here" column is the only one written by hand. Write the column again with
/// <c>GRADER_WRITE_PROJECTS_DOC=1 dotnet test Tests/Grader.Cli.Tests --filter "FullyQualifiedName~ProjectsDocTests"</c>.
/// </summary>
public sealed partial class ProjectsDocTests
{
    private static string DocPath => Path.Combine(RepositoryRoot.Path, "docs", "projects.md");

    private const string Regenerate = "GRADER_WRITE_PROJECTS_DOC=1 dotnet test Tests/Grader.Cli.Tests --filter \"FullyQualifiedName~ProjectsDocTests\"";

    [Test]
    public void The_dependency_tables_referenced_by_column_is_the_project_files()
    {
        var text = File.ReadAllText(DocPath);
        var written = Rewrite(text, References(RepositoryRoot.Path), out var missing);
        if (Environment.GetEnvironmentVariable("GRADER_WRITE_PROJECTS_DOC") == "1" && written != text)
        {
            File.WriteAllText(DocPath, written);
        }

        missing.Should().BeEmpty($"every package a project references has a row in docs/projects.md's dependency table (write the row's 'what it does here' by hand)");
        written.Should().Be(text, $"docs/projects.md's 'referenced by' column is read from the project files; write it again with: {Regenerate}");
    }

    [Test]
    public void A_row_that_names_the_wrong_projects_is_rewritten_and_a_package_without_a_row_is_named()
    {
        var references = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal)
        {
            ["Tomlyn"] = new(StringComparer.Ordinal) { "Grader.Checks" },
            ["Markdig"] = new(StringComparer.Ordinal) { "Grader.Grading" },
        };
        const string Doc = """
            | library | what it does here | referenced by |
            |---|---|---|
            | Tomlyn | course files | grader |
            """;

        var written = Rewrite(Doc, references, out var missing);

        written.Should().Contain("| Tomlyn | course files | Grader.Checks |");
        missing.Should().Equal("Markdig");
    }

    /// <summary>Every package (and shared framework) each project of the repository references, by the projects' assembly names.</summary>
    internal static Dictionary<string, SortedSet<string>> References(string root)
    {
        var references = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var projects = Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !Path.GetRelativePath(root, p).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "fixtures"));
        foreach (var project in projects)
        {
            var text = File.ReadAllText(project);
            var name = AssemblyName().Match(text) is { Success: true } m ? m.Groups[1].Value : Path.GetFileNameWithoutExtension(project);
            foreach (Match reference in Reference().Matches(text))
            {
                var package = reference.Groups[1].Value;
                if (!references.TryGetValue(package, out var by)) references[package] = by = new SortedSet<string>(StringComparer.Ordinal);
                by.Add(name);
            }
        }

        return references;
    }

    /// <summary>
    /// <paramref name="doc"/> with each dependency row's last cell written from <paramref name="references"/> (a row of
    /// several packages, "A, B, C", lists the union of theirs); <paramref name="missing"/>: the packages no row names.
    /// </summary>
    private static string Rewrite(string doc, IReadOnlyDictionary<string, SortedSet<string>> references, out List<string> missing)
    {
        var named = new HashSet<string>(StringComparer.Ordinal);
        var lines = doc.Split('\n');
        var inTable = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("| library |", StringComparison.Ordinal)) { inTable = true; continue; }
            if (!inTable) continue;
            if (!line.StartsWith('|')) { inTable = false; continue; }
            var cells = line.Trim().Trim('|').Split('|');
            if (cells.Length != 3 || cells[0].Trim().StartsWith("---", StringComparison.Ordinal)) continue;
            var packages = references.Keys.Where(p => Names(cells[0]).Contains(p)).ToList();
            named.UnionWith(packages);
            if (packages.Count == 0) continue;
            var by = packages.SelectMany(p => references[p]).ToHashSet(StringComparer.Ordinal);
            lines[i] = $"|{cells[0]}|{cells[1]}| {Shown(by)} |";
        }

        missing = references.Keys.Where(p => !named.Contains(p)).Order(StringComparer.Ordinal).ToList();
        return string.Join('\n', lines);
    }

    /// <summary>The package names a library cell holds: "NUnit, NUnit3TestAdapter", "Microsoft.AspNetCore.App (the SDK's shared framework, no package)".</summary>
    private static HashSet<string> Names(string cell) =>
        PackageName().Matches(cell).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    private static string Shown(IReadOnlyCollection<string> projects) => string.Join(", ", projects.Order(StringComparer.Ordinal));

    [GeneratedRegex(@"<AssemblyName>([^<]+)</AssemblyName>")]
    private static partial Regex AssemblyName();

    [GeneratedRegex(@"<(?:PackageReference|FrameworkReference)\s+Include=""([^""]+)""")]
    private static partial Regex Reference();

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*")]
    private static partial Regex PackageName();
}
