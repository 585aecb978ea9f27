using Grader.Checks.Checking;
using Grader.Checks.Hidden.Diffusion;
using Grader.Checks.Hidden.Diffusion.Images;
using Grader.Runner.Host;
using Grader.Contracts.Diffusion;
using Grader.Remote.Handins;
using Grader.Tensors;

namespace Grader.Runner.Tests.Remote;

/// <summary>
/// Real host processes (<c>grader-worker --host</c>): a hand-in's exception reaches the verdict with its message and
/// its file and line exactly as when the checks ran next to it; and a host computes bit for bit as the grader, so a
/// hand-in graded in-process (the student's self-check) and in a host (the tutor's run) gets the same numbers from every
/// check. (A hand-in that loops inside a call full of callbacks, graded whole: Grader.Grading.Tests' CallbackTimeoutTests.)
/// </summary>
[NonParallelizable]
public class RemoteHostTests
{
    private const string Throwing = """
        using System;
        using System.Collections.Generic;
        using Grader.Contracts.Diffusion;
        using Grader.Tensors;

        namespace Submission;

        public sealed class Answer : IBetaScheduleAnswer
        {
            public IReadOnlySet<int> InvalidSchedules => throw new InvalidOperationException("no idea which");
        }

        public sealed class Interpolation : ILatentInterpolation
        {
            public Tensor Interpolate(Tensor from, Tensor to, int count) => throw new NotImplementedException("TODO (b)");
        }

        public sealed class Step : IReverseStep
        {
            public Step() => throw new ArgumentException("bad constructor");

            public Tensor ReverseStep(Tensor xt, int t, Tensor z, NoiseSchedule schedule, IEpsilonNetwork network) => xt;
        }
        """;

    /// <summary>How to start the host with this build.</summary>
    public static WorkerCommandLine HostLine { get; } = WorkerCommandLine.Current with { Arguments = [.. WorkerCommandLine.Current.Arguments, ChildProcessWorker.HostOption] };

    [Test]
    public async Task A_hand_ins_exception_reaches_the_verdict_with_its_message_and_line_as_in_process()
    {
        var source = new HandinSource("throwing", [new HandinFile("A.cs", Throwing)]);
        var catalog = Unguarded.Catalog(
            new Unguarded("answer", c => c.TryHandin<IBetaScheduleAnswer>()!.InvalidSchedules),
            new Unguarded("interpolate", c => c.TryHandin<ILatentInterpolation>()!.Interpolate(torch.zeros(2), torch.ones(2), 3)),
            new Unguarded("constructor", c => c.TryHandin<IReverseStep>()),
            new Unguarded("missing", c => c.TryHandin<IDtuDdpm>()!.Sample([1, 2], new NoiseSchedule([0.1]), null!, null!)));
        // A hang guard only: each check makes one call that throws at once (milliseconds of CPU); 2 min holds at any load
        // short of a stopped machine (was 30 s).
        var options = GradeOptions.Default with { CheckTimeLimit = TimeSpan.FromMinutes(2) };

        var inProcess = HandinGrader.Default.Grade(source, catalog, options);
        using var session = await LoadedHost.StartAsync(source, HostLine);
        var remote = HandinGrader.Default.Grade(source.Name, new CompileResult(true, [], 0, TimeSpan.Zero, null), session.Resolve, session.Bind, catalog, options);

        var expected = inProcess.Tasks.SelectMany(t => t.Checks).Select(c => (c.Result.Id, c.Result.Outcome, c.Result.Message)).ToArray();
        var seen = remote.Tasks.SelectMany(t => t.Checks).Select(c => (c.Result.Id, c.Result.Outcome, c.Result.Message)).ToArray();
        TestContext.Out.WriteLine(string.Join("\n", seen.Select(s => $"{s.Id}: {s.Outcome}: {s.Message}")));
        seen.Should().Equal(expected);
        seen[0].Message.Should().Be("InvalidOperationException: no idea which (at A.cs:10, in Answer.get_InvalidSchedules)");
        seen[1].Outcome.Should().Be(CheckOutcome.Failed);
        seen[1].Message.Should().Be("not implemented yet: TODO (b) (at A.cs:15, in Interpolation.Interpolate)");
        seen[2].Message.Should().StartWith("IReverseStep: the constructor of Step threw ArgumentException: bad constructor").And.Contain("A.cs:20");
        seen[3].Message.Should().Contain("no public class of the hand-in implements IDtuDdpm");
    }

