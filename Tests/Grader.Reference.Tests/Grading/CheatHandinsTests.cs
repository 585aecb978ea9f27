using Grader.Checks.Catalog;

namespace Grader.Reference.Tests.Grading;

/// <summary>
/// The cheat class (<c>Submissions/Examples/&lt;family&gt;/Cheats/&lt;slug&gt;</c>, each laid over the correct example): hand-ins
/// that earn a task's visible checks without doing the task — returning the shipped snapshot values, being right only
/// at the self-check's batch size, detecting the self-check's set-up. Graded as the tutor grades (every visible and
/// hidden check of the tasks its checks are bound to and of its own task; the training checks are left out but those a cheat's
/// <c>cheat.json</c> names, for the cheats of a training contract):
/// <list type="bullet">
/// <item>each cheat fails the hidden checks its <c>cheat.json</c> names (the checks on inputs drawn for the run) and
/// loses points on exactly the tasks they are bound to, its own task among them;</item>
/// <item>in the student's self-check (visible checks only) the same hand-in scores full marks on that task: the cheat
/// does defeat the visible checks, which is why the tutor's run must not rest on them. (A later, stronger visible check
/// may catch a cheat too; then this half of the test says so, and the cheat should be made subtler.) A task without
/// visible checks (the VAE's and the quickies') has no self-check: there the cheat aims at what the hidden checks
/// draw, and this half does not apply.</item>
/// <item>every cheat scores 0 on its own task in the tutor's run: a failed hidden check withholds the whole task
/// (<see cref="TaskResult.WithheldBy"/>), so neither the visible checks it defeats nor the parts of the task it left
/// honest credit it, and the withholding check is one its <c>cheat.json</c> names. The row printed per cheat gives
/// the points its passed checks are worth (what it kept before that rule) beside its score.</item>
/// <item>a cheat of the kind <c>"refused"</c> is refused by the engine itself wherever it runs (autograd's version
/// counters: a backward through a tensor written in place after it was saved fails with the engine's message), so the
/// self-check half does not apply either; its withholding check's message must carry that refusal.</item>
/// <item>a cheat whose <c>cheat.json</c> says <c>"refused": "GRADER005"</c> (state in the trained model's objects, issue 79
/// item 2) is refused when it is compiled, in the tutor's run and the self-check alike, with the rule's message naming
/// the field: the file implementing its contract is left out (the rest of the hand-in compiles and is graded), so none
/// of it runs and the rest does not apply. (The static-memory cheats, <c>"host": true</c>, are graded
/// by <c>FreshHostTests</c> without the rule; the others are proven against the run-time line by their own tests.)</item>
/// <item>a cheat of the kind <c>"stub"</c> (<c>cheat.json</c>'s <c>kind</c>) satisfies the task's properties without
/// doing the computation (an attention layer that computes no attention is permutation equivariant, ignores masked keys
/// and returns distributions). The self-check half does not apply: the visible comparisons catch it too.</item>
/// </list>
/// </summary>
[NonParallelizable]
public class CheatHandinsTests
{
    private static readonly string Root = RepositoryRoot.Path;
    private static readonly Dictionary<string, HandinReport> Correct = [];

    private sealed record CheatInfo(string Base, string Task, string Contract, string Trick, string[] Check, string? Kind = null, string? Refused = null);

    private static HandinReport Grade(HandinSource source, CourseCatalog catalog, bool visibleOnly, IReadOnlyList<string> sheets) => HandinGrader.Default.Grade(source, catalog, Options(visibleOnly, sheets));

    /// <summary>
    /// The cheat graded from its image emitted once (<paramref name="emitted"/>), loaded into a fresh load context of its
    /// own as <see cref="HandinCompiler.Compile"/> loads it (which is <see cref="HandinCompiler.Load"/> of
    /// <see cref="HandinCompiler.Emit"/>, and the emit is deterministic): the tutor's run and the self-check each get the
    /// hand-in as a compile of their own would, fresh statics included, without compiling it twice (≈ 0.13 s of CPU a cheat).
    /// </summary>
    private static HandinReport Grade(HandinSource source, EmittedHandin emitted, HandinCompiler compiler, CourseCatalog catalog, bool visibleOnly, IReadOnlyList<string> sheets) =>
        HandinGrader.Default.Grade(source.Name, HandinCompiler.Load(source.Name, emitted, compiler.ContractAssemblies), catalog, Options(visibleOnly, sheets));

    private static GradeOptions Options(bool visibleOnly, IReadOnlyList<string> sheets) => new()
    {
        Sheets = sheets,
        VisibleOnly = visibleOnly,
        Seed = 20231010,
        SnapshotRoot = Path.Combine(Root, "fixtures", "snapshots"),
        CheckTimeLimit = InProcessCheckLimit.PerCheck,
    };

    /// <summary>The cheats of the pack of <paramref name="family"/>: <c>Cheats/</c> in its examples folder.</summary>
    private static string CheatsFolder(string family) => Path.Combine(RepositoryRoot.Path, TutorCatalog.Default.Packs.Single(p => p.Family == family).Folders.Examples, "Cheats");

