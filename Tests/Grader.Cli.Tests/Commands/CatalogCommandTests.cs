namespace Grader.Cli.Tests.Commands;

/// <summary>
/// <c>grader catalog</c>: the course catalog with its packs passes every validator rule, folders included; its JSON is
/// the committed <c>fixtures/catalog.json</c> the cohort generator reads (regenerate with
/// <c>dotnet run --project Graders/Cli -- catalog --json &gt; fixtures/catalog.json</c>).
/// </summary>
public class CatalogCommandTests
{
    [Test]
    public void The_course_catalog_and_its_packs_pass_every_rule()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = CatalogCommand.Run(json: false, check: true, from: RepositoryRoot.Path, output, error);

        code.Should().Be(ExitCodes.Done, output.ToString() + error);
        output.ToString().Should().StartWith("The catalog is valid: 5 sheets").And.Contain($"folders of {RepositoryRoot.Path}");
        TutorCatalog.Default.Packs.Should().NotBeEmpty();
    }

    [Test]
    public void A_broken_catalog_fails_with_one_line_per_problem()
    {
        var broken = new CourseCatalog(CourseCatalog.Default.Sheets, CourseCatalog.Default.Tasks.Select(t => t with { ChecksPending = false, Checks = [] }), []);
        var problems = CatalogValidator.Validate(broken);
        problems.Should().NotBeEmpty().And.OnlyContain(p => p.Kind == CatalogProblemKind.TaskWithoutBinding);
        problems.Select(p => p.Subject).Should().Contain("004/3.4/negative-elbo");
    }

    [Test]
    public void The_manual_s_catalog_tables_are_grader_catalog_s()
    {
        var output = new StringWriter();
        CatalogCommand.Run(json: false, check: false, from: null, output, TextWriter.Null).Should().Be(ExitCodes.Done);
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "catalog.md")).ReplaceLineEndings("\n");
        const string begin = "<!-- catalog:begin -->\n", end = "<!-- catalog:end -->";
        var start = readme.IndexOf(begin, StringComparison.Ordinal) + begin.Length;
        readme[start..readme.IndexOf(end, StringComparison.Ordinal)].Should().Be(output.ToString().ReplaceLineEndings("\n"),
            "docs/catalog.md's catalog section is `grader catalog`'s output; paste it between the markers again");
        output.ToString().Should().Contain("| `004/3.3/kl-term` | `IDtuKlTerm` | `Diffusion/Handin/ReferenceDtuKlTerm` | sheet 004, ex. 3.3: ",
            "the references table names each bound task's reference, found by the tutor pack (no row kept by hand)");
    }

    [Test]
    public void The_committed_catalog_json_is_fresh()
    {
        var output = new StringWriter();
        CatalogCommand.Run(json: true, check: false, from: null, output, TextWriter.Null).Should().Be(ExitCodes.Done);
        var committed = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "fixtures", "catalog.json"));
        output.ToString().Should().Be(committed, "fixtures/catalog.json is made by `grader catalog --json`; regenerate it");
    }
}
