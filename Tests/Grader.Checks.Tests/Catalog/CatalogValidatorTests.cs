namespace Grader.Checks.Tests.Catalog;

public sealed class CatalogValidatorTests
{
    [Test]
    public void The_default_catalog_has_no_problem()
    {
        var problems = CatalogValidator.Validate(CourseCatalog.Default);
        problems.Should().BeEmpty(string.Join(Environment.NewLine, problems));
        CatalogValidator.IsValid(CourseCatalog.Default).Should().BeTrue();
    }

    [Test]
    public void The_sound_test_catalog_has_no_problem()
    {
        CatalogValidator.Validate(Build()).Should().BeEmpty();
    }

    [TestCaseSource(nameof(Defects))]
    public void Each_kind_of_defect_is_caught(Func<CourseCatalog> build, CatalogProblemKind kind, string subject)
    {
        var problems = CatalogValidator.Validate(build());

        problems.Should().NotBeEmpty();
        problems.Should().OnlyContain(p => p.Kind == kind && p.Subject == subject, string.Join(Environment.NewLine, problems));
        problems.Should().OnlyContain(p => p.ToString().StartsWith(subject + ": ", StringComparison.Ordinal));
    }

    [Test]
    public void Every_kind_of_problem_has_a_broken_catalog_that_shows_it()
    {
        var covered = Defects().Concat(PackValidatorTests.Defects()).Select(d => (CatalogProblemKind)d.Arguments[1]!).Distinct();
        covered.Should().BeEquivalentTo(Enum.GetValues<CatalogProblemKind>());
    }

    [Test]
    public void A_mismatch_names_the_numbers()
    {
        var problem = CatalogValidator.Validate(Build(alpha: t => t with { AutoPoints = 1.5 })).Single();
        problem.Message.Should().Be("auto 1.5 + manual 1 = 2.5, but the task has 2 points");

        var total = CatalogValidator.Validate(Build(sheet000: s => s with { Total = 4 })).Single();
        total.Message.Should().Be("the tasks without bonus add up to 3, but the sheet's total is 4");
    }

    [Test]
    public void Several_defects_are_all_reported()
    {
        var problems = CatalogValidator.Validate(Build(
            alpha: t => t with { AutoPoints = 1.5 },
            beta: t => t with { Id = "000-1b-beta" },
            delta: t => t with { Note = null }));
        problems.Select(p => p.Kind).Should().BeEquivalentTo(
            [CatalogProblemKind.PointsDoNotAddUp, CatalogProblemKind.MalformedTaskId, CatalogProblemKind.MissingNote]);
    }

