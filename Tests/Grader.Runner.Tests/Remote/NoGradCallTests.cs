using Grader.Contracts.Diffusion;
using Grader.Remote.Channel;
using Grader.Tensors;

namespace Grader.Runner.Tests.Remote;

/// <summary>
/// A call through a proxy made by <see cref="RemoteProxy.InCallersGradMode{T}"/> runs in the host in the grader's
/// calling thread's grad mode (no_grad when the caller is in no_grad, as the same call in process), every other call as
/// before (grad on); and a call from the host asking the grader to run a callback without grad breaks the channel.
/// </summary>
public class NoGradCallTests
{
    [Test]
    public void A_call_through_a_proxy_in_the_callers_grad_mode_runs_without_grad_in_the_host_only_when_the_caller_is_in_no_grad()
    {
        var training = new TrainingOfRecorder();
        using var pair = new ChannelPair(c => c == typeof(IDiffusionTrainingRun) ? training : null);
        var network = pair.Resolve<IDiffusionTrainingRun>().Trained(2, 1, new Generator(1UL), []);
        var follows = RemoteProxy.InCallersGradMode(network);
        var seen = training.Network!.GradEnabled;
        float[] Call(IEpsilonNetwork n) => n.Forward(torch.ones(2, 2), torch.zeros(2, 1)).ToArray();

        follows.Should().NotBeSameAs(network).And.BeAssignableTo<RemoteProxy>();
        ((RemoteProxy)(object)follows).Handle.Should().Be(((RemoteProxy)(object)network).Handle, "the same object in the host");
        RemoteProxy.InCallersGradMode(follows).Should().BeSameAs(follows);
        var inProcess = new RecordingNetwork();
        RemoteProxy.InCallersGradMode<IEpsilonNetwork>(inProcess).Should().BeSameAs(inProcess, "an object in process runs in the caller's grad mode already");

        var withGrad = Call(follows);
        float[] withoutGrad, plainWithoutGrad;
        using (torch.no_grad())
        {
            withoutGrad = Call(follows);
            plainWithoutGrad = Call(network);
        }

        var plainWithGrad = Call(network);
        seen.Should().Equal([true, false, true, true], "only the call through the proxy that follows the caller, made in no_grad, ran in no_grad in the host");
        withoutGrad.Should().Equal(withGrad).And.Equal(plainWithoutGrad).And.Equal(plainWithGrad);
        torch.is_grad_enabled().Should().BeTrue();
    }

    [Test]
    public void A_host_asking_the_grader_to_run_a_callback_without_grad_breaks_the_channel()
    {
        ChannelPair? pair = null;
        var step = new AskingForNoGrad(() => pair!.Host);
        using (pair = new ChannelPair(c => c == typeof(IDdimStep) ? step : null))
        {
            var network = new RecordingNetwork();
            var call = () => pair.Resolve<IDdimStep>().DdimStep(torch.ones(2, 2), 3, 0.0, torch.zeros(2, 2), new NoiseSchedule([0.1, 0.2, 0.3, 0.4]), network);

            call.Should().Throw<RemoteHostException>().WithMessage("*asked this side to run it without grad, which only the host does*");
            network.GradEnabled.Should().BeEmpty("the callback did not run");
            pair.Grader.Broken.Should().NotBeNull();
        }
    }

    /// <summary>Records the grad mode of each call.</summary>
    private sealed class RecordingNetwork : IEpsilonNetwork
    {
        public List<bool> GradEnabled { get; } = [];

        public Tensor Forward(Tensor zt, Tensor t)
        {
            GradEnabled.Add(torch.is_grad_enabled());
            return zt * 2f;
        }
    }

    private sealed class TrainingOfRecorder : IDiffusionTrainingRun
    {
        public RecordingNetwork? Network { get; private set; }

        public TrainingOutcome Train(Tensor data, NoiseSchedule schedule, int steps, Generator modelGenerator, Generator batchGenerator) => throw new NotSupportedException();

        public IEpsilonNetwork Trained(int dataDimension, int T, Generator modelGenerator, IReadOnlyList<Tensor> values) => Network = new RecordingNetwork();
    }

    /// <summary>A host that calls the grader's network with the no-grad byte set (a host the hand-in took over).</summary>
    private sealed class AskingForNoGrad(Func<RemoteChannel> host) : IDdimStep
    {
        public Tensor DdimStep(Tensor xt, int t, double eta, Tensor z, NoiseSchedule schedule, IEpsilonNetwork network)
        {
            var proxy = (RemoteProxy)(object)network;
            var forward = typeof(IEpsilonNetwork).GetMethod(nameof(IEpsilonNetwork.Forward))!;
            return (Tensor)host().Invoke(proxy.Handle, typeof(IEpsilonNetwork), forward, [xt, torch.zeros(2, 1)], noGrad: true)!;
        }
    }
}
