using Grader.Checks.Checking;

namespace Grader.Grading.Tests.Support;

/// <summary>
/// A synthetic run for the reporter tests (BenchmarkDotNet's MockFactory): one assignment with visible and hidden checks,
/// manual items, a bonus task and a task whose automatic share has no check yet; four hand-ins that end Graded,
/// CompileFailed, TimedOut and Crashed; a check result
/// with plots; messages holding '&lt;', '&amp;', commas, quotes, newlines, control characters and "]]&gt;"; manual scores
/// for one student (one of them for an item that does not exist).
/// </summary>
internal static class ReporterFixture
{
    public static readonly RunInfo Run = new(
        Assignment: "004",
        Seed: 42,
        VisibleOnly: false,
        LeftOut: [],
        Shard: "1/2",
        Jobs: 4,
        Worker: "child process",
        Started: new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero),
        Elapsed: TimeSpan.FromSeconds(150),
        Version: "0.9.0-test");

    public static readonly CourseCatalog Catalog = new(
        [
            new Sheet("004", "004_test.txt", "Diffusion", new Course("test-course", "Test University", "Generative models", "2025"), Total: 12, Bonus: 1, PrintsPoints: false, Note: "test"),
        ],
        [
            new TaskSpec("004", "1 (a)", "004/1 (a)/schedule", "The β schedule is valid", 3, 2,
                [new(new FakeCheck("schedule.valid"), 1, Visibility.Visible), new(new FakeCheck("schedule.decreasing-alpha-bar"), 1, Visibility.Hidden)],
                [new ManualItem("explain", 1, "Why ᾱ must decrease.")]),
            new TaskSpec("004", "1 (b)", "004/1 (b)/proof", "Prove the forward process converges", 2, 0, [],
                [new ManualItem("proof", 2, "The limit argument.")]),
            new TaskSpec("004", "2", "004/2/bonus-sampler", "A faster sampler", 1, 1,
                [new(new FakeCheck("sampler.bonus"), 1, Visibility.Visible)], [], Bonus: true),
            new TaskSpec("004", "3.4", "004/3.4/negative-elbo", "DDPM.negative_elbo: the negative ELBO of eq. (14)", 2, 2,
                [new(new FakeCheck("diffusion.negative-elbo"), 2, Visibility.Visible), new(new FakeCheck("diffusion.negative-elbo-batch"), 1, Visibility.Hidden)],
                []),
            new TaskSpec("004", "3.4", "004/3.4/toy-data", "Train on the toy data <TwoGaussians & Chequerboard>", 2, 1,
                [new(new FakeCheck("diffusion.toy-quality"), 1, Visibility.Hidden)],
                [new ManualItem("architecture", 0.5, "An improved architecture."), new ManualItem("compare", 0.5, "A comparison with the flow.")]),
            new TaskSpec("004", "3.5", "004/3.5/mnist", "A DDPM on MNIST", 2, 0, [],
                [new ManualItem("fully-connected", 1, "Fully connected vs U-Net."), new ManualItem("compare", 1, "Compare with the VAE.")]),
            new TaskSpec("004", "4", "004/4/flow", "A flow whose checks are not written yet", 1, 1, [], []) { ChecksPending = true },
        ]);

    /// <summary>The run's assignment: the one sheet with its tasks.</summary>
    public static Assignment Assignment => Catalog.FindAssignment("004")!;

    /// <summary>The message with everything a reporter must escape.</summary>
    public const string NastyMessage = "loss differs at t = 3: got <1.5 & 2>, \"expected\" 2.0,\nsee the second line";

    public static readonly Plot SamplesPlot = new(
        "Your samples <over> the data & reference",
        "x₁",
        "x₂",
        [
            PlotSeries.Points("data", [0.0, 1.0, 2.0, 1.5], [0.0, 1.0, 0.5, 2.0]),
            PlotSeries.Points("your samples", [0.1, 0.9, 2.2], [0.2, 1.1, 0.4]),
        ],
        EqualAspect: true);

    public static readonly Plot LossPlot = new(
        "Loss per step", "step", "loss",
        [PlotSeries.Line("reference", [0.0, 1.0, 2.0, 3.0], [3.0, 2.0, 1.5, 1.2]), PlotSeries.Line("yours", [0.0, 1.0, 2.0, 3.0], [3.0, 2.5, 2.4, 2.3])]);

    public static readonly ManualGrades Manual = new(
    [
        new ManualScore("alice", "004/1 (a)/schedule", "explain", 1, "good, \"clear\" & <short>"),
        new ManualScore("alice", "004/1 (b)/proof", "proof", 1.5, "the limit step is missing"),
        new ManualScore("alice", "004/3.4/toy-data", "compare", 0.5, ""),
        new ManualScore("alice", "004/3.5/mnist", "fully-connected", 1, "fine"),
        new ManualScore("alice", "004/3.5/mnist", "compare", 0.5, ""),
        new ManualScore("alice", "004/3.5/mnist", "no-such-item", 7, "typo in the rubric CSV"),
    ]);

    public static TaskSpec Task(string id) => Catalog.FindTask(id)!;

    public static CheckSpec Spec(string taskId, string checkId) => Task(taskId).Checks.Single(c => c.Check.Id == checkId);

    public static HandinReport Alice()
    {
        var report = Report("alice", Compiled, (task, spec) => (task.Id, spec.Check.Id) switch
        {
            ("004/3.4/negative-elbo", "diffusion.negative-elbo") => new CheckResult(spec.Check.Id, CheckOutcome.Failed, NastyMessage,
                Expected: "[1.0, 2.0]", Seen: "[1.0, <NaN>]", SheetRef: "sheet 004, ex. 3.4, Ho et al. eq. (14)", Plots: [SamplesPlot, LossPlot]),
            ("004/1 (a)/schedule", "schedule.decreasing-alpha-bar") => new CheckResult(spec.Check.Id, CheckOutcome.Failed, "ᾱ increases between t = 3 and t = 4",
                Counterexample: new Counterexample("[0.1, 0.2, 0.9, 0.95]", "[0.5, 0.9]", 4, "seed 42, size 7"), SheetRef: "sheet 004, ex. 1 (a)"),
            _ => CheckResult.Pass(spec.Check.Id, "matches the reference"),
        });
        return report with { ContentHash = "hash-a", Timing = Timing(12.5) };
    }

    /// <summary>
    /// Two image grids as ex. 3.5's check attaches them (a 4 × 4 stand-in for the images): samples beside the
    /// reference's, the hand-in's with values below 0, above 1 and NaN; and a trajectory row with captions.
    /// </summary>
    public static readonly ImageGrid[] Pictures =
    [
        ImageGrid.Of("Your images <beside> the reference's", 4, 4,
            ("your images", Enumerable.Range(0, 48).Select(i => i == 3 ? double.NaN : i < 16 ? -0.5 : i < 20 ? 1.5 : i / 48.0).ToArray(), null),
            ("the reference's", Enumerable.Range(0, 48).Select(i => i / 48.0).ToArray(), null)),
        ImageGrid.Of("Denoising trajectories", 4, 4,
            ("your chain & <co>", Enumerable.Range(0, 32).Select(i => (i % 16) / 15.0).ToArray(), ["x_T", "returned"])),
    ];

    /// <summary>Alice, her toy-data check passed with <see cref="Pictures"/>.</summary>
    public static HandinReport AliceWithPictures()
    {
        var alice = Alice();
        return alice with
        {
            Tasks = alice.Tasks.Select(t => t with
            {
                Checks = t.Checks.Select(c => c.Result.Id == "diffusion.toy-quality" ? c with { Result = c.Result with { Images = Pictures } } : c).ToArray(),
            }).ToArray(),
        };
    }

    public static HandinReport Bob()
    {
        var compile = new CompileResult(false,
            [
                new CompileDiagnostic("Diffusion/DtuDdpm.cs", 12, 5, "CS1002", "; expected"),
                new CompileDiagnostic("Flows/Map.cs", 40, 17, "GRADER001", "System.IO is not allowed in a hand-in: File.ReadAllText"),
            ],
            0, TimeSpan.FromSeconds(0.8), null);
        var report = Report("bob", compile, (_, spec) => CheckResult.Fail(spec.Check.Id, compile.Summary()));
        return report with { Status = HandinStatus.CompileFailed, ContentHash = "hash-b", Timing = Timing(1.1) };
    }

    public static HandinReport Carol()
    {
        var report = Report("carol", Compiled, (task, spec) => spec.Check.Id switch
        {
            "diffusion.toy-quality" => CheckResult.Fail(spec.Check.Id, "timed out after 30 s: the hand-in did not finish within the check's time limit (an endless loop, or far too slow)."),
            "schedule.valid" => CheckResult.Error(spec.Check.Id, "IndexOutOfRangeException: Index was outside the bounds of the array. (at Schedule.cs:7)"),
            "diffusion.negative-elbo" => CheckResult.Fail(spec.Check.Id, "the loss is 3.2 but the reference gives 1.1", sheetRef: "sheet 004, ex. 3.4"),
            _ => CheckResult.Pass(spec.Check.Id, "matches the reference"),
        });
        return report with { Status = HandinStatus.TimedOut, Reason = "check diffusion.toy-quality ran past its limit of 30 s; the worker was killed", ContentHash = "hash-c", Timing = Timing(45) };
    }

    public static HandinReport Dave()
    {
        var report = Report("dave, jr.", Compiled, (_, spec) =>
            CheckResult.Error(spec.Check.Id, "the worker crashed before this check reported \u0007(bell) ]]> and \u0001"));
        return report with { Status = HandinStatus.Crashed, Reason = "the worker exited with code 134 (stack overflow)", ContentHash = "hash-d", Timing = Timing(3), Log = "Stack overflow.\n   at Hand.In() ]]> \u0001\u0002" };
    }

    public static GradingSummary Summary() => new(
        Assignment,
        [Alice(), Bob(), Carol(), Dave()],
        [
            new InputProblem("handins/eve.zip", "eve", "the zip is corrupt: \"unexpected end of archive\"", Skipped: true),
            new InputProblem("handins/alice/notes|draft.txt", "alice", "not a C# file, left out", Skipped: false),
        ],
        Manual,
        Run);

    /// <summary>Alice's hand-in as a student's CI sees it: visible checks only.</summary>
    public static HandinReport AliceVisibleOnly()
    {
        var full = Alice();
        var tasks = full.Tasks
            .Select(t => t with { Checks = t.Checks.Where(c => t.SpecOf(c).Visibility == Visibility.Visible).ToArray() })
            .ToArray();
        return full with { Tasks = tasks, VisibleOnly = true };
    }

    private static readonly CompileResult Compiled = new(true, [], 1, TimeSpan.FromSeconds(0.4), null);

    private static HandinTiming Timing(double seconds) =>
        new(TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(0.3), TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(seconds - 0.7), 1);

    /// <summary>A hand-in's grade: the verdicts <paramref name="result"/> gives, joined with <see cref="Manual"/> (<see cref="HandinGrade.Of"/>).</summary>
    private static HandinReport Report(string name, CompileResult compile, Func<TaskSpec, CheckSpec, CheckResult> result) =>
        HandinGrade.Of(new HandinVerdicts(name, compile,
            Catalog.Tasks.Select(t => new TaskResult(t, t.Checks.Select(c => new CheckVerdict(t.Id, result(t, c), TimeSpan.FromMilliseconds(125))).ToArray())).ToArray(),
            VisibleOnly: false, Seed: 42), Manual);

    /// <summary>A check that only has an id; the reporters never run checks.</summary>
    private sealed class FakeCheck(string id) : ICheck
    {
        public string Id { get; } = id;

        public string SheetRef => "test sheet";

        public CheckResult Run(CheckContext context) => throw new InvalidOperationException("reporters never run checks");
    }
}
