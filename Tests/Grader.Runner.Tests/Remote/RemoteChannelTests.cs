using System.Buffers.Binary;
using Grader.Contracts.Diffusion;
using Grader.Remote.Channel;
using Grader.Tensors;

namespace Grader.Runner.Tests.Remote;

/// <summary>
/// The channel between grader and host, both ends in this process: values of every contract type cross intact and as
/// copies; callbacks nest; a returned network stays in the host behind a handle; generators draw the same numbers
/// and the grader's advances as in-process; exceptions keep their type, message and location; and every malformed
/// answer breaks the channel instead of reaching a check.
/// </summary>
public class RemoteChannelTests
{
    [Test]
    public void Tensors_numbers_and_schedules_cross_and_callbacks_nest()
    {
        var ddim = new MutatingDdim();
        using var pair = new ChannelPair(c => c == typeof(IDdimStep) ? ddim : null);
        var step = pair.Resolve<IDdimStep>();
        var xt = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, 3, 2);
        var z = torch.tensor(new float[] { 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f }, 3, 2);
        var network = new CountingNetwork();

        var result = step.DdimStep(xt, 7, 2.0, z, new NoiseSchedule([0.1, 0.2, 0.3]), network);

        network.Calls.Should().Be(2, "the hand-in called the grader's network twice during its call");
        network.LastT.Should().Equal(7, 7, 7);
        // eps = 2·xt (the network), result = eps + η·z + T.
        result.shape.Should().Equal(3, 2);
        result.ToArray().Should().Equal(2 + 1 + 3, 4 + 1 + 3, 6 + 1 + 3, 8 + 1 + 3, 10 + 1 + 3, 12 + 1 + 3);
        xt.ToArray().Should().Equal([1, 2, 3, 4, 5, 6], "the hand-in zeroed its copy of x_t, not the check's");
        ddim.SawZeroed.Should().BeTrue("the hand-in really did change its input");
    }

    [Test]
    public void A_returned_network_stays_in_the_host_and_the_generator_draws_the_same_numbers()
    {
        var training = new RecordingTraining();
        using var pair = new ChannelPair(c => c == typeof(IDiffusionTrainingRun) ? training : null);
        var generator = new Generator(42UL);
        var local = new Generator(42UL);

        var network = pair.Resolve<IDiffusionTrainingRun>().Trained(2, 3, generator, [torch.ones(4, 2)]);

        training.Drawn.Should().Equal(Enumerable.Range(0, 3).Select(_ => local.NextNormal()), "the host's generator is the grader's, state and all");
        generator.NextNormal().Should().Be(local.NextNormal(), "the grader's generator is advanced past what the hand-in drew, as in-process");
        network.Should().BeAssignableTo<RemoteProxy>("the trained network stays in the host");
        network.Forward(torch.ones(2, 2), torch.zeros(2, 1)).ToArray().Should().Equal(3, 3, 3, 3);
        training.Network!.Forwards.Should().Be(1);
    }

    [Test]
    public void Lists_sets_arrays_and_noise_sources_cross()
    {
        var handin = new Everything();
        using var pair = new ChannelPair(c => c.IsInstanceOfType(handin) ? handin : null);

        pair.Resolve<IBetaScheduleValidity>().IsValid([0.1, 0.2]).Should().BeTrue();
        pair.Resolve<IBetaScheduleValidity>().IsValid([0.1, -0.2]).Should().BeFalse();
        pair.Resolve<IBetaScheduleAnswer>().InvalidSchedules.Should().BeEquivalentTo([2, 4]);
        var noise = new KeyedNoise();
        var sample = pair.Resolve<IDtuDdpm>().Sample([2, 3], new NoiseSchedule([0.1, 0.2]), new CountingNetwork(), noise);
        sample.shape.Should().Equal(2, 3);
        noise.Keys.Should().Equal("latent [2, 3]", "step 1 [2, 3]", "step 0 [2, 3]");
    }

    [Test]
    public void Exceptions_keep_their_type_message_and_location()
    {
        var handin = new Everything();
        using var pair = new ChannelPair(c => c.IsInstanceOfType(handin) ? handin : null, _ => "Everything.cs:12, in Everything.Interpolate");

        var notYet = () => pair.Resolve<ILatentInterpolation>().Interpolate(torch.zeros(2), torch.ones(2), 3);
        notYet.Should().Throw<NotImplementedException>().WithMessage("interpolate me")
            .Which.Data[HandinGrader.LocationKey].Should().Be("Everything.cs:12, in Everything.Interpolate");

        var own = () => pair.Resolve<ISameNoiseSampler>().SampleSameNoise(torch.zeros(1, 2), new NoiseSchedule([0.1]), new CountingNetwork(), new KeyedNoise());
        own.Should().Throw<HandinException>().WithMessage("StudentError: my own *")
            .Which.Data[HandinGrader.TypeKey].Should().Be("StudentError");

        // An exception of the grader's callback travels to the hand-in and back, still an ArgumentException.
        var callback = () => pair.Resolve<IReverseStep>().ReverseStep(torch.zeros(1, 2), 0, torch.zeros(1, 2), new NoiseSchedule([0.1]), new ThrowingNetwork());
        callback.Should().Throw<ArgumentException>().WithMessage("the grader's network refuses*");
        pair.Grader.Broken.Should().BeNull("exceptions are answers, not faults of the channel");
    }

    [TestCase("rank", TestName = "A tensor of rank 9 breaks the channel")]
    [TestCase("shape", TestName = "A tensor whose data is shorter than its shape breaks the channel")]
    [TestCase("bool", TestName = "A boolean that is neither 0 nor 1 breaks the channel")]
    [TestCase("long", TestName = "A frame longer than the cap breaks the channel")]
    [TestCase("trailing", TestName = "Bytes after the value break the channel")]
    [TestCase("kind", TestName = "An unknown message kind breaks the channel")]
    [TestCase("handle", TestName = "A handle the grader never gave out breaks the channel")]
    public void Malformed_answers_break_the_channel(string fault)
    {
        var answer = new List<byte>();
        void Int(int v)
        {
            var b = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(b, v);
            answer.AddRange(b);
        }

        MethodKind method;
        switch (fault)
        {
            case "rank":
                answer.Add((byte)FrameKind.Return);
                Int(9);
                method = MethodKind.Tensor;
                break;
            case "shape":
                answer.Add((byte)FrameKind.Return);
                Int(2);
                Int(1000);
                Int(2);
                answer.AddRange(new byte[16]);
                method = MethodKind.Tensor;
                break;
            case "bool":
                answer.Add((byte)FrameKind.Return);
                answer.Add(2);
                method = MethodKind.Bool;
                break;
            case "long":
                answer.Add((byte)FrameKind.Return);
                method = MethodKind.Bool;
                break;
            case "trailing":
                answer.Add((byte)FrameKind.Return);
                answer.Add(1);
                answer.Add(0);
                method = MethodKind.Bool;
                break;
            case "kind":
                answer.Add(99);
                method = MethodKind.Bool;
                break;
            default:
                answer.Add((byte)FrameKind.Return);
                Int(-1);
                answer.Add(2);
                Int(77);
                method = MethodKind.Network;
                break;
        }

        var frame = new byte[4 + answer.Count];
        BinaryPrimitives.WriteInt32LittleEndian(frame, fault == "long" ? RemoteProtocol.MaxFrameBytes + 1 : answer.Count);
        answer.CopyTo(frame, 4);
        var channel = new RemoteChannel(new MemoryStream(frame), new MemoryStream());

        Action call = method switch
        {
            MethodKind.Tensor => () => channel.Invoke(1, typeof(ILatentInterpolation), typeof(ILatentInterpolation).GetMethod(nameof(ILatentInterpolation.Interpolate))!, [torch.zeros(1), torch.zeros(1), 2]),
            MethodKind.Bool => () => channel.Invoke(1, typeof(IBetaScheduleValidity), typeof(IBetaScheduleValidity).GetMethod(nameof(IBetaScheduleValidity.IsValid))!, [new[] { 0.1 }]),
            _ => () => channel.Invoke(1, typeof(IDiffusionTrainingRun), typeof(IDiffusionTrainingRun).GetMethod(nameof(IDiffusionTrainingRun.Trained))!, [2, 1, new Generator(1UL), Array.Empty<Tensor>()]),
        };

        call.Should().Throw<RemoteHostException>();
        channel.Broken.Should().NotBeNull();
        call.Should().Throw<RemoteHostException>("a broken channel stays broken");
    }

    [Test]
    public void A_round_trip_in_one_process_costs_microseconds()
    {
        var handin = new Everything();
        using var pair = new ChannelPair(c => c.IsInstanceOfType(handin) ? handin : null);
        var validity = pair.Resolve<IBetaScheduleValidity>();
        var network = (IEpsilonNetwork)pair.Grader.Resolve(typeof(IEpsilonNetwork), (m, _) => new InvalidOperationException(m))!;
        var x = torch.ones(2000, 2);
        var t = torch.zeros(2000, 1);
        for (int i = 0; i < 50; i++)
        {
            validity.IsValid([0.1]);
            network.Forward(x, t);
        }

        // The bound is on this process's processor time (both ends run here, and tests here run one at a time): wall
        // time per round trip is a matter of the scheduler, which a loaded machine stretches without limit.
        var clock = Stopwatch.StartNew();
        var cpu = Environment.CpuUsage.TotalTime;
        for (int i = 0; i < 1000; i++)
        {
            validity.IsValid([0.1]);
        }

        var empty = clock.Elapsed / 1000;
        var emptyCpu = (Environment.CpuUsage.TotalTime - cpu) / 1000;
        clock.Restart();
        for (int i = 0; i < 500; i++)
        {
            network.Forward(x, t);
        }

        var forward = clock.Elapsed / 500;
        TestContext.Out.WriteLine($"in-process pipes: empty round trip {empty.TotalMicroseconds:0} µs ({emptyCpu.TotalMicroseconds:0} µs of processor time); Forward of [2000, 2] {forward.TotalMicroseconds:0} µs");
        emptyCpu.Should().BeLessThan(TimeSpan.FromMilliseconds(5));
    }

    private enum MethodKind
    {
        Tensor,
        Bool,
        Network,
    }

    /// <summary>ε = 2·z_t, recording t.</summary>
    private sealed class CountingNetwork : IEpsilonNetwork
    {
        public int Calls { get; private set; }

        public float[] LastT { get; private set; } = [];

        public Tensor Forward(Tensor zt, Tensor t)
        {
            Calls++;
            LastT = t.ToArray();
            return zt * 2f;
        }
    }

    private sealed class ThrowingNetwork : IEpsilonNetwork
    {
        public Tensor Forward(Tensor zt, Tensor t) => throw new ArgumentException("the grader's network refuses this shape");
    }

    private sealed class KeyedNoise : INoiseSource
    {
        public List<string> Keys { get; } = [];

        public Tensor Latent(int[] shape)
        {
            Keys.Add($"latent [{string.Join(", ", shape)}]");
            return torch.zeros(shape);
        }

        public Tensor ForStep(int t, int[] shape)
        {
            Keys.Add($"step {t} [{string.Join(", ", shape)}]");
            return torch.zeros(shape);
        }
    }

    /// <summary>A hand-in that calls the network twice and then zeroes its input.</summary>
    private sealed class MutatingDdim : IDdimStep
    {
        public bool SawZeroed { get; private set; }

        public Tensor DdimStep(Tensor xt, int t, double eta, Tensor z, NoiseSchedule schedule, IEpsilonNetwork network)
        {
            var time = torch.full([xt.shape[0]], t);
            network.Forward(xt, time);
            var eps = network.Forward(xt, time);
            xt.CopyFrom(torch.zeros(xt.shape));
            SawZeroed = xt.ToArray().All(v => v == 0);
            return eps + z * (float)eta + schedule.T;
        }
    }

    private sealed class RecordingTraining : IDiffusionTrainingRun
    {
        public double[] Drawn { get; private set; } = [];

        public ScaleNetwork? Network { get; private set; }

        public TrainingOutcome Train(Tensor data, NoiseSchedule schedule, int steps, Generator modelGenerator, Generator batchGenerator) => throw new NotSupportedException();

        /// <summary>Draws T normals from the generator and returns a network scaling by T.</summary>
        public IEpsilonNetwork Trained(int dataDimension, int T, Generator modelGenerator, IReadOnlyList<Tensor> values)
        {
            Drawn = Enumerable.Range(0, T).Select(_ => modelGenerator.NextNormal()).ToArray();
            Network = new ScaleNetwork(T);
            return Network;
        }
    }

    private sealed class ScaleNetwork(float scale) : IEpsilonNetwork
    {
        public int Forwards { get; private set; }

        public Tensor Forward(Tensor zt, Tensor t)
        {
            Forwards++;
            return zt * scale;
        }
    }

    private sealed class StudentError(string message) : Exception(message);

    private sealed class Everything : IBetaScheduleValidity, IBetaScheduleAnswer, IDtuDdpm, ILatentInterpolation, ISameNoiseSampler, IReverseStep, IEpsilonNetwork
    {
        public IReadOnlySet<int> InvalidSchedules => new HashSet<int> { 2, 4 };

        public bool IsValid(IReadOnlyList<double> betas) => betas.All(b => b is > 0 and < 1);

        public Tensor NegativeElbo(Tensor x, NoiseSchedule schedule, IEpsilonNetwork network, IRandomSource random) => throw new NotImplementedException();

        public Tensor Sample(int[] shape, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise)
        {
            var x = noise.Latent(shape);
            for (int t = schedule.T - 1; t >= 0; t--)
            {
                x = x - network.Forward(x, torch.full([shape[0], 1], t / (float)schedule.T)) * 0.1f + noise.ForStep(t, shape);
            }

            return x;
        }

        public Tensor Interpolate(Tensor from, Tensor to, int count) => throw new NotImplementedException("interpolate me");

        public Tensor SampleSameNoise(Tensor latents, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise) =>
            throw new StudentError("my own error type");

        public Tensor ReverseStep(Tensor xt, int t, Tensor z, NoiseSchedule schedule, IEpsilonNetwork network) => network.Forward(xt, torch.zeros(1));

        public Tensor Forward(Tensor zt, Tensor t) => zt;
    }
}