    public static IEnumerable<TestCaseData> CheatFolders() =>
        TutorCatalog.Default.Packs.Select(p => (p.Family, Folder: CheatsFolder(p.Family))).Where(c => Directory.Exists(c.Folder))
            .SelectMany(c => Directory.EnumerateDirectories(c.Folder).Where(d => !OnlyAFreshHostCatches(d)).Select(d => (c.Family, Slug: Path.GetFileName(d), Explicit: ExplicitBecause(d))))
            .OrderBy(c => c.Family + "/" + c.Slug, StringComparer.Ordinal)
            .Select(c =>
            {
                var data = new TestCaseData(c.Family, c.Slug).SetName($"Cheat {c.Slug} loses its task in the tutor's run and passes the self-check");
                return c.Explicit is null ? data : data.Explicit(c.Explicit);
            });

    /// <summary>
    /// Why the cheat's case is [Explicit] (<c>cheat.json</c>'s <c>"explicit"</c>: its cost, and the cheap always-on twin that
    /// proves its class, as <c>Tests/README.md</c> asks of a case over ≈ 3 s of CPU), or null: graded in every run.
    /// </summary>
    private static string? ExplicitBecause(string folder)
    {
        var json = Path.Combine(folder, "cheat.json");
        if (!File.Exists(json)) return null;
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        return document.RootElement.TryGetProperty("explicit", out var why) && why.ValueKind == JsonValueKind.String ? why.GetString() : null;
    }

    /// <summary>
    /// A cheat whose <c>cheat.json</c> says <c>"host": true</c> carries state from the training into the sampling in its
    /// process's statics: in process (here) it keeps its points, and only the fresh host of <c>grader grade</c> catches it
    /// (issue 66 item 1), so it is graded through the hosts (<c>Tests/Grader.Runner.Tests/Remote/FreshHostTests.cs</c>).
    /// </summary>
    private static bool OnlyAFreshHostCatches(string folder)
    {
        var json = Path.Combine(folder, "cheat.json");
        if (!File.Exists(json)) return false;
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        return document.RootElement.TryGetProperty("host", out var host) && host.ValueKind == JsonValueKind.True;
    }

