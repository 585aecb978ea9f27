using System.Text.RegularExpressions;

namespace Grader.Checks.Catalog;

/// <summary>
/// Checks a catalog's integrity before anything is graded, and returns every problem it finds (none for a sound
/// catalog), each as one sentence naming the task, check or contract: ids unique and well formed, each task's auto and
/// manual points adding up to its points, each sheet's tasks adding up to its total and bonus, check weights positive
/// and check ids unique within a task; and the packs (<c>CatalogValidator.Packs.cs</c>): every task with automatic
/// points bound (or marked pending), every binding to a known task, every check proven by a mutant, every contract
/// with a reference, a template class and a correct implementation, every hidden check bound on the tutor side, every
/// declared folder present. As Otter's <c>resolve_test_file_points</c>, inconsistent points are an error, never
/// silently repaired.
/// </summary>
public static partial class CatalogValidator
{
    /// <summary>Points are sums of halves and quarters; anything further apart than this is a real mismatch.</summary>
    private const double Tolerance = 1e-9;

    /// <summary>
    /// Every problem of <paramref name="catalog"/>. The rules that read the packs' folders (mutants, template, correct
    /// example, snapshots) run when <paramref name="folders"/> is given; those about the tutor side (references, hidden
    /// checks bound) when the catalog has tutor packs (<see cref="CourseCatalog.WithTutorPacks"/>).
    /// </summary>
    public static IReadOnlyList<CatalogProblem> Validate(CourseCatalog catalog, CatalogFolders? folders = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var problems = new List<CatalogProblem>();
        ValidateSheets(catalog, problems);
        ValidateTaskIds(catalog, problems);
        foreach (var task in catalog.Tasks)
        {
            ValidateTask(task, catalog.FindSheet(task.Sheet), problems);
        }

        ValidateSheetTotals(catalog, problems);
        ValidateBindings(catalog, problems);
        if (catalog.TutorPacks.Count > 0)
        {
            ValidateTutorSide(catalog, problems);
        }

        if (folders is not null)
        {
            foreach (var pack in catalog.Packs)
            {
                ValidateFolders(pack, folders, problems);
            }
        }

        return problems;
    }

    /// <summary>True when <paramref name="catalog"/> has no problem (without the rules that read folders).</summary>
    public static bool IsValid(CourseCatalog catalog) => Validate(catalog).Count == 0;

    private static void ValidateSheets(CourseCatalog catalog, List<CatalogProblem> problems)
    {
        foreach (var sheet in catalog.Sheets)
        {
            if (!SheetIdPattern().IsMatch(sheet.Id))
            {
                problems.Add(new(CatalogProblemKind.BadSheetId, sheet.Id, $"sheet id \"{sheet.Id}\" is not three digits"));
            }

            if (string.IsNullOrWhiteSpace(sheet.FileName) || string.IsNullOrWhiteSpace(sheet.Title))
            {
                problems.Add(new(CatalogProblemKind.MissingText, sheet.Id, "sheet has no file name or no title"));
            }

            if (!(sheet.Total > 0) || !double.IsFinite(sheet.Total) || !(sheet.Bonus >= 0) || !double.IsFinite(sheet.Bonus))
            {
                problems.Add(new(CatalogProblemKind.PointsNotPositive, sheet.Id,
                    $"sheet total {Format(sheet.Total)} must be positive and bonus {Format(sheet.Bonus)} non-negative"));
            }
        }

        foreach (var group in catalog.Sheets.GroupBy(s => s.Id).Where(g => g.Count() > 1))
        {
            problems.Add(new(CatalogProblemKind.BadSheetId, group.Key, $"{group.Count()} sheets share the id \"{group.Key}\""));
        }
    }

