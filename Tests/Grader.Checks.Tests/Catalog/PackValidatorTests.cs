using Grader.Checks.Packs;
using Grader.Tests.SamplePack;
using Grader.Contracts.Sample;
using static Grader.Checks.Catalog.CheckSpec;

namespace Grader.Checks.Tests.Catalog;

/// <summary>
/// The validator's pack rules, each shown by a variant of the sample pack (<see cref="SamplePack"/>) that breaks it, and
/// each message naming the task, check or contract. Folder variants are copies of the sample's folder with one file
/// changed, in a scratch folder.
/// </summary>
public sealed class PackValidatorTests
{
    /// <summary>The scratch copies made by <see cref="Copy"/>, deleted after the tests.</summary>
    private static readonly List<string> Copies = [];

    [OneTimeTearDown]
    public void DeleteCopies()
    {
        lock (Copies)
        {
            foreach (var copy in Copies.Where(Directory.Exists))
            {
                Directory.Delete(copy, recursive: true);
            }
        }
    }

    [Test]
    public void The_sample_pack_with_its_folders_has_no_problem()
    {
        var problems = CatalogValidator.Validate(SamplePack.Catalog(), SamplePack.Folders);
        problems.Should().BeEmpty(string.Join(Environment.NewLine, problems));
    }

    [TestCaseSource(nameof(Defects))]
    public void Each_broken_pack_is_refused_with_a_sentence_naming_what_is_wrong(Func<(CourseCatalog Catalog, CatalogFolders? Folders)> build, CatalogProblemKind kind, string named)
    {
        var (catalog, folders) = build();
        var problems = CatalogValidator.Validate(catalog, folders);

        problems.Should().ContainSingle(string.Join(Environment.NewLine, problems));
        var problem = problems[0];
        problem.Kind.Should().Be(kind, problem.ToString());
        problem.Subject.Should().Be(named);
        problem.Message.Should().Contain(named, "the sentence names the task, check or contract");
    }

    /// <summary>Every kind of problem the pack rules add, each with a pack that breaks it.</summary>
    public static IEnumerable<TestCaseData> Defects()
    {
        TestCaseData Case(string name, Func<(CourseCatalog, CatalogFolders?)> build, CatalogProblemKind kind, string named) =>
            new TestCaseData(build, kind, named).SetName($"Broken pack: {name}");

        yield return Case("a task with automatic points and no binding",
            () => (SamplePack.Catalog(tasks: [SamplePack.Tasks[0], SamplePack.Tasks[1] with { ChecksPending = false }]), null),
            CatalogProblemKind.TaskWithoutBinding, "900/2/later");
        yield return Case("a pending task that a pack binds",
            () => (SamplePack.Catalog(tasks: [SamplePack.Tasks[0] with { ChecksPending = true }, SamplePack.Tasks[1]]), null),
            CatalogProblemKind.PendingTaskHasChecks, SamplePack.TaskId);
        yield return Case("a binding to a task no sheet has (a typo in the id)",
            () => (SamplePack.Catalog(SamplePack.Pack with { Bindings = [.. SamplePack.Pack.Bindings, new("900/1/scael", [typeof(IScaler)], [Visible(new ScaleDoubles())])] }), null),
            CatalogProblemKind.BindingToUnknownTask, "900/1/scael");
        yield return Case("a binding to a contract the pack does not declare",
            () => (SamplePack.Catalog(SamplePack.Pack with { Bindings = [SamplePack.Pack.Bindings[0] with { Contracts = [typeof(IScaler), typeof(IComparable)] }] }), null),
            CatalogProblemKind.ContractNotInPack, "IComparable");
        yield return Case("a check shared by two sheets whose reference names one of them",
            () => (TwoSheets(), null),
            CatalogProblemKind.SharedCheckNamesSheet, new ScaleDoubles().Id);
        yield return Case("a hidden check declared twice with different sheet references",
            () => (TwoSheets(new ScaleDoublesOfAnySheet(), hidden: ["ex. 1: scale by two", "ex. 1: scale by 2"]), null),
            CatalogProblemKind.DuplicateCheckId, "sample.scale-is-odd");
        yield return Case("a check no mutant names",
            () => (SamplePack.Catalog(WithCheck(new NamedCheck("sample.unproven"))), SamplePack.Folders),
            CatalogProblemKind.CheckWithoutMutant, "sample.unproven");
        yield return Case("a mutant that names a check the pack lacks",
            () => (SamplePack.Catalog(), Copy(root => WriteMutant(root, "typo", "sample.scale-doubels"))),
            CatalogProblemKind.MutantNamesUnknown, "typo");
        yield return Case("a contract without a reference",
            () => (SamplePack.Catalog(tutorPack: SamplePack.Tutor with { References = new Dictionary<Type, Func<object>>() }), null),
            CatalogProblemKind.ContractWithoutReference, "IScaler");
        yield return Case("a contract without a template class",
            () => (SamplePack.Catalog(), Copy(root => File.WriteAllText(Path.Combine(root, "Template", "Scaler.cs"), "namespace Submission;\npublic sealed class Scaler { }\n"))),
            CatalogProblemKind.ContractWithoutTemplate, "IScaler");
        yield return Case("a contract without a correct implementation",
            () => (SamplePack.Catalog(), Copy(root => File.WriteAllText(Path.Combine(root, "Examples", "Correct", "Scaler.cs"), "namespace Submission;\npublic sealed class Scaler { }\n"))),
            CatalogProblemKind.ContractWithoutCorrectExample, "IScaler");
        yield return Case("a hidden check the tutor side does not bind",
            () => (SamplePack.Catalog(tutorPack: SamplePack.Tutor with { HiddenChecks = [] }), null),
            CatalogProblemKind.HiddenCheckNotBound, "sample.scale-is-odd");
        yield return Case("a tutor-side check no pack declares",
            () => (SamplePack.Catalog(tutorPack: SamplePack.Tutor with { HiddenChecks = [.. SamplePack.Tutor.HiddenChecks, new NamedCheck("sample.stray")] }), null),
            CatalogProblemKind.TutorCheckNotDeclared, "sample.stray");
        yield return Case("a missing snapshot folder",
            () => (SamplePack.Catalog(SamplePack.Pack with { Folders = SamplePack.Pack.Folders with { Snapshots = "sample-gone" } }), SamplePack.Folders),
            CatalogProblemKind.FolderMissing, "Sample");
    }

