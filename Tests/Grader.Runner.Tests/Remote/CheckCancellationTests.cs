using Grader.Runner.Host;
using Grader.Contracts.Diffusion;
using Grader.Remote.Channel;
using Grader.Remote.Values;
using Grader.Tensors;

namespace Grader.Runner.Tests.Remote;

/// <summary>
/// A check's callbacks observe its cancellation (cancelled when its host is killed): a callback that arrives after it
/// does not run, and no new call of the check leaves for the hand-in. The meter counts in <c>long</c> and refuses the
/// first call past each part of the budget, and every later one. A host whose channel breaks exits at once (code 3).
/// </summary>
[NonParallelizable]
public class CheckCancellationTests
{
    [Test]
    public void A_cancelled_check_runs_no_more_callbacks_and_sends_no_more_calls()
    {
        var handin = new CallingTwice();
        using var pair = new ChannelPair(c => c == typeof(IReverseStep) ? handin : null);
        using var cancellation = new CancellationTokenSource();
        pair.Grader.Meter = new CallbackMeter(CallbackBudget.Default, cancellation.Token);
        var network = new CancellingNetwork(cancellation);
        var step = pair.Resolve<IReverseStep>();

        var call = () => step.ReverseStep(torch.zeros(1, 2), 0, torch.zeros(1, 2), new NoiseSchedule([0.1]), network);

        call.Should().Throw<OperationCanceledException>().WithMessage("*IEpsilonNetwork.Forward was not run: the check was stopped*");
        network.Calls.Should().Be(1, "the second callback came after the cancellation and did not run");
        call.Should().Throw<OperationCanceledException>("a new call of the cancelled check is not sent");
        pair.Grader.Broken.Should().BeNull();
    }

    [Test]
    public void The_meter_refuses_the_first_call_past_each_part_of_the_budget_and_every_later_one()
    {
        var perCall = new CallbackMeter(new CallbackBudget(100, 1000, 10), CancellationToken.None);
        perCall.Admit("A", () => 100).Should().BeNull();
        perCall.Admit("A", () => 101).Should().Contain("for 101 elements in one call; this check allows 100");
        perCall.Admit("A", () => 1).Should().Be(perCall.Refusal, "once refused, every later call of the check is refused");

        var inAll = new CallbackMeter(new CallbackBudget(100, 250, 10), CancellationToken.None);
        inAll.Admit("A", () => 100).Should().BeNull();
        inAll.Admit("A", () => 100).Should().BeNull();
        inAll.Admit("B", () => 100).Should().Contain("more than 250 elements in all (in 3 calls, the last to B)");

        var calls = new CallbackMeter(new CallbackBudget(100, 1000, 2), CancellationToken.None);
        calls.Admit("A", () => 0).Should().BeNull();
        calls.Admit("A", () => 0).Should().BeNull();
        calls.Admit("A", () => 0).Should().Contain("more than 2 times");

        var overflow = new CallbackMeter(CallbackBudget.Default, CancellationToken.None);
        overflow.Admit("A", () => throw new OverflowException("an element count past long")).Should().Contain("an element count past long");
    }

    [Test]
    public void The_meter_refuses_the_first_call_after_the_check_s_callbacks_used_its_processor_time()
    {
        var budget = new CallbackBudget(100, 1000, 10, TimeSpan.FromMilliseconds(100));
        var over = new CallbackMeter(budget, CancellationToken.None);
        var within = new CallbackMeter(budget with { Cpu = TimeSpan.FromSeconds(10) }, CancellationToken.None);
        foreach (var meter in new[] { over, within })
        {
            meter.Admit("A", () => 1).Should().BeNull();
            // A callback that burns 150 ms of this thread's processor time.
            var started = CallbackMeter.ThreadCpu();
            while (CallbackMeter.ThreadCpu() - started < TimeSpan.FromMilliseconds(150))
            {
            }

            meter.Spent(started);
            meter.Cpu.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(150));
        }

        over.Admit("B", () => 1).Should().Contain("of the grader's processor time (in 1 calls, the next to B); this check allows 0.1 s");
        over.Admit("B", () => 1).Should().Be(over.Refusal, "once refused, every later call of the check is refused");
        within.Admit("B", () => 1).Should().BeNull("the same callback within a larger budget");
    }

    [Test]
    public void Shapes_are_counted_in_long_and_a_shape_that_is_none_is_refused()
    {
        var shape = ContractSet.Default.Describe(typeof(int[]));
        var meter = new CallbackMeter(CallbackBudget.Default, CancellationToken.None);
        meter.Admit("Latent", () => shape.Elements(new[] { 3, 1431655766 })).Should().Contain("for 4,294,967,298 elements in one call");
        new CallbackMeter(CallbackBudget.Default, CancellationToken.None).Admit("Latent", () => shape.Elements(new[] { 2, -1 })).Should().Contain("negative dimension -1");
        new CallbackMeter(CallbackBudget.Default, CancellationToken.None).Admit("Latent", () => shape.Elements(new int[9])).Should().Contain("rank 9");
    }

    [Test]
    public async Task A_host_whose_channel_breaks_exits_at_once()
    {
        using var session = await LoadedHost.StartAsync(HandinSource.Load(Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", "Diffusion", "Correct")));

        var malformed = () => session.Channel.Request(w =>
        {
            w.WriteInt(1);
            w.WriteString("No.Such.Contract");
            w.WriteString("Step");
        }, FrameKind.Call, _ => 0);

        malformed.Should().Throw<RemoteHostException>();
        (await session.WaitForExitAsync(TimeSpan.FromSeconds(60))).Should().Be(3, session.LogTail());
        session.LogTail().Should().Contain("a call on an unknown interface No.Such.Contract");
    }

    /// <summary>Calls the grader's network twice, as a sampler's two steps would.</summary>
    private sealed class CallingTwice : IReverseStep
    {
        public Tensor ReverseStep(Tensor xt, int t, Tensor z, NoiseSchedule schedule, IEpsilonNetwork network)
        {
            var once = network.Forward(xt, torch.zeros(1));
            return network.Forward(once, torch.zeros(1));
        }
    }

    /// <summary>The grader's network; its first call cancels the check, as a kill of the host would.</summary>
    private sealed class CancellingNetwork(CancellationTokenSource cancellation) : IEpsilonNetwork
    {
        public int Calls { get; private set; }

        public Tensor Forward(Tensor zt, Tensor t)
        {
            Calls++;
            cancellation.Cancel();
            return zt;
        }
    }
}
