using Grader.Checks.Hidden.Diffusion;
using Grader.Checks.Hidden.Flows;
using Grader.Runner.Host;
using Grader.Contracts.Diffusion;
using Grader.Remote.Channel;
using Grader.Tensors;

namespace Grader.Grading.Tests.Remote;

/// <summary>
/// A call into the hand-in that used up a limit is not made again: the channel keeps its calls in flight, the
/// innermost one waiting at least three quarters of the check's limit is blamed when a check times out
/// (<see cref="ExhaustedCall.Pick"/>), a call that ran out of memory is blamed exactly, and a later check that makes the
/// same call (same contract member, whichever object) fails at once with the same verdict, while checks that never make
/// it run as before. A call stopped by its wall-clock limit, whole through real hosts: <c>CallCpuTests</c>' call that waits
/// without computing (was here: the endless-loop example on sheet 000 under a 5 s wall limit with no CPU budget, whose
/// correct checks beside the loop timed out at load 60; issue 83, item 1); by its CPU budget: <c>CallbackTimeoutTests</c>
/// and <c>CallCpuTests</c>.
/// </summary>
[NonParallelizable]
public class ExhaustedCallTests
{
    [Test]
    public void The_channel_keeps_its_calls_in_flight_and_a_screened_call_is_not_sent()
    {
        var step = new CallingBack();
        var ddim = new CountingDdim();
        using var pair = new ChannelPair(c => c == typeof(IReverseStep) ? step : c == typeof(IDdimStep) ? ddim : null);
        var network = new RecordingNetwork(pair.Grader);
        var schedule = new NoiseSchedule([0.1]);
        var remoteStep = pair.Resolve<IReverseStep>();
        var remoteDdim = pair.Resolve<IDdimStep>();

        remoteStep.ReverseStep(torch.zeros(1, 2), 0, torch.zeros(1, 2), schedule, network);
        network.Seen.Should().Equal(["IReverseStep.ReverseStep"], "a callback the hand-in makes is not a call of the grader's: the hand-in's call is still the one in flight");
        pair.Grader.InFlight.Should().BeEmpty("the call returned");

        pair.Grader.Screen = (contract, method) => contract == typeof(IReverseStep) ? new OperationCanceledException("screened") : null;
        var screened = () => remoteStep.ReverseStep(torch.zeros(1, 2), 0, torch.zeros(1, 2), schedule, network);
        screened.Should().Throw<OperationCanceledException>().WithMessage("screened");
        step.Calls.Should().Be(1, "a screened call is not sent");
        remoteDdim.DdimStep(torch.zeros(1, 2), 0, 0.0, torch.zeros(1, 2), schedule, network);
        ddim.Calls.Should().Be(1, "a call of another member goes through");
        pair.Grader.InFlight.Should().BeEmpty();
        pair.Grader.Broken.Should().BeNull();
    }

    [Test]
    public void The_innermost_call_waiting_three_quarters_of_the_limit_is_blamed()
    {
        var step = typeof(IReverseStep).GetMethod(nameof(IReverseStep.ReverseStep))!;
        var getter = typeof(IBetaScheduleAnswer).GetProperty(nameof(IBetaScheduleAnswer.InvalidSchedules))!.GetMethod!;
        CallInFlight Since(Type contract, System.Reflection.MethodInfo method, double seconds) =>
            new(contract, method, Stopwatch.GetTimestamp() - (long)(seconds * Stopwatch.Frequency));
        var outerSlow = Since(typeof(IReverseStep), step, 10);
        var innerFresh = Since(typeof(IBetaScheduleAnswer), getter, 1);

        var blamed = ExhaustedCall.Pick([outerSlow, innerFresh], "000/1d/ddim (x)", TimeSpan.FromSeconds(4));
        blamed.Should().NotBeNull();
        blamed!.Name.Should().Be("IReverseStep.ReverseStep", "the inner call has waited 1 s, less than three quarters of 4 s");
        blamed.Reason.Should().Be("not run: the same call (IReverseStep.ReverseStep) timed out in check 000/1d/ddim (x) after 4 s, so this check was stopped when it made it");
        blamed.Is(typeof(IReverseStep), step).Should().BeTrue();
        blamed.Is(typeof(IBetaScheduleAnswer), getter).Should().BeFalse();

        ExhaustedCall.Pick([outerSlow, innerFresh], "c", TimeSpan.FromSeconds(1.2))!.Name.Should().Be("IBetaScheduleAnswer.InvalidSchedules", "the innermost call waiting at least 0.9 s");
        ExhaustedCall.Pick([outerSlow, innerFresh], "c", TimeSpan.FromSeconds(1.5))!.Name.Should().Be("IReverseStep.ReverseStep", "the inner call waited 1 s, less than 1.125 s");
        ExhaustedCall.Pick([innerFresh], "c", TimeSpan.FromSeconds(60)).Should().BeNull("no call waited 45 s: the time went elsewhere (the grader's own code, or many short calls)");
        ExhaustedCall.Pick([], "c", TimeSpan.FromSeconds(60)).Should().BeNull();
    }