    [Test]
    public void The_course_catalog_without_its_tutor_side_still_passes_the_student_side_rules()
    {
        var problems = CatalogValidator.Validate(CourseCatalog.Default);
        problems.Should().BeEmpty(string.Join(Environment.NewLine, problems));
    }

    [Test]
    public void A_pack_without_a_tutor_side_lacks_every_reference_once_tutor_packs_are_bound()
    {
        var other = SamplePack.Pack with { Family = "Other", Bindings = [] };
        var catalog = new CourseCatalog([SamplePack.Sheet], SamplePack.Tasks, [SamplePack.Pack, other]).WithTutorPacks([SamplePack.Tutor]);
        CatalogValidator.Validate(catalog).Should().ContainSingle(p => p.Kind == CatalogProblemKind.ContractWithoutReference && p.Message.Contains("pack Other"));
    }

    [Test]
    public void A_check_shared_by_two_sheets_may_state_its_reference_without_a_sheet() =>
        CatalogValidator.Validate(TwoSheets(new ScaleDoublesOfAnySheet())).Should().BeEmpty();

    /// <summary>
    /// The sample course with a sheet 901 that poses exercise 1 again, its task bound to <paramref name="shared"/> (by
    /// default the visible check, whose reference names sheet 900) as sheet 900's is; with <paramref name="hidden"/>, the
    /// two tasks declare the hidden check with these sheet references, one each (the side students receive: no tutor pack bound).
    /// </summary>
    private static CourseCatalog TwoSheets(Grader.Checks.Checking.ICheck? shared = null, string[]? hidden = null)
    {
        shared ??= new ScaleDoubles();
        var again = SamplePack.Sheet with { Id = "901", FileName = "901_sample.txt", Total = 3 };
        var task = SamplePack.Tasks[0] with { Sheet = "901", Id = "901/1/scale" };
        var first = SamplePack.Pack.Bindings[0];
        var pack = SamplePack.Pack with
        {
            Bindings =
            [
                first with { Checks = [Visible(shared, 2), .. hidden is null ? first.Checks.Skip(1) : [Hidden(first.Checks[1].Check.Id, hidden[0])]] },
                new("901/1/scale", [typeof(IScaler)], [Visible(shared), .. hidden is null ? [] : new[] { Hidden(first.Checks[1].Check.Id, hidden[1]) }]),
            ],
        };
        var catalog = new CourseCatalog([SamplePack.Sheet, again], [.. SamplePack.Tasks, task], [pack]);
        return hidden is null ? catalog.WithTutorPacks([SamplePack.Tutor]) : catalog;
    }

    /// <summary><see cref="ScaleDoubles"/> with its reference stated without a sheet.</summary>
    private sealed class ScaleDoublesOfAnySheet : Grader.Checks.Checking.ICheck
    {
        private readonly ScaleDoubles _check = new();

        public string Id => _check.Id;

        public string SheetRef => "ex. 1: scale by two";

        public Grader.Checks.Results.CheckResult Run(Grader.Checks.Checking.CheckContext context) => _check.Run(context);
    }

    private static ExercisePack WithCheck(Grader.Checks.Checking.ICheck check) =>
        SamplePack.Pack with { Bindings = [SamplePack.Pack.Bindings[0] with { Checks = [.. SamplePack.Pack.Bindings[0].Checks, Visible(check)] }] };

    /// <summary>The sample's folders copied to a fresh scratch folder, changed by <paramref name="change"/>.</summary>
    private static CatalogFolders Copy(Action<string> change)
    {
        var root = Path.Combine(Path.GetTempPath(), "grader-pack-" + Guid.NewGuid().ToString("N")[..12]);
        lock (Copies)
        {
            Copies.Add(root);
        }

        CopyFolder(SamplePack.Root, root);
        change(root);
        return new CatalogFolders(root, Path.Combine(root, "Snapshots"));
    }

    private static void WriteMutant(string root, string slug, string check)
    {
        var folder = Path.Combine(root, "Examples", "Mutants", slug);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "Scaler.cs"), File.ReadAllText(Path.Combine(root, "Examples", "Mutants", "triples", "Scaler.cs")));
        File.WriteAllText(Path.Combine(folder, "mutant.json"), $$"""{ "base": "Correct", "bug": "b", "task": "{{SamplePack.TaskId}}", "check": "{{check}}", "contract": "IScaler" }""");
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var sub in Directory.EnumerateDirectories(from).Where(d => Path.GetFileName(d) is not ("bin" or "obj")))
        {
            CopyFolder(sub, Path.Combine(to, Path.GetFileName(sub)));
        }
    }

    /// <summary>A check that only has an id.</summary>
    private sealed class NamedCheck(string id) : Grader.Checks.Checking.ICheck
    {
        public string Id { get; } = id;

        public string SheetRef => "test";

        public Grader.Checks.Results.CheckResult Run(Grader.Checks.Checking.CheckContext context) => Grader.Checks.Results.CheckResult.Pass(Id, "named");
    }
}
