using Grader.Cli.Assign;
using Grader.Grading.Discovery;
using Grader.Grading.Groups;
using Grader.Grading.Pipeline;
using Grader.Semester.Similarity;

namespace Grader.Cli.Commands;

/// <summary>
/// <c>grader similarity &lt;hand-ins&gt; --out &lt;dir&gt; [--template &lt;folder&gt;]</c>: compares every pair of a
/// sheet's hand-ins (<see cref="SimilarityReport"/>), the code they were given left out (<c>--template</c>, else the
/// sheet's own template), writes <c>similarity.html</c> into the output folder (a run's, so
/// its cohort page links it) and prints the ranked pairs from the threshold up.
/// </summary>
public static class SimilarityCommand
{
    public static Command Create()
    {
        var handins = CommonOptions.Paths(new Argument<string[]>("hand-ins") { Description = "The folder(s) of hand-ins of one sheet, as 'grader grade' takes them.", Arity = ArgumentArity.OneOrMore });
        var output = new Option<string>("--out", "-o") { Description = $"The folder to write {SimilarityHtml.FileName} into (e.g. the run's output folder).", Required = true };
        var template = new Option<string?>("--template") { Description = "The folder of .cs files the students started from (e.g. an assigned repository's Handin/): its code never counts as a match." };
        var course = new Option<string?>("--course") { Description = "A group course's file (issue 68): a member's own hand-in is left out where their group handed in, and two hand-ins of one group are never compared; groups are compared with groups." };
        var sheet = new Option<string?>("--sheet") { Description = "The sheet the hand-ins are for: its template is left out, and with --course its groups hold (default: as 'grader grade' finds it; with --course, the course's only sheet)." };
        var threshold = new Option<double>("--threshold") { Description = "The score from which a pair is flagged.", DefaultValueFactory = _ => SimilarityReport.DefaultThreshold };
        var command = new Command("similarity", "Rank every pair of a sheet's hand-ins by shared code (Roslyn tokens, identifiers normalised, MOSS's winnowing), the template's code left out; matching regions side by side in HTML.")
        {
            handins, output, template, threshold, course, sheet,
        };
        command.SetAction(result => CommandFailures.Run(result, "grader similarity", e => e is UsageException or DiscoveryException or HandinSourceException, stdout =>
        {
            var stderr = result.InvocationConfiguration.Error;
            var found = GradingPipeline.Discover(result.GetValue(handins)!, DiscoveryLimits.Default);
            foreach (var problem in found.Problems.Where(p => p.Skipped))
            {
                stderr.WriteLine($"Not compared: {problem.Path}: {problem.Message}");
            }

            var compared = found.Handins;
            GroupRoster? roster = null;
            if (result.GetValue(course) is { } coursePath)
            {
                roster = Roster(Grader.Grading.Courses.CourseOfFile.Load(coursePath, CommonOptions.Catalog), result.GetValue(sheet));
                if (roster is not null)
                {
                    var (kept, problems) = GroupIntake.Check(compared, roster);
                    foreach (var problem in problems.Where(p => p.Skipped))
                    {
                        stderr.WriteLine($"Not compared: {problem.Path}: {problem.Message}");
                    }

                    compared = kept;
                }
            }

            if (compared.Count < 2)
            {
                throw new UsageException("Fewer than two hand-ins could be read; there is nothing to compare.");
            }

            HandinSource? given = null;
            if (result.GetValue(template) is { } folder)
            {
                given = Directory.Exists(folder) ? HandinSource.FromFolder(folder) : throw new UsageException($"The template folder '{Path.GetFullPath(folder)}' does not exist.");
            }
            else
            {
                given = SheetTemplate(result.GetValue(handins)!, result.GetValue(sheet), stdout, stderr);
            }

            var limit = result.GetValue(threshold);
            if (limit is <= 0 or > 1)
            {
                throw new UsageException("--threshold is a share of shared code, above 0 and at most 1.");
            }

            var report = SimilarityReport.Compare(compared.ToDictionary(h => h.Student, h => h.Source, StringComparer.Ordinal), given, Winnowing.Default, limit,
                roster is null ? null : h => (roster.GroupNamed(h) ?? roster.GroupOf(h))?.Id);
            foreach (var unread in report.Unread)
            {
                stderr.WriteLine($"Not compared: {unread}");
            }

            var path = Path.Combine(Path.GetFullPath(result.GetValue(output)!), SimilarityHtml.FileName);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            AtomicFile.WriteAllText(path, SimilarityHtml.Render(report, $"Similarity of {compared.Count} hand-ins"));
            AtomicFile.WriteAllText(Path.Combine(Path.GetDirectoryName(path)!, SimilarityHtml.PairsFileName), SimilarityHtml.PairsJson(report));
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{report.Pairs.Count} pairs compared; {report.Flagged.Count} at or above {limit:0.##}:"));
            foreach (var pair in report.Flagged)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {pair.Score:0.00}  {pair.A} – {pair.B}"));
            }

            stdout.WriteLine($"Wrote {path}.");
            return ExitCodes.Done;
        }));
        return command;
    }

    /// <summary>
    /// Without <c>--template</c>: the template of the sheet the hand-ins are for (as <c>grader grade</c> finds it), the
    /// files <c>grader assign</c> writes into <c>Handin/</c>, so two students who changed little are not a match for the
    /// code they were given; null, with a warning, when the sheet or the tool's content cannot be found.
    /// </summary>
    private static HandinSource? SheetTemplate(string[] folders, string? sheet, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var catalog = CommonOptions.Catalog;
            var assignment = CohortAssignment.Resolve(sheet, folders, catalog);
            var root = ToolContent.SourceOf(null, AppContext.BaseDirectory, Environment.CurrentDirectory);
            var files = AssignmentLayout.Of(assignment, catalog, root).TemplateFiles
                .Select(f => new HandinFile(Path.GetFileName(f), File.ReadAllText(Path.Combine(root, f))))
                .OrderBy(f => f.Path, StringComparer.Ordinal).ToArray();
            stdout.WriteLine($"Template: {assignment}'s, as 'grader assign' writes it into {AssignmentLayout.HandinFolder}/ ({files.Length} files; --template <folder> for another).");
            return new HandinSource("template", files);
        }
        catch (Exception e) when (e is AssignmentFileException or AssignException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"Warning: no template left out ({e.Message}); code every student was given counts as shared. Give --template <folder> (an assigned repository's {AssignmentLayout.HandinFolder}/).");
            return null;
        }
    }

    /// <summary>The groups of <paramref name="sheet"/> (the course's only sheet when null), or null for a course handed in alone.</summary>
    private static GroupRoster? Roster(Grader.Grading.Courses.CourseOfFile file, string? sheet)
    {
        var sheets = file.Catalog.Sheets.Select(s => s.Id).ToArray();
        sheet ??= sheets.Length == 1 ? sheets[0] : throw new UsageException($"--course names {sheets.Length} sheets; say which with --sheet ({string.Join(", ", sheets)}).");
        return sheets.Contains(sheet, StringComparer.Ordinal)
            ? GroupRoster.Of(file.Semester, sheet)
            : throw new UsageException($"--sheet {StudentName.Escape(sheet)}: the course's sheets are {string.Join(", ", sheets)}.");
    }
}