    [Test]
    [Category("Slow")]
    public async Task After_a_call_runs_out_of_memory_the_later_checks_that_make_it_fail_at_once_and_the_others_pass()
    {
        // The allocation bomb fills a list with 4 MiB arrays in IBetaScheduleAnswer.InvalidSchedules until the heap limit.
        // Tried again in the same host, the next bomb took 0.04 s, then 5 s, then 1 s (the collector at a full heap):
        // a verdict that depended on the machine. Now it runs once.
        var bomb = HandinSource.Load(Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", "Adversarial", "allocation-bomb"));
        // The CPU budgets and wall limits no load reaches (was the default 60 s per check, issue 83 item 1).
        var limits = TestSettings.LoadProofLimits with { HeapBytes = 512L << 20 };
        var settings = TestSettings.For("002", leftOut: [.. TutorCatalog.TrainingCheckIds], limits: limits);

        var record = await new HandinRunner(WorkerFactory.Create(out _), settings)
            .GradeAsync(new DiscoveredHandin(bomb.Name, "/nonexistent/" + bomb.Name, bomb, "0000"), CancellationToken.None);

        TestContext.Out.WriteLine(string.Join("\n", record.Checks.Select(c => $"{c.TaskId} {c.CheckId}: {c.Result.Outcome}: {c.Result.Message}")));
        record.Status.Should().Be(HandinStatus.Graded, "running out of memory ends a call, not the worker");
        // The bomb is laid over the diffusion family's correct example: the other families' checks fail for want of a class.
        var failed = record.Checks.Where(c => c.Result.Outcome != CheckOutcome.Passed && !c.Result.Message.StartsWith("no public class of the hand-in implements", StringComparison.Ordinal)).ToArray();
        var first = failed.Where(c => c.Result.Message.Contains("OutOfMemoryException", StringComparison.Ordinal)).ToArray();
        first.Should().ContainSingle("only the first check that calls InvalidSchedules runs the bomb");
        failed.Except(first).Should().NotBeEmpty().And.OnlyContain(c => c.Result.Outcome == CheckOutcome.Failed
            && c.Result.Message == $"not run: the same call (IBetaScheduleAnswer.InvalidSchedules) ran out of memory (the worker's heap limit of 512 MiB) in check {first[0].TaskId} ({first[0].CheckId}), so this check was stopped when it made it");
        failed.Select(c => c.TaskId).Should().OnlyContain(t => t == "002/p4d/invalid-schedules", "the other tasks never make the call");
        record.Checks.Where(c => c.TaskId.StartsWith("002/p4", StringComparison.Ordinal) && c.TaskId != "002/p4d/invalid-schedules").Should().NotBeEmpty()
            .And.OnlyContain(c => c.Result.Outcome == CheckOutcome.Passed, "the diffusion checks that never make the call pass");
        record.Timing.WorkerRuns.Should().Be(1, "the host lives on; it refuses the call from the next check on");
    }

    /// <summary>The hand-in's step: calls the grader's network once.</summary>
    private sealed class CallingBack : IReverseStep
    {
        public int Calls { get; private set; }

        public Tensor ReverseStep(Tensor xt, int t, Tensor z, NoiseSchedule schedule, IEpsilonNetwork network)
        {
            Calls++;
            return network.Forward(xt, torch.zeros(1));
        }
    }

    private sealed class CountingDdim : IDdimStep
    {
        public int Calls { get; private set; }

        public Tensor DdimStep(Tensor xt, int t, double eta, Tensor z, NoiseSchedule schedule, IEpsilonNetwork network)
        {
            Calls++;
            return xt;
        }
    }

    /// <summary>The grader's network: notes the grader's calls in flight while the hand-in calls it back.</summary>
    private sealed class RecordingNetwork(RemoteChannel grader) : IEpsilonNetwork
    {
        public List<string> Seen { get; } = [];

        public Tensor Forward(Tensor zt, Tensor t)
        {
            if (Seen.Count == 0)
            {
                Seen.AddRange(grader.InFlight.Select(c => c.Name));
            }

            return zt;
        }
    }
}
