using System.Text.Json;

namespace Grader.Checks.Tests.Catalog;

/// <summary>
/// The proof that moving the five sheets from C# (<c>CourseCatalog.Sheet00N.cs</c>) to <c>courses/*.toml</c> lost
/// nothing: <c>Fixtures/catalog-before-toml.json</c> was written from the C# catalog and <c>ManualRubrics</c> at 80f513a
/// (and its points checked against <c>fixtures/catalog.json</c> of that commit), and every sheet, task, split, manual item
/// and rubric text read from the course files must equal it. Compared as a subset: what was migrated is unchanged, and a
/// sheet, task or item added to a course file since needs no edit here.
/// </summary>
public sealed class CourseMigrationTests
{
    private static readonly JsonElement Before = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(RepositoryRoot.Path, "Tests/Grader.Checks.Tests/Catalog/Fixtures/catalog-before-toml.json"))).RootElement;

    private static IEnumerable<JsonElement> BeforeSheets => Before.GetProperty("sheets").EnumerateArray();

    [Test]
    public void Every_sheet_is_as_it_was()
    {
        CourseCatalog.Default.Sheets.Select(s => s.Id).Where(BeforeSheets.Select(s => s.GetProperty("id").GetString()).Contains)
            .Should().Equal(BeforeSheets.Select(s => s.GetProperty("id").GetString()), "every migrated sheet, in the same order (a sheet added since is not the migration's)");
        foreach (var before in BeforeSheets)
        {
            var sheet = CourseCatalog.Default.FindSheet(before.GetProperty("id").GetString()!)!;
            var course = before.GetProperty("course");
            sheet.Should().Be(new Sheet(
                before.GetProperty("id").GetString()!,
                before.GetProperty("file").GetString()!,
                before.GetProperty("title").GetString()!,
                new Course(course.GetProperty("id").GetString()!, course.GetProperty("institution").GetString()!, course.GetProperty("name").GetString()!, course.GetProperty("year").GetString()!),
                before.GetProperty("total").GetDouble(),
                before.GetProperty("bonus").GetDouble(),
                before.GetProperty("prints_points").GetBoolean(),
                before.GetProperty("note").GetString()!));
        }
    }

    [Test]
    public void Every_task_has_its_points_split_manual_items_and_note()
    {
        var beforeTasks = BeforeSheets.SelectMany(s => s.GetProperty("tasks").EnumerateArray()).ToArray();
        beforeTasks.Should().HaveCount(56, "the fixture as written at 80f513a");
        // A subset: every task of the migration is there, in the same order among themselves; a task added since (a new
        // [[sheet.task]] in a course file) is not the migration's business.
        CourseCatalog.Default.Tasks.Select(t => t.Id).Where(beforeTasks.Select(t => t.GetProperty("id").GetString()).Contains)
            .Should().Equal(beforeTasks.Select(t => t.GetProperty("id").GetString()), "every migrated task, in the same order");
        foreach (var before in beforeTasks)
        {
            var task = CourseCatalog.Default.FindTask(before.GetProperty("id").GetString()!)!;
            var gradedSince = GradedSince(before, task);
            (task.Exercise, task.Title, task.Points, gradedSince ? 0 : task.AutoPoints, task.Bonus, task.ChecksPending, task.Note).Should().Be((
                before.GetProperty("exercise").GetString()!, before.GetProperty("title").GetString()!, before.GetProperty("points").GetDouble(),
                before.GetProperty("auto").GetDouble(), before.GetProperty("bonus").GetBoolean(), before.GetProperty("checks_pending").GetBoolean(),
                before.GetProperty("note").ValueKind == JsonValueKind.Null ? null : before.GetProperty("note").GetString()), task.Id);
            task.Manual.Select(m => (m.Id, gradedSince ? 0 : m.Points)).Should().Equal(
                before.GetProperty("manual").EnumerateArray().Select(m => (m.GetProperty("id").GetString()!, gradedSince ? 0 : m.GetProperty("points").GetDouble())), task.Id);
            if (gradedSince)
            {
                (task.AutoPoints + task.Manual.Sum(m => m.Points)).Should().Be(task.Points, $"{task.Id}: its points are split between the checks and the items");
            }
        }
    }

    /// <summary>
    /// A task that was manual only at the migration and that a pack binds now (a checkable form of it added since, as issue
    /// 83's new task): its points, items and rubric texts are the migration's, its split between checks and items is the
    /// course file's own. Derived, so such a task needs no edit here; every other task keeps its split.
    /// </summary>
    private static bool GradedSince(JsonElement before, TaskSpec task) =>
        before.GetProperty("auto").GetDouble() == 0 && task.AutoPoints > 0
        && CourseCatalog.Default.Packs.Any(p => p.Bindings.Any(b => b.TaskId == task.Id));

    [Test]
    public void A_task_graded_since_the_migration_is_told_from_a_split_changed_by_mistake()
    {
        var before = JsonDocument.Parse("""{"auto": 0}""").RootElement;
        var bound = CourseCatalog.Default.Packs.SelectMany(p => p.Bindings).Select(b => CourseCatalog.Default.FindTask(b.TaskId)!).First(t => t.AutoPoints > 0);
        var unbound = CourseCatalog.Default.Tasks.First(t => t.AutoPoints == 0);

        GradedSince(before, bound).Should().BeTrue("a bound task with automatic points that had none");
        GradedSince(JsonDocument.Parse("""{"auto": 1}""").RootElement, bound).Should().BeFalse("a task that had automatic points keeps its split");
        GradedSince(before, unbound with { AutoPoints = 1 }).Should().BeFalse("automatic points without a check bound are a mistake, not a new check");
    }

    [Test]
    public void Every_rubric_text_is_the_full_marks_level_of_its_item()
    {
        var shipped = CourseCatalog.ShippedCourses.SelectMany(c => c.Tasks).ToDictionary(t => t.Id);
        var count = 0;
        foreach (var before in BeforeSheets.SelectMany(s => s.GetProperty("tasks").EnumerateArray()))
        {
            foreach (var item in before.GetProperty("manual").EnumerateArray())
            {
                var manual = shipped[before.GetProperty("id").GetString()!].Manual.Single(m => m.Id == item.GetProperty("id").GetString());
                manual.Rubric.Should().Be(item.GetProperty("rubric").GetString());
                manual.Levels[0].Should().Be(new RubricLevel(manual.Points, item.GetProperty("rubric").GetString()!), "the full marks level is the rubric");
                manual.Levels[^1].Points.Should().Be(0);
                count++;
            }
        }

        count.Should().Be(69);
    }

    /// <summary>
    /// The levels between full marks and 0, read from the seeds' rubrics (not from the course files): only the TUM exam
    /// (sheet 002) gives credit per ✓, and these items are graded over several ✓ (seed 002: P2 a) and b) "✓ … cdfs have to
    /// match. ✓ … both cdfs ✓ … arguments" (+ "✓ … solving the equation for a" in b), P2 d) four ✓, P3 b) the two manual ✓
    /// of "✓ ✓ ✓ for transforming (3.3) into (3.7)", P4 d) "✓ for identifying the reason" for schedules 2 and 4). A level
    /// per number of ✓ met, each ✓ worth points / ✓ count, rounded down to half credits. Every other item has full marks and 0.
    /// </summary>
    [Test]
    public void Items_graded_over_several_checkmarks_have_a_level_per_checkmark_count()
    {
        var expected = new Dictionary<(string Task, string Item), double[]>
        {
            [("002/p2a/standard-log-normal", "derivation")] = [2, 1, 0.5, 0],
            [("002/p2b/log-normal-affine", "derivation")] = [2.5, 1.5, 1, 0.5, 0],
            [("002/p2d/log-normal-prior", "rubric")] = [2, 1.5, 1, 0.5, 0],
            [("002/p3b/jensen-shannon", "derivation")] = [2, 1, 0],
            [("002/p4d/invalid-schedules", "reasons")] = [1, 0.5, 0],
        };
        foreach (var task in CourseCatalog.ShippedCourses.SelectMany(c => c.Tasks))
        {
            foreach (var item in task.Manual)
            {
                var levels = expected.GetValueOrDefault((task.Id, item.Id)) ?? [item.Points, 0];
                item.Levels.Select(l => l.Points).Should().Equal(levels, $"{task.Id}#{item.Id}");
                item.Levels.Skip(1).SkipLast(1).Where(l => !l.Text.Contains('✓')).Should().BeEmpty($"{task.Id}#{item.Id}: a middle level names the ✓ it stands for");
            }
        }
    }
}