    private static void ValidateTaskIds(CourseCatalog catalog, List<CatalogProblem> problems)
    {
        // A pack's task keeps its id on whichever sheet a course puts it (a new sheet "105" taking "002/…" tasks).
        var bound = CourseCatalog.BoundTaskIds(catalog.Packs);
        foreach (var task in catalog.Tasks)
        {
            var match = TaskIdPattern().Match(task.Id);
            if (!match.Success)
            {
                problems.Add(new(CatalogProblemKind.MalformedTaskId, task.Id,
                    $"task id \"{task.Id}\" is not \"SSS/exercise/slug\" (three digits, e.g. \"3.4\" or \"1a\", lower-case words joined by '-')"));
            }
            else if (match.Groups["sheet"].Value != task.Sheet && !bound.Contains(task.Id))
            {
                problems.Add(new(CatalogProblemKind.MalformedTaskId, task.Id,
                    $"task id starts with sheet \"{match.Groups["sheet"].Value}\" but the task is on sheet \"{task.Sheet}\""));
            }

            if (catalog.FindSheet(task.Sheet) is null)
            {
                problems.Add(new(CatalogProblemKind.UnknownSheet, task.Id, $"task names sheet \"{task.Sheet}\", which the catalog does not have"));
            }
        }

        foreach (var group in catalog.Tasks.GroupBy(t => t.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add(new(CatalogProblemKind.DuplicateTaskId, group.Key, $"{group.Count()} tasks share the id \"{group.Key}\""));
        }
    }

    private static void ValidateTask(TaskSpec task, Sheet? sheet, List<CatalogProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(task.Title) || string.IsNullOrWhiteSpace(task.Exercise))
        {
            problems.Add(new(CatalogProblemKind.MissingText, task.Id, "task has no title or no exercise"));
        }

        if (!(task.Points > 0) || !double.IsFinite(task.Points))
        {
            problems.Add(new(CatalogProblemKind.PointsNotPositive, task.Id, $"task points {Format(task.Points)} must be positive"));
        }

        if (!(task.AutoPoints >= 0) || !double.IsFinite(task.AutoPoints))
        {
            problems.Add(new(CatalogProblemKind.PointsNotPositive, task.Id, $"auto points {Format(task.AutoPoints)} must not be negative"));
        }

        foreach (var item in task.Manual)
        {
            if (string.IsNullOrWhiteSpace(item.Id) || (item.Rubric is not null && string.IsNullOrWhiteSpace(item.Rubric)))
            {
                problems.Add(new(CatalogProblemKind.MissingText, task.Id, $"manual item \"{item.Id}\" has no id or an empty rubric"));
            }

            if (!(item.Points > 0) || !double.IsFinite(item.Points))
            {
                problems.Add(new(CatalogProblemKind.PointsNotPositive, task.Id, $"manual item \"{item.Id}\" has {Format(item.Points)} points; it must have more than 0"));
            }
        }

        foreach (var group in task.Manual.GroupBy(m => m.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add(new(CatalogProblemKind.DuplicateManualItemId, task.Id, $"{group.Count()} manual items share the id \"{group.Key}\""));
        }

        double sum = task.AutoPoints + task.ManualPoints;
        if (double.IsFinite(sum) && Math.Abs(sum - task.Points) > Tolerance)
        {
            problems.Add(new(CatalogProblemKind.PointsDoNotAddUp, task.Id,
                $"auto {Format(task.AutoPoints)} + manual {Format(task.ManualPoints)} = {Format(sum)}, but the task has {Format(task.Points)} points"));
        }

        foreach (var spec in task.Checks)
        {
            if (!(spec.Weight > 0) || !double.IsFinite(spec.Weight))
            {
                problems.Add(new(CatalogProblemKind.CheckWeightNotPositive, task.Id, $"check \"{spec.Check.Id}\" has weight {Format(spec.Weight)}; it must be positive"));
            }
        }

        foreach (var group in task.Checks.GroupBy(c => c.Check.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add(new(CatalogProblemKind.DuplicateCheckId, task.Id, $"{group.Count()} checks share the id \"{group.Key}\""));
        }

        if (task.Checks.Count > 0 && !(task.AutoPoints > 0))
        {
            problems.Add(new(CatalogProblemKind.ChecksWithoutAutoPoints, task.Id, $"task has {task.Checks.Count} check(s) but no auto points for them"));
        }

        if (sheet is { PrintsPoints: false } && string.IsNullOrWhiteSpace(task.Note))
        {
            problems.Add(new(CatalogProblemKind.MissingNote, task.Id, $"sheet {sheet.Id} prints no points, so the task's note must say where its weight comes from"));
        }
    }

    private static void ValidateSheetTotals(CourseCatalog catalog, List<CatalogProblem> problems)
    {
        foreach (var sheet in catalog.Sheets.DistinctBy(s => s.Id))
        {
            double total = catalog.MaxPoints(sheet.Id);
            if (Math.Abs(total - sheet.Total) > Tolerance)
            {
                problems.Add(new(CatalogProblemKind.SheetTotalMismatch, sheet.Id,
                    $"the tasks without bonus add up to {Format(total)}, but the sheet's total is {Format(sheet.Total)}"));
            }

            double bonus = catalog.BonusPoints(sheet.Id);
            if (Math.Abs(bonus - sheet.Bonus) > Tolerance)
            {
                problems.Add(new(CatalogProblemKind.SheetTotalMismatch, sheet.Id,
                    $"the bonus tasks add up to {Format(bonus)}, but the sheet's bonus is {Format(sheet.Bonus)}"));
            }
        }
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^[0-9]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex SheetIdPattern();

    [GeneratedRegex(@"^(?<sheet>[0-9]{3})/(?<exercise>[0-9a-z]+(?:\.[0-9a-z]+)*)/(?<slug>[a-z0-9]+(?:-[a-z0-9]+)*)$", RegexOptions.CultureInvariant)]
    private static partial Regex TaskIdPattern();
}