    [TestCaseSource(nameof(CheatFolders))]
    public void Every_cheat_loses_its_task_in_the_tutors_run(string family, string slug)
    {
        var folder = Path.Combine(CheatsFolder(family), slug);
        var info = JsonSerializer.Deserialize<CheatInfo>(File.ReadAllText(Path.Combine(folder, "cheat.json")), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
                   ?? throw new AssertionException($"{slug}/cheat.json is empty");
        info.Check.Should().NotBeEmpty($"{slug}/cheat.json names the checks expected to catch it");
        var source = HandinSource.FromFolder(Path.Combine(Root, "Submissions", "Examples", info.Base)).WithOverlay(folder);
        if (info.Refused == Grader.Checks.Handins.Allowlist.PurityAnalyzer.RuleId)
        {
            // Refused when compiled (the tutor's compile and the student's build run the same rule): no check runs.
            var refused = HandinGrader.Default.CompilerFor(TutorCatalog.Default).Emit(source).Result;
            foreach (var e in refused.Errors) TestContext.Out.WriteLine($"{slug}: {e}");
            // The file is left out (a partial compile: the rest of the hand-in is graded), and with it the cheat's contract.
            refused.Excluded.Should().Contain(f => f.Contracts.Any(c => c == info.Contract || c.EndsWith("." + info.Contract, StringComparison.Ordinal)), $"{slug} keeps state in the trained model's objects, which GRADER005 refuses: the file implementing {info.Contract} is left out");
            refused.Errors.Should().Contain(e => e.Id == info.Refused && e.Message.Contains(Grader.Checks.Handins.Allowlist.PurityAnalyzer.Why, StringComparison.Ordinal)
                && (e.Message.Contains("field `", StringComparison.Ordinal) || e.Message.Contains("property `", StringComparison.Ordinal)), "the refusal names the field");
            return;
        }

        var catalog = WithoutTrainingChecks(TutorCatalog.Default, info.Check);
        var expected = catalog.Tasks.Where(t => t.Checks.Any(c => info.Check.Contains(c.Check.Id))).Select(t => t.Id).ToHashSet();
        var sheets = catalog.Tasks.Where(t => expected.Contains(t.Id) || t.Id == info.Task).Select(t => t.Sheet).Distinct().Order(StringComparer.Ordinal).ToArray();
        // Only the tasks of the named checks and the cheat's own task are checked; every other task of those sheets keeps no
        // check (it is then not graded, for the cheat and the correct example alike, and can lose nothing), so the tutor's
        // run is the sheets' run restricted to those tasks (sheet 003's other ODE/SDE checks took most of an OdeSde cheat's time).
        catalog = new(catalog.Sheets, catalog.Tasks.Select(t => expected.Contains(t.Id) || t.Id == info.Task ? t : t with { Checks = [] }));
        // The correct example's grade depends only on the checked tasks and on which training checks the catalog keeps.
        var kept = info.Check.Where(id => catalog.Tasks.Any(t => t.Checks.Any(c => c.Check.Id == id)) && TrainingIds.Contains(id)).Order(StringComparer.Ordinal);
        var key = info.Base + "|" + string.Join(",", expected.Append(info.Task).Distinct().Order(StringComparer.Ordinal)) + "|" + string.Join(",", kept);
        if (!Correct.TryGetValue(key, out var correct))
        {
            // Its verdicts are those ExampleHandinsTests' grading of the same example on every check computes (same seed), so they are shared.
            var example = HandinSource.FromFolder(Path.Combine(Root, "Submissions", "Examples", info.Base));
            Correct[key] = correct = Grade(example, PassedVerdicts.For(example, catalog), visibleOnly: false, sheets);
        }

        var baseline = correct.Find(info.Task) ?? throw new AssertionException($"the correct example's run has no task {info.Task}");
        baseline.FullMarks.Should().BeTrue($"{info.Base} is correct, so its task {info.Task} is the baseline the cheat is measured against; it failed: "
            + string.Join("; ", baseline.Checks.Where(c => !c.Passed).Select(c => $"{c.CheckId}: {c.Result.Message}")));
        var compiler = HandinGrader.Default.CompilerFor(catalog);
        var emitted = compiler.Emit(source);
        var tutor = Grade(source, emitted, compiler, catalog, visibleOnly: false, sheets);
        tutor.Compile.Success.Should().BeTrue(tutor.Compile.Summary());
        var failed = tutor.Tasks.SelectMany(t => t.Checks).Where(c => !c.Passed).ToList();
        foreach (var c in failed.DistinctBy(c => c.CheckId)) TestContext.Out.WriteLine($"tutor's run, {c.CheckId}: {c.Result.Message}");
        var lost = tutor.Tasks.Where(t => t.Task.Graded && Math.Abs(t.Score - (correct.Find(t.Task.Id)?.Score ?? double.NaN)) > 1e-9).ToList();
        foreach (var t in lost) TestContext.Out.WriteLine($"| {slug} | {t.Task.Id} | {t.Score:0.###} / {t.MaxAuto:0.###} |");

        failed.Select(c => c.CheckId).Should().Contain(info.Check, $"{slug} ({info.Trick}) is caught by the hidden checks its cheat.json names");
        expected.Should().Contain(info.Task);
        lost.Select(t => t.Task.Id).Should().BeEquivalentTo(expected, $"{slug} loses points on exactly the tasks of its checks");
        var task = tutor.Find(info.Task) ?? throw new AssertionException($"the tutor's run has no task {info.Task}");
        var passed = task.Checks.Where(c => c.Passed).ToList();
        TestContext.Out.WriteLine($"| {family} | {slug} | {info.Task} | {passed.Sum(task.PointsOf):0.###} / {task.MaxAuto:0.###} | {task.Score:0.###} | {task.WithheldBy?.Result.Id ?? "—"} |");
        task.Score.Should().Be(0, $"{slug} fails a hidden check of {info.Task}, which withholds the task: no check it passed may credit it; passed: "
            + string.Join(", ", passed.Select(c => c.CheckId)));
        task.WithheldBy.Should().NotBeNull();
        info.Check.Should().Contain(task.WithheldBy!.CheckId, "the feedback names a check the cheat's cheat.json expects to catch it");
        if (info.Kind == "stub")
        {
            return;
        }

        if (info.Kind == "refused")
        {
            // Refused by the engine wherever it runs (a backward through a tensor written after it was saved): the
            // self-check refuses it too, and the feedback carries the engine's message.
            task.WithheldBy!.Result.Message.Should().Contain("was written in place", "the feedback carries the engine's refusal");
            return;
        }

        if (!catalog.Tasks.Single(t => t.Id == info.Task).Checks.Any(c => c.Visibility == Visibility.Visible))
        {
            TestContext.Out.WriteLine($"{info.Task} has no visible check: every check of it is the tutor's, so there is no self-check to defeat.");
            return;
        }
        var self = Grade(source, emitted, compiler, catalog, visibleOnly: true, sheets);
        var own = self.Find(info.Task) ?? throw new AssertionException($"the self-check has no task {info.Task}");
        own.Checks.Should().NotBeEmpty();
        own.FullMarks.Should().BeTrue($"{slug} defeats the visible checks of {info.Task}: " + string.Join("; ", own.Checks.Where(c => !c.Passed).Select(c => c.Result.Message)));
    }

    private static IReadOnlySet<string> TrainingIds => TutorCatalog.TrainingCheckIds;

    /// <summary>The catalog without the training checks (they train a network each) but those the cheat's <paramref name="named"/> checks name.</summary>
    private static CourseCatalog WithoutTrainingChecks(CourseCatalog catalog, IReadOnlyCollection<string> named)
    {
        var training = TrainingIds.Where(id => !named.Contains(id)).ToHashSet();
        return new(catalog.Sheets, catalog.Tasks.Select(t => t with { Checks = t.Checks.Where(c => !training.Contains(c.Check.Id)).ToArray() }));
    }
}
