using Grader.Contracts.Diffusion;
using Grader.Contracts.Flows;
using Grader.Remote.Channel;
using Grader.Remote.Values;
using Grader.Tensors;

namespace Grader.Runner.Tests.Remote;

/// <summary>
/// An object the grader hands over lives as long as its check (issue 27): once the grader releases its objects
/// (<see cref="RemoteChannel.ReleaseExports"/>, which <c>HostSession.BeginCheck</c> calls), a hand-in that kept one
/// from an earlier check and calls it, or hands it back, is refused with an exception naming the earlier check; the
/// grader's object does not run, the running check's meter records the refusal (so the check fails whatever the hand-in
/// does with the exception), the grader holds the object no longer, and the channel goes on.
/// </summary>
public class ReleasedObjectTests
{
    [Test]
    public void A_kept_object_of_an_earlier_check_is_refused_and_the_channel_goes_on()
    {
        var handin = new KeepingHandin();
        using var pair = new ChannelPair(c => c.IsInstanceOfType(handin) ? handin : null);
        var nll = pair.Resolve<IFlowNegativeLogLikelihood>();
        var first = new CountingFlow();
        var x = torch.ones(3, 2);

        pair.Grader.Meter = new CallbackMeter(CallbackBudget.Default, CancellationToken.None);
        nll.NegativeLogLikelihood(x, first).shape.Should().Equal(3);
        nll.NegativeLogLikelihood(x, first).shape.Should().Equal(3);
        first.Calls.Should().Be(4, "within its check the hand-in may call the object it was given as often as it likes (twice per call here)");

        pair.Grader.ReleaseExports();
        var meter = new CallbackMeter(CallbackBudget.Default, CancellationToken.None);
        pair.Grader.Meter = meter;
        var second = new CountingFlow();
        var late = () => nll.NegativeLogLikelihood(x, second);

        late.Should().Throw<InvalidOperationException>().WithMessage("*INormalizingFlow.Forward on an object the grader handed over for an earlier check*");
        first.Calls.Should().Be(4, "the earlier check's flow did not run again");
        meter.Refusal.Should().Contain("handed over for an earlier check", "the check fails with the reason even if the hand-in swallows the exception");
        pair.Grader.Broken.Should().BeNull("a refused call is the hand-in's fault, not a broken protocol");

        pair.Grader.ReleaseExports();
        pair.Grader.Meter = new CallbackMeter(CallbackBudget.Default, CancellationToken.None);
        handin.Forget();
        nll.NegativeLogLikelihood(x, second).shape.Should().Equal([3], "the channel goes on: in the next check a hand-in that calls only what it was given is served");
        second.Calls.Should().Be(2);
    }

    [Test]
    public void A_kept_object_handed_back_as_a_result_is_refused()
    {
        var handin = new KeepingHandin();
        using var pair = new ChannelPair(c => c.IsInstanceOfType(handin) ? handin : null);
        var flow = new CountingFlow();
        pair.Resolve<IFlowNegativeLogLikelihood>().NegativeLogLikelihood(torch.ones(2, 2), flow);
        var training = pair.Resolve<IInnTrainingRun>();
        training.Trained(2, new Generator(1UL), []).Should().BeSameAs(flow, "within its check the grader's own object comes home as itself");

        pair.Grader.ReleaseExports();
        var back = () => training.Trained(2, new Generator(1UL), []);

        back.Should().Throw<WireValueException>().WithMessage("*handed over for an earlier check*");
        pair.Grader.Broken.Should().BeNull();
    }

    /// <summary>The grader's flow: z = x, log-det 0; counts its calls.</summary>
    private sealed class CountingFlow : INormalizingFlow
    {
        public int Calls { get; private set; }

        public (Tensor Z, Tensor LogDet) Forward(Tensor x)
        {
            Calls++;
            return (x, torch.zeros(x.size(0)));
        }

        public Tensor Inverse(Tensor z) => z;
    }

    /// <summary>A hand-in that keeps the first flow it is given and calls it again on every call (as the adversarial example stale-grader-object does), and hands it back as its "trained" flow.</summary>
    private sealed class KeepingHandin : IFlowNegativeLogLikelihood, IInnTrainingRun
    {
        private INormalizingFlow? _first;

        public void Forget() => _first = null;

        public Tensor NegativeLogLikelihood(Tensor x, INormalizingFlow flow)
        {
            _first ??= flow;
            _first.Forward(x);
            var (z, logDet) = flow.Forward(x);
            return (z * z).sum(1) * 0.5f - logDet;
        }

        public TrainingOutcome Train(Tensor data, int steps, Generator modelGenerator, Generator batchGenerator) => throw new NotSupportedException();

        public INormalizingFlow Trained(int dataDimension, Generator modelGenerator, IReadOnlyList<Tensor> values) => _first!;
    }
}
