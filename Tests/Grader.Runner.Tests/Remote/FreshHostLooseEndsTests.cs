using Grader.Checks.Checking;
using Grader.Checks.Packs;
using Grader.Tests.SamplePack;
using Grader.Contracts.Diffusion;
using Grader.Runner.Host;
using Grader.Tensors;
using static Grader.Checks.Catalog.CheckSpec;

namespace Grader.Runner.Tests.Remote;

/// <summary>
/// The fresh host's loose ends (issue 66, <see cref="RemoteCheckRunner"/>, <see cref="CheckContext.Fresh"/>), on small
/// checks of the sample sheet that ask for the fresh host of a hand-in's <see cref="IReverseStep"/> (no training: each
/// test costs a host start or three and at most two short CPU loops or one CPU budget): a fresh host that cannot start
/// ends its check with the grader's reason; a fresh host that died and was replaced during a check still counts to its
/// CPU; a call over its CPU budget in the fresh host is stopped by the watchdog; the plain worker makes a fresh host's
/// temporary folder only when a check asks for one.
/// </summary>
[NonParallelizable]
public class FreshHostLooseEndsTests
{
    private const string TaskId = SamplePack.TaskId;

    /// <summary>
    /// A hand-in's reverse step: at t = 0 it returns x_t (and notes the call in a static field); at t = 1 it runs a CPU
    /// loop; at t = 2 the same loop, then ends its host by a stack overflow; at t = 3 it returns x_t in a process where it
    /// answered a t = 0 call before, and loops for ever in one where it did not (a fresh host).
    /// </summary>
    private static HandinSource Handin => new("fresh-loose-ends", [new HandinFile("Step.cs", """
        using Grader.Contracts.Diffusion;
        using Grader.Tensors;

        public sealed class Step : IReverseStep
        {
            private static int Answered;

            public Tensor ReverseStep(Tensor xt, int t, Tensor z, NoiseSchedule schedule, IEpsilonNetwork network)
            {
                if (t == 0) { Answered++; return xt; }
                if (t == 3) { while (Answered == 0) { } return xt; }
                long acc = 1;
                for (long i = 0; i < 2_000_000_000L; i++) acc = acc * 6364136223846793005L + 1442695040888963407L;
                if (t == 2) return Die(acc) == 0 ? z : xt;
                return acc == 42 ? z : xt;
            }

            private static long Die(long n) => Die(n + 1) + 1;
        }
        """)]);

    private static WorkerLimits Limits => TestConfig.CpuBoundLimits with { CheckTime = TimeSpan.FromMinutes(5), HandinTime = TimeSpan.FromMinutes(10) };

    private static WorkerJob Job(params ICheck[] checks)
    {
        var pack = new ExercisePack("Fresh", [typeof(IReverseStep)], [new TaskBinding(TaskId, [typeof(IReverseStep)], [.. checks.Select(c => Visible(c))])], SamplePack.Pack.Folders);
        var catalog = new CourseCatalog([SamplePack.Sheet], SamplePack.Tasks, [pack]);
        var config = new GradingConfig(catalog, catalog.FindAssignment(SamplePack.Sheet.Id)!, 7, VisibleOnly: false, new HashSet<string>(), SamplePack.Folders.Snapshots);
        var emitted = HandinCompiler.Default.Emit(Handin);
        emitted.Image.Should().NotBeNull(string.Join("\n", emitted.Result.Errors));
        return new WorkerJob(Handin.Name, emitted.Image!, emitted.Symbols, config, []);
    }

    private static CheckVerdict Verdict(WorkerRun run, string checkId) => run.Verdicts.Should().ContainSingle(v => v.CheckId == checkId, run.Log).Subject;

    [Test]
    public async Task A_fresh_host_that_cannot_start_ends_its_check_with_the_graders_reason()
    {
        var job = Job(new CallsTheFreshHost("fresh.asks", t: 0));
        var run = await RemoteCheckRunner.RunAsync(RemoteHostTests.HostLine, job, Limits, Limits.HandinTime, CancellationToken.None,
            freshLaunch: () => new WorkerCommandLine("/nonexistent/grader-host", []));

        var verdict = Verdict(run, "fresh.asks");
        TestContext.Out.WriteLine($"{run.End}: {verdict.Result.Outcome}: {verdict.Result.Message}");
        run.End.Should().Be(WorkerEnd.Done, run.Log);
        verdict.Result.Outcome.Should().Be(CheckOutcome.Errored, "the grader could not give the check its fresh host: no verdict on the hand-in");
        verdict.Result.Message.Should().StartWith("could not start the hand-in's second host").And.Contain("/nonexistent/grader-host").And.EndWith("a fault of the grader's installation, not of the hand-in");
        verdict.Result.Message.Should().NotContain(" at ", "one message, no stack trace");
        run.Log.Should().Contain("grader: could not start the hand-in's second host");
    }