    [Test]
    public async Task A_host_computes_bit_for_bit_as_the_grader()
    {
        var correct = HandinSource.Load(Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", "Diffusion", "Correct"));
        using var session = await LoadedHost.StartAsync(correct, HostLine);
        session.Arithmetic.Should().Be(ArithmeticProfile.Current.ToString(), "the host is started with the grader's BLAS core type and instruction-set switches");
        session.LogTail().Should().NotContain("computes with");

        var training = (IDiffusionTrainingRun)session.Resolve(typeof(IDiffusionTrainingRun))!;
        var data = torch.randn([256, 2], new Generator(1UL));
        var schedule = new NoiseSchedule(Enumerable.Repeat(0.01, 50).ToArray());
        var trained = training.Train(data, schedule, 5, new Generator(2UL), new Generator(4UL));
        var local = ((IDiffusionTrainingRun)new HandinInstance(HandinCompiler.Default.Compile(correct).Assembly!).Resolve(typeof(IDiffusionTrainingRun))!)
            .Train(data, schedule, 5, new Generator(2UL), new Generator(4UL));
        trained.FailedPart.Should().BeNull();
        var network = training.Trained(2, schedule.T, new Generator(2UL), trained.Values);
        var x = torch.randn([2000, 2], new Generator(3UL));
        var t = torch.full([2000, 1], 0.5f);
        trained.Values.SelectMany(v => v.ToArray()).Should().Equal(local.Values.SelectMany(v => v.ToArray()), "the host trains the same network from the same generators with the same kernels");
        network.Forward(x, t).ToArray().Should().Equal(NormalisedFresh(correct, schedule.T, local.Values).Forward(x, t).ToArray(), "the fresh network with the same values computes the same");
    }

    /// <summary>
    /// The student's self-check grades in-process; the tutor's run grades against a host. Every check must say the same:
    /// outcome, message (its numbers), expected, seen, counterexample and every plotted coordinate. In CI with one
    /// training check, the toy-data one (a whole training check through the host, compared bit for bit); the V and the
    /// image training check, each trained twice here, cost ≈ 15 s of CPU more and add no path of their own: the host's
    /// training arithmetic is proved bit for bit by <see cref="A_host_computes_bit_for_bit_as_the_grader"/>, and
    /// <see cref="One_hand_in_graded_in_process_and_in_a_host_gets_the_same_numbers_from_every_check_every_training_included"/>
    /// is the whole comparison.
    /// </summary>
    [Test]
    public Task One_hand_in_graded_in_process_and_in_a_host_gets_the_same_numbers_from_every_check() =>
        GradedAlikeInProcessAndInAHost(id => id != new HeidelbergVTrainingQuality().Id && id != new DtuImageTrainingQuality().Id, new DtuToyDataTrainingQuality().Id);

    [Test]
    [Explicit("The whole comparison, the V and image training checks included (≈ 15 s of CPU more than the CI case): run it after a change to a training check or to the host's arithmetic.")]
    public Task One_hand_in_graded_in_process_and_in_a_host_gets_the_same_numbers_from_every_check_every_training_included() =>
        GradedAlikeInProcessAndInAHost(_ => true, new HeidelbergVTrainingQuality().Id);

    /// <summary>Grades the diffusion correct example's checks that <paramref name="include"/> names, in-process and in a host, and compares every result whole.</summary>
    private static async Task GradedAlikeInProcessAndInAHost(Func<string, bool> include, string trainingCheck)
    {
        var correct = HandinSource.Load(Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", "Diffusion", "Correct"));
        var options = GradeOptions.Default with
        {
            SnapshotRoot = Path.Combine(RepositoryRoot.Path, "fixtures", "snapshots"),
            CheckTimeLimit = TimeSpan.FromMinutes(5),
            Include = (_, c) => include(c.Check.Id),
        };

        var inProcess = HandinGrader.Default.Grade(correct, TutorCatalog.Default, options);
        using var session = await LoadedHost.StartAsync(correct, HostLine);
        var remote = HandinGrader.Default.Grade(correct.Name, new CompileResult(true, [], 0, TimeSpan.Zero, null), session.Resolve, session.Bind,
            TutorCatalog.Default, options);

        static string[] Numbers(HandinReport report) => report.Tasks.SelectMany(t => t.Checks).Select(c => System.Text.Json.JsonSerializer.Serialize(c.Result)).ToArray();
        var expected = Numbers(inProcess);
        var seen = Numbers(remote);
        TestContext.Out.WriteLine($"{seen.Length} checks; {remote.Tasks.SelectMany(t => t.Checks).Count(c => c.Result.Plots is { Count: > 0 })} with plots");
        expected.Should().HaveCountGreaterThan(20).And.Contain(r => r.Contains(trainingCheck, StringComparison.Ordinal));
        seen.Should().Equal(expected);
    }

    /// <summary>A check that calls the hand-in without catching anything, so what it throws reaches the grader's mapping.</summary>
    private sealed class Unguarded(string id, Func<CheckContext, object?> call) : ICheck
    {
        public string Id => "test." + id;

        public string SheetRef => "test";

        public CheckResult Run(CheckContext context)
        {
            call(context);
            return CheckResult.Pass(Id, "ok");
        }

        public static CourseCatalog Catalog(params Unguarded[] checks) => new(
            [new Sheet("900", "900.txt", "Test", new Course("test-course", "Uni", "Course", "2024"), 10, 0, PrintsPoints: true, "")],
            [new TaskSpec("900", "1", "900/1/x", "Title", checks.Length, checks.Length, checks.Select(c => new CheckSpec(c, 1, Visibility.Visible)).ToArray(), [])]);
    }

    private static IEpsilonNetwork NormalisedFresh(HandinSource correct, int T, IReadOnlyList<Tensor> values) =>
        ((IDiffusionTrainingRun)new HandinInstance(HandinCompiler.Default.Compile(correct).Assembly!).Resolve(typeof(IDiffusionTrainingRun))!)
            .Trained(2, T, new Generator(2UL), values);
}
