using Grader.Grading.Discovery;
using Grader.Grading.Rubric;

namespace Grader.Cli.Commands;

/// <summary>
/// <c>grader rubric export</c>: writes the CSV of manual items (student × item, with the sheet's points and rubric) for
/// a tutor to fill in, for the sheet the hand-ins' <c>assignment.json</c> names (as <c>grader grade</c> takes it) unless
/// <c>--sheet</c> says otherwise; <c>grader rubric check</c>: reads a filled CSV and says whether <c>grader grade --manual</c> will
/// take it. Bad input gives one message on stderr and <see cref="ExitCodes.UsageError"/>.
/// </summary>
public static class RubricCommand
{
    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    public static Command Create() => Create(CommonOptions.Catalog);

    /// <summary>The command, for a given catalog (tests use a small one).</summary>
    internal static Command Create(CourseCatalog catalog)
    {
        var rubric = new Command("rubric", "The manual items a tutor grades by hand: export the CSV to fill in, check a filled one.");
        rubric.Add(Export(catalog));
        rubric.Add(Check(catalog));
        return rubric;
    }

    private static Command Export(CourseCatalog catalog)
    {
        var output = new Option<string>("--out") { Description = "The CSV to write, e.g. rubric.csv.", Required = true };
        var handins = new Option<string>("--handins") { Description = "The folder of hand-ins: one row block per student found in it." };
        var students = new Option<string>("--students") { Description = "The students, comma separated (instead of --handins)." };
        var sheets = new Option<string[]>("--sheet")
        {
            Description = $"A sheet to export (\"000\" … \"004\"); repeat for several. Default: with --handins, the one its {AssignmentFile.FileName} files name (as 'grader grade' takes it); with --students, every sheet.",
        };
        var force = new Option<bool>("--force") { Description = "Overwrite --out when it exists (it may hold a tutor's grades)." };
        var course = CommonOptions.Course();
        var command = new Command("export", "Write the CSV of manual items (student × item, with the sheet's points and rubric) to fill in.")
        {
            output, handins, students, sheets, force, course,
        };
        command.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            try
            {
                var catalogOfRun = parseResult.GetValue(course) is { } file ? Grader.Grading.Courses.CourseOfFile.Load(file, catalog).Catalog : catalog;
                var given = (parseResult.GetValue(sheets) ?? []).SelectMany(s => s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    .Select(s => catalogOfRun.FindAssignment(s)?.Id ?? s).Distinct(StringComparer.Ordinal).ToArray();
                if (given.Length == 0 && parseResult.GetValue(handins) is { } folder && parseResult.GetValue(students) is null)
                {
                    given = [CohortAssignment.Resolve(null, [folder], catalogOfRun).Id]; // the sheet 'grader grade' grades these hand-ins for
                }

                var selected = RubricCsv.SelectSheets(catalogOfRun, given);
                var names = Students(parseResult.GetValue(handins), parseResult.GetValue(students), stderr, out var refused);
                var path = Path.GetFullPath(parseResult.GetValue(output)!);
                if (Directory.Exists(path))
                {
                    return Fail(stderr, $"'{path}' is a folder; --out names the CSV file to write.");
                }

                if (File.Exists(path) && !parseResult.GetValue(force))
                {
                    return Fail(stderr, $"'{path}' exists and may hold a tutor's grades; pass --force to overwrite it.");
                }

                var csv = RubricCsv.Export(catalogOfRun, names, selected);
                AtomicFile.WriteAllBytes(path, [.. Utf8WithBom.GetPreamble(), .. Utf8WithBom.GetBytes(csv)]);
                var items = catalogOfRun.Tasks.Where(t => selected.Contains(t.Sheet)).Sum(t => t.Manual.Count);
                stdout.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Wrote {names.Count * items} rows ({Plural(names.Count, "student")} × {Plural(items, "manual item")} of sheet{(selected.Count == 1 ? "" : "s")} {string.Join(", ", selected)}) to {path}."));
                return refused ? ExitCodes.InputsRefused : ExitCodes.Done;
            }
            catch (Exception e) when (e is RubricCsvException or DiscoveryException or AssignmentFileException or ArgumentException or UsageException)
            {
                return Fail(stderr, e.Message);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Fail(stderr, $"The rubric could not be written: {e.Message}");
            }
        });
        return command;
    }

    private static Command Check(CourseCatalog catalog)
    {
        var file = new Argument<string>("csv") { Description = "The filled rubric CSV." };
        var course = CommonOptions.Course();
        var command = new Command("check", "Read a filled rubric CSV as 'grader grade --manual' will, and report the first problem (row and column).") { file, course };
        command.SetAction(parseResult =>
        {
            try
            {
                var grades = RubricCsv.Read(parseResult.GetValue(file)!, parseResult.GetValue(course) is { } path ? Grader.Grading.Courses.CourseOfFile.Load(path, catalog).Catalog : catalog);
                var students = grades.All.Select(s => s.Student).Distinct(StringComparer.Ordinal).Count();
                parseResult.InvocationConfiguration.Output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The rubric is fine: {Plural(grades.All.Count, "score")} for {Plural(students, "student")} (rows with empty points are pending)."));
                return ExitCodes.Done;
            }
            catch (Exception e) when (e is RubricCsvException or UsageException)
            {
                return Fail(parseResult.InvocationConfiguration.Error, e.Message);
            }
        });
        return command;
    }

    /// <summary>The students of --handins (found by <see cref="HandinDiscovery"/>) or of --students; exactly one must be given.</summary>
    private static IReadOnlyList<string> Students(string? handins, string? list, TextWriter stderr, out bool refused)
    {
        refused = false;
        if ((handins is null) == (list is null))
        {
            throw new ArgumentException("Give the students with either --handins <folder> or --students a,b,c (one of the two).");
        }

        if (list is not null)
        {
            var names = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (names.Length == 0)
            {
                throw new ArgumentException("--students names no student; give them comma separated, e.g. --students alice,bob.");
            }

            return names;
        }

        var found = HandinDiscovery.Discover(handins!, DiscoveryLimits.Default);
        foreach (var problem in found.Problems.Where(p => p.Skipped))
        {
            refused = true;
            stderr.WriteLine($"Not in the rubric: {problem.Message}");
        }

        if (found.Handins.Count == 0)
        {
            throw new ArgumentException($"No hand-in in '{Path.GetFullPath(handins!)}' could be read, so the rubric would be empty.");
        }

        return found.Handins.Select(h => h.Student).ToArray();
    }

    private static string Plural(int n, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? "" : "s")}");

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine(message);
        return ExitCodes.UsageError;
    }
}
