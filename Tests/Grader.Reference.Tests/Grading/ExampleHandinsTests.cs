using System.Text;
using Grader.Checks.Catalog;
using Grader.Checks.Hidden.Diffusion;
using Grader.Checks.Hidden.Diffusion.Images;
using Grader.Checks.Hidden.Flows;
using Grader.Checks.Hidden.OdeSde;
using Grader.Contracts.Diffusion;
using Grader.Contracts.Flows;
using Grader.Contracts.OdeSde;

namespace Grader.Reference.Tests.Grading;

/// <summary>
/// Every pack's examples, graded through the path a tutor's grading takes (compile the hand-in folder with Roslyn, bind
/// the contracts, run every visible and hidden check of the catalog), made from the catalog (<see cref="TutorCatalog"/>):
/// <list type="bullet">
/// <item>each pack's correct example scores full marks on every task its pack binds, and the reference of every contract
/// passes every check. Each training check's reference pass is held once: the SDE, INN and image DDPM checks'
/// here (<see cref="The_reference_wrapped_as_a_hand_in_passes_every_check"/>), the V check's by
/// <c>HeidelbergVTrainingQualityTests.The_reference_training_passes</c> and the DTU toy-data check's by
/// <c>DtuToyDataTrainingQualityTests.The_reference_training_passes</c> (each the whole check as graded on the reference
/// trainer; left out here), the ODE parts check's by hand (<see cref="ReferencePassByHand"/>);</item>
/// <item>every mutant fails the checks its <c>mutant.json</c> names, and loses points on exactly the tasks those checks
/// are bound to; the table of which check caught which mutant is written to the test output.</item>
/// </list>
/// Each hand-in is graded on its pack's tasks: it implements no contract of another pack's tasks (asserted per mutant),
/// so there every check would fail on the missing contract for the correct example and the mutant alike.
/// The correct examples' verdicts are shared with <see cref="CheatHandinsTests"/>' baselines (<see cref="PassedVerdicts"/>).
/// The training-quality checks train a network (≈ 10–20 s each), so they run for the correct example, the reference and
/// the mutants that break a contract they train with (<see cref="IDiffusionTrainingParts"/> for the V, <see cref="IDtuTrainingParts"/> and the loss <see cref="IDtuDdpm"/> for the toy data and the image training, <see cref="IOdeTrainingParts"/>,
/// <see cref="ISdeTrainingParts"/>, <see cref="IInnTrainingParts"/>), and of those only the training checks the mutant's <c>mutant.json</c> names. For every
/// other mutant they are left out: its training code is the correct one, so their verdict is the correct example's. A
/// training check a training mutant does not name makes no claim about it (the flip rates of the training mutants over
/// 20 seeds are in Graders/Hidden/README.md).
/// </summary>
[NonParallelizable]
public class ExampleHandinsTests
{
    private static readonly string Root = FindRoot();
    private static readonly CourseCatalog FullCatalog = TutorCatalog.Default;
    /// <summary>
    /// The contracts each training check trains with: its parts and, for the DTU's, the hand-in's <see cref="IDtuDdpm"/>,
    /// whose NegativeElbo is the loop's loss (a mutant of it loses the toy data and the images too, rule 6). The other
    /// loops' losses are their parts' own Loss, which the examples compute without the graded likelihood or ELBO contract.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string[]> TrainingChecks = TutorCatalog.Packs.SelectMany(p => p.TrainingChecks).ToDictionary(c => c.Id, c => c switch
    {
        DtuImageTrainingQuality => new[] { nameof(IDtuTrainingParts), nameof(IDtuDdpm) },
        HeidelbergVTrainingQuality => [nameof(IDiffusionTrainingParts)],
        DtuToyDataTrainingQuality => [nameof(IDtuTrainingParts), nameof(IDtuDdpm)],
        OdeTrainingPartsQuality => [nameof(IOdeTrainingParts)],
        SdeTrainingQuality => [nameof(ISdeTrainingParts)],
        InnTrainingQuality => [nameof(IInnTrainingParts)],
        _ => throw new InvalidOperationException($"training check {c.Id}: say which contract it trains"),
    });
    /// <summary>Each correct example on every check of its pack's tasks; a verdict <see cref="CheatHandinsTests"/>' baselines computed already is taken from <see cref="PassedVerdicts"/>.</summary>
    private static readonly Dictionary<string, Lazy<HandinReport>> CorrectReports = FullCatalog.Packs.ToDictionary(
        p => p.Family, p => new Lazy<HandinReport>(() => GradeCorrect(HandinSource.Load(Path.Combine(Root, p.Folders.Correct)), p.Family)));

    private static HandinReport GradeCorrect(HandinSource source, string family) => Grade(source, PassedVerdicts.For(source, OwnTasksOnly(FullCatalog, family)));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Grader.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Grader.sln not found above " + AppContext.BaseDirectory);
    }

    private static GradeOptions Options => new()
    {
        Sheets = null,
        VisibleOnly = false,
        Seed = 20231010,
        SnapshotRoot = Path.Combine(Root, "fixtures", "snapshots"),
        CheckTimeLimit = InProcessCheckLimit.PerCheck,
    };

    private static HandinReport Grade(HandinSource source, CourseCatalog catalog) => HandinGrader.Default.Grade(source, catalog, Options);

    /// <summary>The mutant <paramref name="slug"/> of <paramref name="family"/>'s pack.</summary>
    private static HandinSource Mutant(string family, string slug) =>
        HandinSource.Load(Path.Combine(Root, FullCatalog.Packs.Single(p => p.Family == family).Folders.Mutants, slug));

    /// <summary>The full catalog with only the checks <paramref name="checkIds"/> left in its tasks.</summary>
    private static CourseCatalog Only(IReadOnlyCollection<string> checkIds) =>
        new(FullCatalog.Sheets, FullCatalog.Tasks.Select(t => t with { Checks = t.Checks.Where(c => checkIds.Contains(c.Check.Id)).ToArray() }));

    /// <summary>The tasks a pack binds, as graded in <paramref name="report"/>.</summary>
    private static IEnumerable<TaskResult> TasksOf(HandinReport report, string family)
    {
        var bound = FullCatalog.Packs.Single(p => p.Family == family).Bindings.Select(b => b.TaskId).ToHashSet();
        return report.Tasks.Where(t => bound.Contains(t.Task.Id));
    }

    public static IEnumerable<TestCaseData> Families() => TutorCatalog.Default.Packs.Select(p => new TestCaseData(p.Family).SetName($"The correct example of {p.Family} scores full marks on every task of its pack"));

    [TestCaseSource(nameof(Families))]
    public void The_correct_example_scores_full_marks(string family)
    {
        var report = CorrectReports[family].Value;
        report.Compile.Success.Should().BeTrue(report.Compile.Summary());
        var tasks = TasksOf(report, family).ToList();
        tasks.Should().NotBeEmpty();
        var lost = tasks.Where(t => !t.FullMarks).ToList();
        lost.Should().BeEmpty(string.Join("\n", lost.Select(TextReport.RenderTask)));
        HiddenLeaks(tasks).Should().BeEmpty("a hidden check's feedback names no figure of its hidden set-up");
    }

    /// <summary>The hidden set-up's figures (<see cref="HiddenSetUpLeaks"/>) in what a student reads of the hidden checks of <paramref name="tasks"/> (the failed ones only with <paramref name="failedOnly"/>).</summary>
    private static List<string> HiddenLeaks(IEnumerable<TaskResult> tasks, bool failedOnly = false) =>
        tasks.SelectMany(t => t.Checks.Where(c => t.SpecOf(c).Visibility == Visibility.Hidden && !(failedOnly && c.Passed)))
            .SelectMany(c => HiddenSetUpLeaks.In(c.Result).Select(l => $"{c.CheckId}: {l}"))
            .Distinct()
            .ToList();

    /// <summary>
    /// The errored path: a hand-in whose every member throws, its message quoting the shapes and sizes it was called with
    /// (as a broadcasting error or a student's own guard would), graded on every hidden check of the catalog. Each check
    /// errs or fails, and what the student reads names none of the drawn figures (the tutor's detail keeps them).
    /// </summary>
    [Test]
    public void A_hand_in_that_throws_quoting_its_inputs_learns_no_drawn_figure_from_a_hidden_check()
    {
        var hidden = new CourseCatalog(FullCatalog.Sheets, FullCatalog.Tasks.Select(t => t with { Checks = t.Checks.Where(c => c.Visibility == Visibility.Hidden).ToArray() }));
        var report = HandinGrader.Default.Grade("quoting-thrower", new CompileResult(true, [], 0, TimeSpan.Zero, null),
            type => type.IsInterface ? QuotingThrower.For(type) : null, type => new Grader.Remote.Handins.ContractBinding(type, type, null, false), hidden, Options);
        var verdicts = report.Tasks.SelectMany(t => t.Checks).ToList();

        foreach (var c in verdicts) TestContext.Out.WriteLine($"{c.CheckId}: {c.Result.Outcome}: {c.Result.Message}\n      tutor: {c.Result.TutorDetail}");
        verdicts.Should().NotBeEmpty();
        verdicts.Where(c => c.Passed).Select(c => c.CheckId).Should().BeEmpty("every member throws");
        verdicts.Where(c => c.Result.Outcome == CheckOutcome.Errored).Should().NotBeEmpty();
        verdicts.Where(c => c.Result.TutorDetail?.Contains(QuotingThrower.Marker, StringComparison.Ordinal) == true).Should().NotBeEmpty("the tutor reads what the hand-in's exception said");
        verdicts.Where(c => c.Result.Message.Contains(QuotingThrower.Marker, StringComparison.Ordinal)).Select(c => $"{c.CheckId}: {c.Result.Message}")
            .Should().BeEmpty("the student reads the exception's type and where, not its text");
        HiddenLeaks(report.Tasks).Should().BeEmpty("an exception in a hidden check's call names none of the call's drawn arguments to the student");
    }

    /// <summary>A contract whose every member throws an exception quoting its arguments: "[61, 3]", "N = 61", "152 steps".</summary>
    public class QuotingThrower : System.Reflection.DispatchProxy
    {
        public const string Marker = "called with";

        public static object For(Type contract) => Create(contract, typeof(QuotingThrower));

        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args)
        {
            var quoted = (args ?? []).Select(a => a switch
            {
                Grader.Tensors.Tensor t => $"x of shape {HandinCall.Shape(t.shape)} (N = {(t.shape.Length > 0 ? t.shape[0] : 0)})",
                int i => $"N = {i}",
                System.Collections.ICollection c => $"{c.Count} steps",
                _ => null,
            }).Where(q => q != null);
            throw new InvalidOperationException($"{targetMethod?.Name} {Marker} {string.Join(", ", quoted)}");
        }
    }

    /// <summary>
    /// The training checks whose reference training another test of CI runs through the whole check as graded (its
    /// <c>Run</c>: the drawn budgets, every score, the fresh runs where undecided; the check's default settings, as the
    /// catalog binds it), with that test: they are left out of <see cref="The_reference_wrapped_as_a_hand_in_passes_every_check"/>,
    /// so the claim "the reference passes" stays in CI once per training check (the other seeds' evidence is the 20-seed
    /// calibrations'). The V check's loop trains the reference's parts (<see cref="Grader.Reference.Diffusion.Handin.ReferenceDiffusionTrainingParts"/>), the toy-data
    /// check the DTU reference's parts (<see cref="Grader.Reference.Diffusion.Handin.ReferenceDtuTrainingParts"/>), in those tests as here.
    /// </summary>
    private static readonly IReadOnlyDictionary<Type, string> ReferencePassHeldElsewhere = new Dictionary<Type, string>
    {
        [typeof(HeidelbergVTrainingQuality)] = $"{nameof(Hidden.HeidelbergVTrainingQualityTests)}.{nameof(Hidden.HeidelbergVTrainingQualityTests.The_reference_parts_pass)}",
        [typeof(DtuToyDataTrainingQuality)] = $"{nameof(Hidden.DtuToyDataTrainingQualityTests)}.{nameof(Hidden.DtuToyDataTrainingQualityTests.The_reference_training_passes)}",
    };

    /// <summary>
    /// The training checks whose reference pass runs outside CI, by hand, with that test (the lead's decision, stop 62: the
    /// suite was over its 15 minutes). The ODE check (on the grader's loop since issue 66) costs 6.9 s of CPU on the
    /// reference's parts (rk4 in its loss); what CI keeps of that check: the Correct example's pass at the grading seed,
    /// every ODE training mutant caught here, the reference's parts verified on the loop (OdeGraderTrainingTests); what the
    /// explicit test adds: the reference, the whole check as graded, on 20 of 20 seeds.
    /// </summary>
    private static readonly IReadOnlyDictionary<Type, string> ReferencePassByHand = new Dictionary<Type, string>
    {
        [typeof(OdeTrainingPartsQuality)] = $"{nameof(Grader.Reference.Tests.OdeSde.OdeSdeTrainingCheatsSeedsTests)}.{nameof(Grader.Reference.Tests.OdeSde.OdeSdeTrainingCheatsSeedsTests.The_reference_keeps_the_check_on_every_seed)} (explicit)",
    };

    /// <summary>
    /// The reference of every contract, as one hand-in, passes every check of every graded task under the grading seed.
    /// Which test holds each training check's reference pass: the SDE (<see cref="SdeTrainingQuality"/>), INN
    /// (<see cref="InnTrainingQuality"/>) and image DDPM (<see cref="DtuImageTrainingQuality"/>) checks this test (no
    /// other test of CI runs their reference through the whole check); the V and toy-data checks the tests
    /// <see cref="ReferencePassHeldElsewhere"/> names, and the ODE check the explicit test <see cref="ReferencePassByHand"/>
    /// names: both are left out here. A check object bound to two tasks (sheets 000 and 001 share exercise 1) runs once, as in the
    /// tutor's grading (the same check, context and seed: the same verdict), and its verdict counts for both tasks.
    /// </summary>
    [Test]
    public void The_reference_wrapped_as_a_hand_in_passes_every_check()
    {
        var resolve = TutorCatalog.ReferenceResolver();
        var failures = new List<string>();
        var verdicts = new Dictionary<ICheck, CheckResult>(ReferenceEqualityComparer.Instance);
        foreach (var task in FullCatalog.Tasks.Where(t => t.Graded))
            foreach (var spec in task.Checks.Where(c => !ReferencePassHeldElsewhere.ContainsKey(c.Check.GetType()) && !ReferencePassByHand.ContainsKey(c.Check.GetType())))
            {
                if (!verdicts.TryGetValue(spec.Check, out var result))
                    verdicts[spec.Check] = result = spec.Check.Run(new CheckContext(resolve, HandinGrader.CheckSeed(Options.Seed, spec.Check.Id), Options.SnapshotRoot));
                if (!result.Passed) failures.Add($"{task.Id} {spec.Check.Id}: {result.Outcome}: {result.Message}");
            }
        verdicts.Keys.OfType<ITrainingCheck>().Should().NotBeEmpty("the training checks without another test of their reference pass run here");
        failures.Should().BeEmpty(string.Join("\n", failures));
    }

    public static IEnumerable<TestCaseData> Mutants() => MutantCases("is caught by its checks and loses their tasks only");

    public static IEnumerable<TestCaseData> MutantsOnEveryTask() => MutantCases("loses exactly its tasks graded on every task of its pack, and keeps the correct verdicts outside its edit's reach");

    private static IEnumerable<TestCaseData> MutantCases(string claim) =>
        TutorCatalog.Default.Packs.SelectMany(p => Directory.EnumerateDirectories(Path.Combine(FindRoot(), p.Folders.Mutants))
            .OrderBy(d => d, StringComparer.Ordinal)
            .Select(d => new TestCaseData(p.Family, Path.GetFileName(d)).SetName($"Mutant {p.Family}/{Path.GetFileName(d)} {claim}")));

    /// <summary>
    /// Each mutant fails the checks its <c>mutant.json</c> names and loses points on exactly the tasks they are bound to,
    /// graded on the tasks of its pack its edit can change (<see cref="EditReach"/>): the tasks whose contracts reach a
    /// file the mutant changed. Every other task of its pack runs the correct example's code under the same seed, so it
    /// keeps the correct example's verdicts (the <c>[Explicit]</c> twin
    /// <see cref="Every_mutant_on_every_task_of_its_pack_loses_exactly_its_tasks"/> grades them too and checks that).
    /// The tasks the mutant must lose are always in its reach (asserted), so every mutant is caught here as before.
    /// </summary>
    [TestCaseSource(nameof(Mutants))]
    public void Every_mutant_is_caught_by_its_checks_and_loses_their_tasks_only(string family, string slug) => GradeMutant(family, slug, everyTask: false);

    /// <summary>
    /// <see cref="Every_mutant_is_caught_by_its_checks_and_loses_their_tasks_only"/> on every task of the mutant's pack
    /// (by hand: ≈ 1 s of CPU more a mutant, mostly the Diffusion oracle samplers), and the claim that grading its edit's
    /// reach only is sound: every task outside the reach has the correct example's verdict on every check.
    /// </summary>
    [Explicit("every task of the pack; CI grades each mutant on its edit's reach")]
    [TestCaseSource(nameof(MutantsOnEveryTask))]
    public void Every_mutant_on_every_task_of_its_pack_loses_exactly_its_tasks(string family, string slug) => GradeMutant(family, slug, everyTask: true);

    private static readonly Dictionary<string, Lazy<HandinSource>> CorrectSources = FullCatalog.Packs.ToDictionary(
        p => p.Family, p => new Lazy<HandinSource>(() => HandinSource.Load(Path.Combine(Root, p.Folders.Correct))));

    private static void GradeMutant(string family, string slug, bool everyTask)
    {
        var source = Mutant(family, slug);
        var info = source.Mutant ?? throw new AssertionException($"{slug} has no mutant.json");
        info.Checks.Should().NotBeEmpty($"{slug}/mutant.json names the check(s) expected to catch it");
        info.Base.Should().Be("Correct", $"{slug}'s edit is read against the correct example");

        var expected = FullCatalog.Tasks.Where(t => t.Checks.Any(c => info.Checks.Contains(c.Check.Id))).Select(t => t.Id).ToHashSet();
        var ownTasks = OwnTasksOnly(FullCatalog, family).Tasks.Where(t => t.Graded).ToList();
        var reach = EditReach.TasksReachingTheEdit(source, CorrectSources[family].Value, ownTasks);
        TestContext.Out.WriteLine($"{slug}: its edit reaches {reach.Count} of its pack's {ownTasks.Count} tasks: {string.Join(", ", reach.Order(StringComparer.Ordinal))}");
        reach.Should().Contain(expected, $"the tasks {slug} must lose are ones its edit can change");

        var own = OwnTasksOnly(WithoutTrainingChecks(FullCatalog, contract: info.Contract, named: info.Checks), family);
        var catalog = everyTask ? own : new CourseCatalog(own.Sheets, own.Tasks.Select(t => reach.Contains(t.Id) ? t : t with { Checks = [] }));
        var compiled = HandinCompiler.Default.Compile(source);
        compiled.Success.Should().BeTrue(compiled.Summary());
        ForeignContracts(compiled, family).Should().BeEmpty($"{slug} implements no contract of another pack's tasks, so on those every check fails on the missing contract without calling it, as for the correct example: they are not graded here");
        var report = HandinGrader.Default.Grade(source.Name, compiled, catalog, Options);
        report.Compile.Success.Should().BeTrue(report.Compile.Summary());

        var correct = CorrectReports[family].Value;
        var lost = report.Tasks.Where(t => t.Task.Graded && Math.Abs(t.Score - (correct.Find(t.Task.Id)?.Score ?? double.NaN)) > 1e-9).ToList();
        var failed = report.Tasks.SelectMany(t => t.Checks).Where(c => !c.Passed).ToList();

        var table = new StringBuilder();
        foreach (var t in lost) table.AppendLine($"| {slug} | {t.Task.Id} | {t.Score:0.##} / {t.MaxAuto:0.##} | {string.Join(", ", t.Checks.Where(c => !c.Passed).Select(c => c.CheckId))} |");
        foreach (var c in failed.DistinctBy(c => c.CheckId))
        {
            table.AppendLine($"    {c.CheckId}: {c.Result.Message}");
            if (c.Result.TutorDetail is { } detail) table.AppendLine($"      tutor: {detail}");
        }
        TestContext.Out.WriteLine(table.ToString());

        failed.Select(c => c.CheckId).Should().Contain(info.Checks, $"{slug} ({info.Bug}) is caught by the checks its mutant.json names");
        failed.Should().OnlyContain(c => !string.IsNullOrWhiteSpace(c.Result.Message));
        HiddenLeaks(report.Tasks, failedOnly: true).Should().BeEmpty($"{slug}'s hidden failures name no figure of their hidden set-up (the tutor's detail holds them)");
        expected.Should().Contain(info.Task!, $"{slug}'s task is one its checks are bound to");
        lost.Select(t => t.Task.Id).Should().BeEquivalentTo(expected, $"{slug} loses points on exactly the tasks its checks are bound to");
        if (everyTask)
        {
            var changed = report.Tasks.Where(t => t.Task.Graded && !reach.Contains(t.Task.Id))
                .SelectMany(t => t.Checks.Select(c => (t.Task.Id, c.CheckId, c.Result.Outcome, Correct: correct.Find(t.Task.Id)?.Checks.FirstOrDefault(k => k.CheckId == c.CheckId)?.Result.Outcome)))
                .Where(v => v.Outcome != v.Correct).Select(v => $"{v.Id} {v.CheckId}: {v.Outcome}, the correct example's {v.Correct}").ToList();
            changed.Should().BeEmpty($"a task outside {slug}'s edit's reach keeps the correct example's verdicts");
        }
    }

    /// <summary>
    /// The training checks' failure messages (issue 66): a hidden check's message reaches the student, so the grader's
    /// loop, its loss parts, replays and verifications (<c>GraderTraining.GradeLoss</c>, <c>OdeTrainingVerification</c>,
    /// <c>SdeTrainingVerification</c>, the loops' own failures) say what is wrong in the sheet's terms, without a figure of
    /// the hidden set-up (<see cref="HiddenSetUpLeaks"/>: T, the batch size, a drawn range, a step index, a count of
    /// values). Each case is a parts mutant that fails its training check on the first step (the loss-first run), so the
    /// case costs one step of training, not a budget: a wrong draw of t (the DTU replay's miss), a loss per batch instead
    /// of per sample (the replay's count), a loss that writes into the model (each loop's ledger), a quartered loss (the
    /// SDE's verification; the ODE's shares its wording). Every mutant's whole report is read by
    /// <see cref="Every_mutant_is_caught_by_its_checks_and_loses_their_tasks_only"/> too; this is the cheap CI proof.
    /// </summary>
    [TestCase("Diffusion", "elbo-one-t-per-batch", "diffusion.dtu.toy-data-training-quality")]
    [TestCase("Diffusion", "elbo-batch-mean", "diffusion.dtu.toy-data-training-quality")]
    [TestCase("Diffusion", "training-parts-loss-writes-model", "diffusion.heidelberg.v-training-quality")]
    [TestCase("Flows", "inn-parts-loss-writes-model", "flows.heidelberg.inn-training-quality")]
    [TestCase("OdeSde", "sde-training-parts-loss-quartered", "sde.ku.training-quality")]
    [TestCase("OdeSde", "sde-training-parts-loss-writes-model", "sde.ku.training-quality")]
    public void A_training_checks_failure_names_no_figure_of_its_hidden_set_up(string family, string slug, string checkId)
    {
        var source = Mutant(family, slug);
        var catalog = Only([checkId]);

        var report = Grade(source, catalog);
        var verdicts = report.Tasks.SelectMany(t => t.Checks).ToArray();

        verdicts.Should().NotBeEmpty().And.OnlyContain(v => v.CheckId == checkId);
        foreach (var v in verdicts) TestContext.Out.WriteLine($"{v.CheckId}: {v.Result.Outcome}: {v.Result.Message}\n      tutor: {v.Result.TutorDetail}");
        verdicts.Should().OnlyContain(v => v.Result.Outcome == CheckOutcome.Failed, $"{slug} fails {checkId}");
        HiddenLeaks(report.Tasks).Should().BeEmpty($"{checkId}'s message for {slug} names no figure of its hidden set-up (the tutor's detail holds them)");
    }

    /// <summary>
    /// A sampler that never takes the step at t = 0 is named by the exact comparisons of its task, visible and on unseen
    /// inputs, from the time inputs the grader's network recorded (or, for a single step, x_t handed back at t = 0): the
    /// DTU sampler, the Heidelberg same-noise sampler, reverse step and DDIM step.
    /// </summary>
    [TestCase("sampler-skips-last-step", "Your sampler never evaluated ε_θ at t = 0: the last step of Algorithm 2")]
    [TestCase("same-noise-skips-last-step", "Your sampler never evaluated the network at t = 0: the last step of the reverse process")]
    [TestCase("reverse-step-skips-last-step", "At t = 0 your step never evaluated the network or returned x_t unchanged: the last step of the reverse process")]
    [TestCase("ddim-skips-last-step", "At t = 0 your step never evaluated the network or returned x_t unchanged: the last DDIM step")]
    public void A_sampler_that_skips_t_zero_is_named_by_its_exact_comparisons(string slug, string named)
    {
        var source = Mutant("Diffusion", slug);
        var info = source.Mutant ?? throw new AssertionException($"{slug} has no mutant.json");
        var comparisons = info.Checks.Where(id => id.EndsWith("-matches-reference", StringComparison.Ordinal) || id.EndsWith("-on-unseen-inputs", StringComparison.Ordinal)).ToHashSet();
        comparisons.Should().HaveCount(2, $"{slug} names its task's visible comparison and its unseen twin");

        var verdicts = Grade(source, Only(comparisons)).Tasks.SelectMany(t => t.Checks).ToArray();

        verdicts.Select(v => v.CheckId).Distinct().Should().BeEquivalentTo(comparisons);
        foreach (var v in verdicts)
        {
            TestContext.Out.WriteLine($"{v.CheckId}: {v.Result.Message}");
            v.Passed.Should().BeFalse($"{v.CheckId} catches {slug}");
            v.Result.Message.Should().Contain(named, $"{v.CheckId} names the skipped last step");
        }
    }

    /// <summary>
    /// A hidden check never contradicts the visible one on the same bug (issue 26, part 6): x̂₀ from ᾱ_{t−1} hands x_t back
    /// at t = 0 (ᾱ_{−1} = 1), as a skipped last step does. The visible comparison names ᾱ_{t−1} from its snapshot's
    /// variants; the comparison on unseen inputs computes the same variants for the run's inputs and names the same cause,
    /// where before it said "the last step of the reverse process is missing".
    /// </summary>
    [Test]
    public void X0_from_the_previous_alpha_bar_is_named_alike_by_the_visible_and_the_unseen_reverse_step_comparisons()
    {
        var source = Mutant("Diffusion", "alphabar-off-by-one-reverse");
        string[] comparisons = ["diffusion.heidelberg.reverse-step-matches-reference", "diffusion.heidelberg.reverse-step-on-unseen-inputs"];

        var verdicts = Grade(source, Only(comparisons)).Tasks.SelectMany(t => t.Checks).ToArray();

        verdicts.Select(v => v.CheckId).Distinct().Should().BeEquivalentTo(comparisons);
        foreach (var v in verdicts)
        {
            TestContext.Out.WriteLine($"{v.CheckId}: {v.Result.Message}");
            v.Passed.Should().BeFalse($"{v.CheckId} catches x̂₀ from ᾱ_{{t−1}}");
            v.Result.Message.Should().Contain("x̂₀ computed from ᾱ_{t−1} instead of ᾱ_t", $"{v.CheckId} names the cause");
            v.Result.Message.Should().NotContain("last step", $"{v.CheckId} does not blame a missing last step");
        }
    }

    /// <summary>
    /// <paramref name="catalog"/> with checks on the tasks the pack of <paramref name="family"/> binds only; every other
    /// task keeps none (it is then not graded, for the correct example and the mutants alike). A pack's hand-in implements
    /// no contract of another pack's tasks (<see cref="ForeignContracts"/>), so there every check fails on the missing
    /// contract without calling the hand-in: the same verdicts for the correct example and every mutant, at the cost of
    /// ≈ 30 checks' set-up per hand-in (up to 40 % of a mutant's grading time).
    /// </summary>
    private static CourseCatalog OwnTasksOnly(CourseCatalog catalog, string family)
    {
        var own = FullCatalog.Packs.Single(p => p.Family == family).Bindings.Select(b => b.TaskId).ToHashSet(StringComparer.Ordinal);
        return new(catalog.Sheets, catalog.Tasks.Select(t => own.Contains(t.Id) ? t : t with { Checks = [] }));
    }

    /// <summary>The contracts of the tasks another pack than <paramref name="family"/>'s binds that the compiled hand-in implements.</summary>
    private static List<string> ForeignContracts(CompileResult compiled, string family)
    {
        var own = FullCatalog.Packs.Single(p => p.Family == family).Bindings.Select(b => b.TaskId).ToHashSet(StringComparer.Ordinal);
        var handin = new HandinInstance(compiled.Assembly!);
        return FullCatalog.Tasks.Where(t => !own.Contains(t.Id)).SelectMany(t => t.Contracts).Distinct()
            .Where(c => !handin.Bind(c).IsMissing).Select(c => c.Name).ToList();
    }

    /// <summary>
    /// The catalog's tasks without the training checks but those calling <paramref name="contract"/> that
    /// <paramref name="named"/> lists (already joined, so no pack is joined in again).
    /// </summary>
    private static CourseCatalog WithoutTrainingChecks(CourseCatalog catalog, string? contract, IReadOnlyList<string> named) =>
        new(catalog.Sheets, catalog.Tasks.Select(t => t with
        {
            Checks = t.Checks.Where(c => !TrainingChecks.TryGetValue(c.Check.Id, out var calls) || (contract is not null && calls.Contains(contract) && named.Contains(c.Check.Id))).ToArray(),
        }));
}
