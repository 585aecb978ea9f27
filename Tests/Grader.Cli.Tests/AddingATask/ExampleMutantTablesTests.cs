using System.Text;
using System.Text.Json;

namespace Grader.Cli.Tests.AddingATask;

/// <summary>
/// The mutant tables of the example families' READMEs (<c>Submissions/Examples/&lt;Family&gt;/README.md</c>) cannot drift
/// (issue 83, item 4: a new task's mutant adds no row by hand): the rows between the markers are the family's
/// <c>Mutants/*/mutant.json</c> (slug, task, contract, the changed files, the bug), in the slugs' order. Diffusion's
/// README keeps no table (it prints one with a one-liner). Write the tables again with
/// <c>GRADER_WRITE_EXAMPLE_TABLES=1 dotnet test Tests/Grader.Cli.Tests --filter "FullyQualifiedName~ExampleMutantTablesTests"</c>.
/// </summary>
public sealed class ExampleMutantTablesTests
{
    private const string Begin = "<!-- mutants:begin (made from Mutants/*/mutant.json: Tests/Grader.Cli.Tests/AddingATask/ExampleMutantTablesTests.cs) -->";
    private const string End = "<!-- mutants:end -->";
    private const string Regenerate = "GRADER_WRITE_EXAMPLE_TABLES=1 dotnet test Tests/Grader.Cli.Tests --filter \"FullyQualifiedName~ExampleMutantTablesTests\"";

    [Test]
    public void Each_familys_mutant_table_is_its_mutant_files()
    {
        var examples = Path.Combine(RepositoryRoot.Path, "Submissions", "Examples");
        var tabled = Directory.EnumerateDirectories(examples).Order(StringComparer.Ordinal)
            .Where(f => File.Exists(Path.Combine(f, "README.md")) && File.ReadAllText(Path.Combine(f, "README.md")).Contains(Begin, StringComparison.Ordinal))
            .ToList();
        tabled.Select(Path.GetFileName).Should().Contain(["Attention", "Gan", "OdeSde", "Quickies", "Vae"], "the families whose READMEs list their mutants keep the markers");

        var stale = new List<string>();
        foreach (var family in tabled)
        {
            var readme = Path.Combine(family, "README.md");
            var text = File.ReadAllText(readme);
            var written = Rewrite(text, Rows(Path.Combine(family, "Mutants")));
            if (written == text)
            {
                continue;
            }

            stale.Add(Path.GetRelativePath(RepositoryRoot.Path, readme));
            if (Environment.GetEnvironmentVariable("GRADER_WRITE_EXAMPLE_TABLES") == "1")
            {
                File.WriteAllText(readme, written);
            }
        }

        stale.Should().BeEmpty($"a family's mutant table is read from its mutant.json files; write it again with: {Regenerate}");
    }

    [Test]
    public void A_row_that_drifted_from_its_mutant_file_is_written_again()
    {
        using var scratch = new Scratch();
        var mutants = Directory.CreateDirectory(Path.Combine(scratch.Root, "Mutants")).FullName;
        Mutant(mutants, "b-sign", """{"base": "Correct", "bug": "The sign | flipped.", "task": "900/1/a", "check": "x", "contract": "IA"}""", "A.cs");
        Mutant(mutants, "a-two-files", """{"base": "Correct", "bug": "Two files.", "task": ["900/1/a", "900/1/b"], "check": ["x", "y"]}""", "B.cs", "A.cs");
        var readme = $"""
            # Family

            {Begin}
            | slug | task | contract | file | bug |
            |---|---|---|---|---|
            | `b-sign` | `900/1/a` | `IA` | `A.cs` | The sign was flipped, once. |
            {End}

            After.
            """;

        var written = Rewrite(readme, Rows(mutants));

        written.Should().Be($"""
            # Family

            {Begin}
            | slug | task | contract | file | bug |
            |---|---|---|---|---|
            | `a-two-files` | `900/1/a`, `900/1/b` |  | `A.cs`, `B.cs` | Two files. |
            | `b-sign` | `900/1/a` | `IA` | `A.cs` | The sign \| flipped. |
            {End}

            After.
            """);
        Rewrite(written, Rows(mutants)).Should().Be(written, "the control: a table made from the files is kept as it is");
    }

    private static void Mutant(string mutants, string slug, string json, params string[] files)
    {
        var folder = Directory.CreateDirectory(Path.Combine(mutants, slug)).FullName;
        File.WriteAllText(Path.Combine(folder, "mutant.json"), json);
        foreach (var file in files)
        {
            File.WriteAllText(Path.Combine(folder, file), "// MUTANT\n");
        }
    }

    /// <summary>One table row per mutant folder under <paramref name="mutants"/>, in the slugs' order.</summary>
    private static List<string> Rows(string mutants) =>
        Directory.EnumerateDirectories(mutants).Order(StringComparer.Ordinal).Select(folder =>
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "mutant.json")));
            var mutant = json.RootElement;
            var task = mutant.GetProperty("task");
            var tasks = task.ValueKind == JsonValueKind.Array ? task.EnumerateArray().Select(t => t.GetString()!) : [task.GetString()!];
            var contract = mutant.TryGetProperty("contract", out var c) ? Code([c.GetString()!]) : "";
            var files = Directory.EnumerateFiles(folder).Select(Path.GetFileName).OfType<string>().Where(f => f != "mutant.json").Order(StringComparer.Ordinal);
            return $"| `{Path.GetFileName(folder)}` | {Code(tasks)} | {contract} | {Code(files)} | {Cell(mutant.GetProperty("bug").GetString()!)} |";
        }).ToList();

    private static string Code(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"`{v}`"));

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    /// <summary><paramref name="readme"/> with the table between its markers made of <paramref name="rows"/>.</summary>
    private static string Rewrite(string readme, IReadOnlyList<string> rows)
    {
        var begin = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            throw new InvalidOperationException($"no '{Begin}' … '{End}' in the README");
        }

        var table = new StringBuilder(Begin).Append('\n')
            .Append("| slug | task | contract | file | bug |\n")
            .Append("|---|---|---|---|---|\n");
        foreach (var row in rows)
        {
            table.Append(row).Append('\n');
        }

        return readme[..begin] + table + readme[end..];
    }
}