    public static IEnumerable<TestCaseData> Defects()
    {
        TestCaseData Case(string name, Func<CourseCatalog> build, CatalogProblemKind kind, string subject) =>
            new TestCaseData(build, kind, subject).SetName($"Each_kind_of_defect_is_caught({name})");

        yield return Case("two sheets share an id",
            () => Build(extraSheets: [Sheet001() with { FileName = "001_copy.txt" }]), CatalogProblemKind.BadSheetId, "001");
        yield return Case("task on a sheet the catalog lacks",
            () => Build(extraTasks: [Delta() with { Sheet = "005", Id = "005/1/epsilon" }]), CatalogProblemKind.UnknownSheet, "005/1/epsilon");
        yield return Case("task id without slashes",
            () => Build(beta: t => t with { Id = "000-1b-beta" }), CatalogProblemKind.MalformedTaskId, "000-1b-beta");
        yield return Case("task id on another sheet",
            () => Build(beta: t => t with { Id = "001/1b/beta" }), CatalogProblemKind.MalformedTaskId, "001/1b/beta");
        yield return Case("task id with capitals and underscore",
            () => Build(beta: t => t with { Id = "000/1b/Beta_1" }), CatalogProblemKind.MalformedTaskId, "000/1b/Beta_1");
        yield return Case("task id with a two-digit sheet",
            () => Build(beta: t => t with { Id = "00/1b/beta" }), CatalogProblemKind.MalformedTaskId, "00/1b/beta");
        yield return Case("two tasks share an id",
            () => Build(beta: t => t with { Id = "000/1a/alpha" }), CatalogProblemKind.DuplicateTaskId, "000/1a/alpha");
        yield return Case("empty title",
            () => Build(beta: t => t with { Title = " " }), CatalogProblemKind.MissingText, "000/1b/beta");
        yield return Case("empty rubric",
            () => Build(beta: t => t with { Manual = [new ManualItem("answer", 1, "")] }), CatalogProblemKind.MissingText, "000/1b/beta");
        yield return Case("negative auto points",
            () => Build(beta: t => t with { AutoPoints = -1, Manual = [new ManualItem("answer", 2, "Answer.")] }),
            CatalogProblemKind.PointsNotPositive, "000/1b/beta");
        yield return Case("manual item with zero points",
            () => Build(beta: t => t with { Manual = [new ManualItem("answer", 1, "Answer."), new ManualItem("extra", 0, "Extra.")] }),
            CatalogProblemKind.PointsNotPositive, "000/1b/beta");
        yield return Case("auto and manual do not add up",
            () => Build(alpha: t => t with { AutoPoints = 1.5 }), CatalogProblemKind.PointsDoNotAddUp, "000/1a/alpha");
        yield return Case("manual points missing",
            () => Build(beta: t => t with { Manual = [new ManualItem("answer", 0.5, "Answer.")] }), CatalogProblemKind.PointsDoNotAddUp, "000/1b/beta");
        yield return Case("sheet total differs",
            () => Build(sheet000: s => s with { Total = 4 }), CatalogProblemKind.SheetTotalMismatch, "000");
        yield return Case("sheet bonus differs",
            () => Build(sheet000: s => s with { Bonus = 2 }), CatalogProblemKind.SheetTotalMismatch, "000");
        yield return Case("bonus task counted as regular",
            () => Build(gammaIsBonus: false),
            CatalogProblemKind.SheetTotalMismatch, "000");
        yield return Case("check weight zero",
            () => Build(alpha: t => t with { Checks = [Spec("x", 0), Spec("y", 2)] }), CatalogProblemKind.CheckWeightNotPositive, "000/1a/alpha");
        yield return Case("check weight negative",
            () => Build(alpha: t => t with { Checks = [Spec("x", -1), Spec("y", 2)] }), CatalogProblemKind.CheckWeightNotPositive, "000/1a/alpha");
        yield return Case("check weight NaN",
            () => Build(alpha: t => t with { Checks = [Spec("x", double.NaN), Spec("y", 2)] }), CatalogProblemKind.CheckWeightNotPositive, "000/1a/alpha");
        yield return Case("two checks share an id",
            () => Build(alpha: t => t with { Checks = [Spec("x", 1), Spec("x", 2)] }), CatalogProblemKind.DuplicateCheckId, "000/1a/alpha");
        yield return Case("two manual items share an id",
            () => Build(alpha: t => t with { Manual = [new ManualItem("explain", 0.5, "A."), new ManualItem("explain", 0.5, "B.")] }),
            CatalogProblemKind.DuplicateManualItemId, "000/1a/alpha");
        yield return Case("checks without auto points",
            () => Build(beta: t => t with { Checks = [Spec("z", 1)] }), CatalogProblemKind.ChecksWithoutAutoPoints, "000/1b/beta");
        yield return Case("stated weight without a note",
            () => Build(delta: t => t with { Note = null }), CatalogProblemKind.MissingNote, "001/1/delta");
    }

    /// <summary>
    /// A sound two-sheet catalog: sheet 000 prints points (total 3, bonus 1), sheet 001 prints none (stated weight 1).
    /// Each argument replaces one part of it.
    /// </summary>
    private static CourseCatalog Build(
        Func<Sheet, Sheet>? sheet000 = null,
        Func<TaskSpec, TaskSpec>? alpha = null,
        Func<TaskSpec, TaskSpec>? beta = null,
        Func<TaskSpec, TaskSpec>? delta = null,
        IEnumerable<Sheet>? extraSheets = null,
        IEnumerable<TaskSpec>? extraTasks = null,
        bool gammaIsBonus = true)
    {
        var s0 = new Sheet("000", "000_test.txt", "Test sheet", new Course("test-course", "Test University", "Test course", "2024"), Total: 3, Bonus: 1, PrintsPoints: true, Note: "Printed per part.");
        var a = new TaskSpec("000", "1 (a)", "000/1a/alpha", "Alpha", 2, 1,
            [Spec("x", 1), new CheckSpec(new StubCheck("y"), 2, Visibility.Hidden)],
            [new ManualItem("explain", 1, "Explain.")]);
        var b = new TaskSpec("000", "1 (b)", "000/1b/beta", "Beta", 1, 0, [], [new ManualItem("answer", 1, "Answer.")]);
        var g = new TaskSpec("000", "2", "000/2/gamma", "Gamma", 1, 0, [], [new ManualItem("answer", 1, "Answer.")], Bonus: gammaIsBonus);

        return new CourseCatalog(
            [(sheet000 ?? (s => s))(s0), Sheet001(), .. extraSheets ?? []],
            [(alpha ?? (t => t))(a), (beta ?? (t => t))(b), g, (delta ?? (t => t))(Delta()), .. extraTasks ?? []]);
    }

    private static Sheet Sheet001() =>
        new("001", "001_test.txt", "Unprinted sheet", new Course("test-course", "Test University", "Test course", "2024"), Total: 1, Bonus: 0, PrintsPoints: false, Note: "Stated weights.");

    private static TaskSpec Delta() =>
        new("001", "1", "001/1/delta", "Delta", 1, 1, [], [], Note: "Stated weight 1; all auto; no check yet.") { ChecksPending = true };

    private static CheckSpec Spec(string id, double weight) => new(new StubCheck(id), weight, Visibility.Visible);
}