    /// <summary>
    /// The check that kills its fresh host halfway (a CPU loop, then a stack overflow) and asks again is charged the dead
    /// host's loop as well: its CPU is at least most of the twin check's, whose fresh host ran the same loop and lived.
    /// Without the dead host's share it would be one host's start-up only (≈ 0.4 s against the loop's ≈ 1.5 s).
    /// </summary>
    [Test]
    public async Task A_fresh_host_that_died_and_was_replaced_still_counts_to_its_checks_CPU()
    {
        var job = Job(new CallsTheFreshHost("fresh.loops", t: 1), new CallsTheFreshHost("fresh.loops-and-dies", t: 2));
        var run = await RemoteCheckRunner.RunAsync(RemoteHostTests.HostLine, job, Limits, Limits.HandinTime, CancellationToken.None);

        var lived = Verdict(run, "fresh.loops");
        var died = Verdict(run, "fresh.loops-and-dies");
        TestContext.Out.WriteLine($"{run.End}; lived: {lived.Result.Outcome} {lived.HandinCpuSeconds:0.00} s of host CPU: {lived.Result.Message}; died: {died.Result.Outcome} {died.HandinCpuSeconds:0.00} s: {died.Result.Message}");
        run.End.Should().Be(WorkerEnd.Done, run.Log);
        lived.Result.Outcome.Should().Be(CheckOutcome.Passed, lived.Result.Message);
        died.Result.Outcome.Should().Be(CheckOutcome.Passed, "the second fresh host answered: " + died.Result.Message);
        died.Result.Message.Should().StartWith("2 fresh host(s)");
        lived.HandinCpuSeconds.Should().BeGreaterThan(0.5, "the loop is CPU work of the fresh host");
        died.HandinCpuSeconds.Should().BeGreaterThanOrEqualTo(0.7 * lived.HandinCpuSeconds!.Value, "the dead host's loop counts to the check that ran it");
    }

    /// <summary>
    /// The fresh host is watched as the first: a reverse step that loops for ever only in a process where it never
    /// answered a t = 0 call (the check calls the first host at t = 0 and t = 3, where it returns, then the fresh host at
    /// t = 3) is stopped at the call's CPU budget, and the run says so and names the call. Folded here from
    /// <c>FreshHostTests</c>, whose V-check twin (the same watchdog after a whole V training) is [Explicit].
    /// </summary>
    [Test]
    public async Task A_call_that_passes_its_CPU_budget_in_the_fresh_host_is_stopped_by_the_watchdog()
    {
        // The spin burns the whole budget: 1 s of CPU (was the default 3 s), as CallCpuTests' endless step; the calls
        // that answer (t = 0 and 3 in the first host) use milliseconds of it.
        var limits = Limits with { CallCpuBudget = TimeSpan.FromSeconds(1) };
        var job = Job(new SpinsInTheFreshHost("fresh.spins"));
        var run = await RemoteCheckRunner.RunAsync(RemoteHostTests.HostLine, job, limits, limits.HandinTime, CancellationToken.None);

        TestContext.Out.WriteLine($"{run.End}: {run.StoppedBy?.Reason}");
        run.End.Should().Be(WorkerEnd.CallOverCpu, run.Log);
        run.StoppedBy.Should().NotBeNull();
        run.StoppedBy!.Method.Should().Be("ReverseStep", "the call in the fresh host is the one over its budget");
        run.StoppedBy.Limit.Should().Be(limits.CallCpuBudget, "the CPU budget stopped it, not the check's wall-clock limit");
        run.Verdicts.Should().BeEmpty("the check in progress gets no verdict from here; the runner fails it with the reason");
    }

