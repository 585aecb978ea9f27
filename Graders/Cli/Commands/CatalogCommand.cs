using Grader.Checks.Hidden;
using Grader.Cli.Assign;

namespace Grader.Cli.Commands;

/// <summary>
/// <c>grader catalog [--json] [--check] [--from &lt;repository&gt;]</c>: the course catalog the grader grades with
/// (hidden checks bound) as Markdown tables, as JSON (<see cref="CatalogJson"/>), or validated
/// (<see cref="CatalogValidator"/>: exit 1 with one line per problem). The checks of the packs' folders (mutants,
/// template, correct example, snapshots) run when the grader repository is found.
/// </summary>
public static class CatalogCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Write the catalog as JSON (what the cohort generator is made from; docs/catalog.md holds the tables)." };
        var check = new Option<bool>("--check") { Description = "Validate the catalog and the exercise packs; exit 1 with one line per problem." };
        var from = new Option<string?>("--from") { Description = "The grader repository whose pack folders --check reads (default: the one holding Grader.sln above the tool, else above the current folder)." };
        var command = new Command("catalog", "Show the course catalog (sheets, tasks, points, checks), as JSON, or validate it with the exercise packs.") { json, check, from };
        command.SetAction(result => Run(result.GetValue(json), result.GetValue(check), result.GetValue(from),
            result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Runs the command against <see cref="TutorCatalog.Default"/>; returns the exit code.</summary>
    public static int Run(bool json, bool check, string? from, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var catalog = TutorCatalog.Default;
        if (!check)
        {
            stdout.Write(json ? CatalogJson.Render(catalog) : CatalogTable.ToMarkdown(catalog));
            return ExitCodes.Done;
        }

        CatalogFolders? folders = null;
        try
        {
            folders = CatalogFolders.Of(GraderRepository.Find(from, AppContext.BaseDirectory, Environment.CurrentDirectory));
        }
        catch (AssignException e) when (from is null)
        {
            stderr.WriteLine($"grader catalog: {e.Message} The packs' folders (mutants, template, correct example, snapshots) are not checked.");
        }
        catch (AssignException e)
        {
            stderr.WriteLine($"grader catalog: {e.Message}");
            return ExitCodes.UsageError;
        }

        var problems = CatalogValidator.Validate(catalog, folders);
        foreach (var problem in problems)
        {
            stdout.WriteLine(problem);
        }

        var checks = catalog.Tasks.SelectMany(t => t.Checks).Select(c => c.Check.Id).Distinct(StringComparer.Ordinal).Count();
        stdout.WriteLine(problems.Count == 0
            ? $"The catalog is valid: {catalog.Sheets.Count} sheets, {catalog.Tasks.Count} tasks, {checks} checks, {catalog.Packs.Count} pack(s){(folders is null ? "" : $", folders of {folders.Repository}")}."
            : $"The catalog has {problems.Count} problem(s).");
        return problems.Count == 0 ? ExitCodes.Done : ExitCodes.UsageError;
    }
}
