using System.Text;
using FluentAssertions;
using Grader.Checks.Catalog;
using Grader.Checks.Checking;
using Grader.Checks.Grading;
using Grader.Checks.Handins;
using Grader.Checks.Hidden;
using Grader.Checks.Hidden.Diffusion;
using Grader.Checks.Results;
using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion.Handin;

namespace Grader.Reference.Tests.Grading;

/// <summary>
/// The issue's acceptance tests for the diffusion graders, run through the same path a tutor's grading takes (compile
/// the hand-in folder with Roslyn, bind the contracts, run every visible and hidden check of the catalog):
/// <list type="bullet">
/// <item>the correct example scores full marks on every diffusion task, and so does the reference wrapped as a hand-in;</item>
/// <item>every mutant loses points on the task its bug belongs to (named in its mutant.json), and only there, with a
/// message; the table of which check caught which mutant is written to the test output.</item>
/// </list>
/// The two training-quality checks train a network (≈ 10–20 s each), so they run for the correct example, the
/// reference and the one mutant whose changed file is the training code. For every other mutant they are left out: the
/// mutant's training file is the correct one byte for byte, and the training checks call nothing but
/// IDiffusionTraining, so their verdict is the correct example's.
/// </summary>
[NonParallelizable]
public class ExampleHandinsTests
{
    private static readonly string Root = FindRoot();
    private static readonly string[] DiffusionSheets = ["000", "001", "002", "004"];
    private static readonly CourseCatalog FullCatalog = TutorCatalog.Default;
    private static readonly Lazy<HandinReport> CorrectReport = new(() => Grade(HandinSource.Load(Path.Combine(Root, "Submissions", "Examples", "Diffusion", "Correct")), FullCatalog));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Grader.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Grader.sln not found above " + AppContext.BaseDirectory);
    }

    private static GradeOptions Options => new()
    {
        Sheets = DiffusionSheets,
        VisibleOnly = false,
        Seed = 20231010,
        SnapshotRoot = Path.Combine(Root, "fixtures", "snapshots"),
        CheckTimeLimit = TimeSpan.FromMinutes(3),
    };

    private static HandinReport Grade(HandinSource source, CourseCatalog catalog) => HandinGrader.Default.Grade(source, catalog, Options);

    private static IEnumerable<TaskResult> GradedTasks(HandinReport report) => report.Tasks.Where(t => t.Task.Graded);

    [Test]
    public void The_correct_example_scores_full_marks_on_every_diffusion_task()
    {
        var report = CorrectReport.Value;
        report.Compile.Success.Should().BeTrue(report.Compile.Summary());
        var lost = GradedTasks(report).Where(t => !t.FullMarks).ToList();
        lost.Should().BeEmpty(string.Join("\n", lost.Select(TextReport.RenderTask)));
        GradedTasks(report).Should().NotBeEmpty();
    }

    [Test]
    public void The_reference_wrapped_as_a_hand_in_passes_every_diffusion_check()
    {
        var resolve = TutorCatalog.ReferenceResolver();
        var failures = new List<string>();
        foreach (var task in FullCatalog.Tasks.Where(t => t.Graded && DiffusionSheets.Contains(t.Sheet)))
            foreach (var spec in task.Checks)
            {
                // Training: the reference trainer of the check's own sheet (Heidelberg's network for V, DTU's FcNetwork for the toy data).
                IDiffusionTraining trainer = spec.Check.Id == DiffusionTutorPack.VTrainingQuality.Id ? ReferenceTraining.Heidelberg : ReferenceTraining.Dtu;
                Func<Type, object?> resolveWithTraining = type => type == typeof(IDiffusionTraining) ? trainer : resolve(type);
                var context = new CheckContext(resolveWithTraining, HandinGrader.CheckSeed(Options.Seed, spec.Check.Id), Options.SnapshotRoot);
                var result = spec.Check.Run(context);
                if (!result.Passed) failures.Add($"{task.Id} {spec.Check.Id}: {result.Outcome}: {result.Message}");
            }
        failures.Should().BeEmpty(string.Join("\n", failures));
    }

    public static IEnumerable<TestCaseData> Mutants() =>
        Directory.EnumerateDirectories(Path.Combine(FindRoot(), "Submissions", "Examples", "Diffusion", "Mutants"))
            .OrderBy(d => d, StringComparer.Ordinal)
            .Select(d => new TestCaseData(Path.GetFileName(d)).SetName($"Mutant {Path.GetFileName(d)} loses points on its own task only"));

    [TestCaseSource(nameof(Mutants))]
    public void Every_mutant_loses_points_on_its_task_and_only_there(string slug)
    {
        var folder = Path.Combine(Root, "Submissions", "Examples", "Diffusion", "Mutants", slug);
        var source = HandinSource.Load(folder);
        var info = source.Mutant ?? throw new AssertionException($"{slug} has no mutant.json");
        info.Task.Should().NotBeNullOrEmpty($"{slug}/mutant.json names the task its bug belongs to");

        bool touchesTraining = Directory.EnumerateFiles(folder, "*.cs").Any(f => Path.GetFileName(f) == "DiffusionTraining.cs");
        var catalog = touchesTraining ? FullCatalog : WithoutTrainingChecks(FullCatalog);
        var report = Grade(source, catalog);
        report.Compile.Success.Should().BeTrue(report.Compile.Summary());

        var own = report.Find(info.Task!) ?? throw new AssertionException($"task {info.Task} of {slug} is not in the catalog");
        var correct = CorrectReport.Value;
        var caught = own.Checks.Where(c => !c.Result.Passed).ToList();

        var table = new StringBuilder();
        table.AppendLine($"| {slug} | {info.Task} | {own.Score:0.##} / {own.MaxAuto:0.##} | {string.Join(", ", caught.Select(c => c.Spec.Check.Id))} |");
        foreach (var c in caught) table.AppendLine($"    {c.Spec.Check.Id}: {c.Result.Message}");
        TestContext.Out.WriteLine(table.ToString());

        own.Score.Should().BeLessThan(own.MaxAuto, $"{slug} ({info.Bug}) must lose points on {info.Task}");
        caught.Should().OnlyContain(c => !string.IsNullOrWhiteSpace(c.Result.Message));

        var elsewhere = GradedTasks(report)
            .Where(t => t.Task.Id != info.Task && !SameExercise(t.Task.Id, info.Task!))
            .Where(t => Math.Abs(t.Score - (correct.Find(t.Task.Id)?.Score ?? double.NaN)) > 1e-9)
            .Where(t => !OnlyThroughSharedContract(t, info))
            .Select(t => TextReport.RenderTask(t))
            .ToList();
        elsewhere.Should().BeEmpty($"{slug} must lose points only on {info.Task}");
    }

    /// <summary>
    /// Training is one contract (IDiffusionTraining) graded in two tasks: Heidelberg 1 (a) trains on V, DTU 3.4 on the
    /// toy data. A training bug may therefore cost the other training task too — but only through its training check.
    /// </summary>
    private static bool OnlyThroughSharedContract(TaskResult task, MutantInfo info) =>
        info.Contract == "IDiffusionTraining"
        && task.Checks.Where(c => !c.Result.Passed).All(c => DiffusionTutorPack.TrainingChecks.Any(t => t.Id == c.Spec.Check.Id));

    /// <summary>Sheets 000 and 001 pose the same diffusion exercise 1 (a)–(e) with other points: a bug costs both copies.</summary>
    private static bool SameExercise(string a, string b) =>
        a.Length > 4 && b.Length > 4 && a[4..] == b[4..] && a[..3] is "000" or "001" && b[..3] is "000" or "001";

    private static CourseCatalog WithoutTrainingChecks(CourseCatalog catalog)
    {
        var training = new HashSet<string> { DiffusionTutorPack.VTrainingQuality.Id, DiffusionTutorPack.ToyDataTrainingQuality.Id };
        return new CourseCatalog(catalog.Sheets, catalog.Tasks.Select(t => t with { Checks = t.Checks.Where(c => !training.Contains(c.Check.Id)).ToArray() }));
    }
}