    /// <summary>
    /// The plain worker (<see cref="Workers.ChildProcessWorker"/>) makes the fresh host's private temporary folder when
    /// a check asks for the fresh host, not before: the checks (which run in this process) count the hosts' folders in
    /// the temporary folder this test gives the grader.
    /// </summary>
    [Test]
    public async Task The_plain_worker_makes_the_fresh_hosts_folder_only_when_a_check_asks_for_it()
    {
        var temp = Directory.CreateTempSubdirectory("fresh-loose-ends-").FullName;
        var before = Environment.GetEnvironmentVariable("TMPDIR");
        try
        {
            Environment.SetEnvironmentVariable("TMPDIR", temp + "/");
            Path.GetTempPath().Should().StartWith(temp, "the grader's temporary folder follows TMPDIR");
            var job = Job(new CountsHostFolders("fresh.counts-first"), new CallsTheFreshHost("fresh.asks", t: 0, countFolders: true));
            var run = await new Workers.ChildProcessWorker(hostCommandLine: RemoteHostTests.HostLine).RunAsync(job, Limits, Limits.HandinTime, CancellationToken.None);

            var first = Verdict(run, "fresh.counts-first");
            var asks = Verdict(run, "fresh.asks");
            TestContext.Out.WriteLine($"{first.Result.Message}; {asks.Result.Message}");
            first.Result.Message.Should().Be("1 host folder(s)", "one host runs, and no check has asked for the fresh one");
            asks.Result.Message.Should().StartWith("1 fresh host(s); 2 host folder(s)", "the fresh host got its own folder when the check asked");
            Directory.GetDirectories(temp).Should().BeEmpty("both folders are removed with the run");
        }
        finally
        {
            Environment.SetEnvironmentVariable("TMPDIR", before);
            Directory.Delete(temp, recursive: true);
        }
    }

    private static int HostFolders() => Directory.GetDirectories(Path.GetTempPath(), "grader-host-*").Length;

    /// <summary>Counts the hosts' temporary folders; asks for no fresh host.</summary>
    private sealed class CountsHostFolders(string id) : ICheck
    {
        public string Id => id;

        public string SheetRef => "sheet 900, ex. 1";

        public CheckResult Run(CheckContext context) => CheckResult.Pass(Id, $"{HostFolders()} host folder(s)", SheetRef);
    }

    /// <summary>
    /// Calls the fresh host's ReverseStep at <paramref name="t"/>; when that host died (t = 2), asks for the fresh host
    /// again and calls it at t = 0. Passes when the last call answered, saying how many fresh hosts it used.
    /// </summary>
    private sealed class CallsTheFreshHost(string id, int t, bool countFolders = false) : ICheck
    {
        public string Id => id;

        public string SheetRef => "sheet 900, ex. 1";

        public CheckResult Run(CheckContext context)
        {
            var call = new HandinCall(Id, SheetRef);
            var hosts = 1;
            var step = context.TryFresh<IReverseStep>() ?? throw new InvalidOperationException("no fresh IReverseStep");
            if (Call(call, step, t) is { } failed)
            {
                if (t != 2) return failed;
                hosts++;
                step = context.TryFresh<IReverseStep>() ?? throw new InvalidOperationException("no second fresh IReverseStep");
                if (Call(call, step, 0) is { } again) return again;
            }

            return CheckResult.Pass(Id, $"{hosts} fresh host(s){(countFolders ? $"; {HostFolders()} host folder(s)" : "")}", SheetRef);
        }

        private static CheckResult? Call(HandinCall call, IReverseStep step, int at) =>
            call.Run("ReverseStep", () => step.ReverseStep(torch.zeros(2, 2), at, torch.zeros(2, 2), new NoiseSchedule([0.1, 0.1, 0.1]), new ZeroNetwork()), out _);
    }

    /// <summary>
    /// Calls the first host's ReverseStep at t = 0 and t = 3 (it answers both), then the fresh host's at t = 3 (where the
    /// hand-in never answered t = 0, so it loops); passes only if the fresh host answers.
    /// </summary>
    private sealed class SpinsInTheFreshHost(string id) : ICheck
    {
        public string Id => id;

        public string SheetRef => "sheet 900, ex. 1";

        public CheckResult Run(CheckContext context)
        {
            var call = new HandinCall(Id, SheetRef);
            var first = context.TryHandin<IReverseStep>() ?? throw new InvalidOperationException("no IReverseStep");
            foreach (var t in new[] { 0, 3 })
            {
                if (Call(call, first, t) is { } failed) return failed;
            }

            var fresh = context.TryFresh<IReverseStep>() ?? throw new InvalidOperationException("no fresh IReverseStep");
            return Call(call, fresh, 3) ?? CheckResult.Pass(Id, "the fresh host answered", SheetRef);
        }

        private static CheckResult? Call(HandinCall call, IReverseStep step, int at) =>
            call.Run("ReverseStep", () => step.ReverseStep(torch.zeros(2, 2), at, torch.zeros(2, 2), new NoiseSchedule([0.1, 0.1, 0.1, 0.1]), new ZeroNetwork()), out _);
    }

    private sealed class ZeroNetwork : IEpsilonNetwork
    {
        public Tensor Forward(Tensor zt, Tensor t) => torch.zeros_like(zt);
    }
}
