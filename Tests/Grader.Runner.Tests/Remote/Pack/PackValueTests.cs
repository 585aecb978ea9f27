using System.Buffers.Binary;
using Grader.Runner.Host;
using Grader.Contracts.Diffusion;
using Grader.Remote.Channel;
using Grader.Remote.Handins;
using Grader.Remote.Values;
using Grader.Tensors;

namespace Grader.Runner.Tests.Remote.Pack;

/// <summary>
/// The channel carries any value built from the supported kinds, described from the contract types of a test pack
/// (in <c>PackContracts.cs</c>, in this test project): records (positional, init-only), value tuples, arrays, lists
/// and sets, enums and nullables, handles in both directions, nested. The same hand-in answers in-process and in a
/// real host that loads the pack's contracts from the assembly the grader sends. Every new kind has a malformed frame
/// that breaks the channel; a record that refuses its values, an answer past the caps and a list that throws are
/// errors of that call, and the channel goes on.
/// </summary>
[NonParallelizable]
public class PackValueTests
{
    private const string Handin = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Grader.Runner.Tests.Remote.Pack;
        using Grader.Tensors;

        namespace Submission;

        public sealed class Flow : ITestFlow
        {
            public (Tensor Z, Tensor LogDet) Forward(Tensor x) => (x * 2f, torch.full([x.shape[0]], (float)(Math.Log(2) * x.shape[1])));

            public FlowOutput Couple(Tensor x)
            {
                var (z, logDet) = Forward(x);
                return new FlowOutput(z, logDet);
            }
        }

        public sealed class Vae : ITestVae
        {
            public Gaussian Encode(Tensor x) => new() { Mu = x + 1f, LogVar = x * 0f };
        }

        public sealed class Ode : ITestOde
        {
            public IReadOnlyList<Tensor> Trajectory(Tensor x0, IReadOnlyList<double> times, IVectorField field)
            {
                var path = new List<Tensor> { x0 };
                var x = x0;
                for (int i = 1; i < times.Count; i++)
                {
                    x = x + field.At(times[i - 1], x) * (float)(times[i] - times[i - 1]);
                    path.Add(x);
                }

                return path;
            }

            public Settings Echo(Settings settings) => settings with { Steps = settings.Steps + 1 };

            public Nested Mirror(Nested nested) => nested with { Items = nested.Items.Reverse().ToList() };

            public IVectorField Field() => new Decay();

            public Positive Make(int value) => new(value);

            public IReadOnlySet<Solver> Solvers(Solver[] given) => new HashSet<Solver>(given);
        }

        public sealed class Decay : IVectorField
        {
            public Tensor At(double t, Tensor x) => x * -1f;
        }
        """;

    private static readonly ContractSet Contracts = ContractSet.Default.With([typeof(ITestFlow), typeof(ITestVae), typeof(ITestOde)]);

    // Without the allowlist: it allows the contracts by namespace (Grader.Contracts), and this pack lives elsewhere.
    private static readonly HandinCompiler Compiler = new(null, [typeof(ITestFlow).Assembly]);

    private static HandinSource Source() => new("pack", [new HandinFile("Pack.cs", Handin)]);

    [Test]
    public void Every_contract_of_Grader_Contracts_can_cross()
    {
        var exported = ContractSet.ContractsAssembly.GetExportedTypes().Where(t => t.IsInterface).ToArray();
        ContractSet.Default.Interfaces.Should().BeEquivalentTo(exported);
    }

    [Test]
    public void A_pack_hand_in_answers_in_process_with_every_kind_of_value()
    {
        var compiled = Compiler.Compile(Source());
        compiled.Assembly.Should().NotBeNull(string.Join("\n", compiled.Errors));
        var handin = new HandinInstance(compiled.Assembly!);
        using var pair = new ChannelPair(handin.Resolve, contracts: Contracts);

        Exercise(c => pair.Grader.Resolve(c, (m, _) => new InvalidOperationException(m)));
        pair.Grader.Broken.Should().BeNull();
    }

    [Test]
    public async Task A_pack_hand_in_answers_in_a_real_host_that_loads_the_pack_from_the_graders_assembly()
    {
        var emitted = Compiler.Emit(Source());
        emitted.Image.Should().NotBeNull(string.Join("\n", emitted.Result.Errors));
        using var session = await HostSession.StartAsync(HostCommandLine.Current, WorkerLimits.Default, Contracts);
        session.Load("pack", emitted.Image!, emitted.Symbols);

        session.Bind(typeof(ITestOde)).IsMissing.Should().BeFalse("the host bound the pack's contract to the hand-in's class");
        Exercise(session.Resolve);
        session.Channel.Broken.Should().BeNull(session.LogTail());
        (await session.CloseAsync(TimeSpan.FromSeconds(60))).Should().Be(0, session.LogTail());
    }

    /// <summary>Calls every method of the pack and checks what comes back.</summary>
    private static void Exercise(Func<Type, object?> resolve)
    {
        var flow = (ITestFlow)resolve(typeof(ITestFlow))!;
        var x = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, 3, 2);
        var (z, logDet) = flow.Forward(x);
        z.ToArray().Should().Equal(2, 4, 6, 8, 10, 12);
        logDet.shape.Should().Equal(3);
        logDet.ToArray().Should().AllSatisfy(v => v.Should().BeApproximately((float)(2 * Math.Log(2)), 1e-6f));
        var coupled = flow.Couple(x);
        coupled.Z.ToArray().Should().Equal(z.ToArray());
        coupled.LogDet.ToArray().Should().Equal(logDet.ToArray());

        var gaussian = ((ITestVae)resolve(typeof(ITestVae))!).Encode(x);
        gaussian.Mu.ToArray().Should().Equal(2, 3, 4, 5, 6, 7);
        gaussian.LogVar.ToArray().Should().OnlyContain(v => v == 0);
        gaussian.Batch.Should().Be(3, "a derived property is recomputed from what crossed");

        var ode = (ITestOde)resolve(typeof(ITestOde))!;
        var calls = new List<double>();
        var field = new RecordingField(calls);
        var path = ode.Trajectory(torch.ones(2, 2), [0.0, 0.5, 1.0], field);
        path.Should().HaveCount(3);
        path[1].ToArray().Should().Equal(1.5f, 1.5f, 1.5f, 1.5f);
        path[2].ToArray().Should().Equal(2.25f, 2.25f, 2.25f, 2.25f);
        calls.Should().Equal(0.0, 0.5);

        var settings = new Settings(3, 1L << 40, 0.25f, 1e-9, true, "rk", Solver.Rk4, Parts.Mean | Parts.Variance, null, Solver.Euler);
        ode.Echo(settings).Should().Be(settings with { Steps = 4 });
        ode.Echo(settings with { Name = null, Limit = 7, Fallback = null, Parts = Parts.None }).Should().Be(settings with { Steps = 4, Name = null, Limit = 7, Fallback = null, Parts = Parts.None });

        var nested = new Nested(
            [(torch.zeros(1), 1.0), (torch.ones(2), 2.0)],
            [null, new Gaussian { Mu = torch.ones(1, 1), LogVar = torch.zeros(1, 1) }],
            new HashSet<int> { 3, 1, 2 },
            field);
        var mirrored = ode.Mirror(nested);
        mirrored.Items.Select(i => i.W).Should().Equal(2.0, 1.0);
        mirrored.Items[0].X.ToArray().Should().Equal(1, 1);
        mirrored.Maybe[0].Should().BeNull();
        mirrored.Maybe[1]!.Mu.ToArray().Should().Equal(1);
        mirrored.Ids.Should().BeEquivalentTo([1, 2, 3]);
        mirrored.Field.Should().BeSameAs(field, "the grader's own object came home through the hand-in's proxy");

        var returned = ode.Field();
        returned.Should().BeAssignableTo<RemoteProxy>("the hand-in's field stays with the hand-in");
        returned.At(0, torch.ones(2)).ToArray().Should().Equal(-1, -1);
        ode.Mirror(nested with { Field = returned }).Field.Should().BeSameAs(returned, "the hand-in's own object went home and came back as the same proxy");

        ode.Make(5).Value.Should().Be(5);
        ode.Solvers([Solver.Rk4, Solver.Euler, Solver.Rk4]).Should().BeEquivalentTo([Solver.Euler, Solver.Rk4]);
    }

    [TestCase(typeof(IHoldsDictionary), "Dictionary<String, Tensor> can't cross", TestName = "A dictionary is refused with the member")]
    [TestCase(typeof(IHoldsLoop), "Loop contains itself", TestName = "A type that contains itself is refused")]
    [TestCase(typeof(IHoldsGenerator), "a Generator crosses only as a parameter", TestName = "A generator inside a record is refused")]
    [TestCase(typeof(IOverloaded), "names each method once", TestName = "An overloaded method is refused")]
    [TestCase(typeof(IByReference), "passed by reference", TestName = "An out parameter is refused")]
    [TestCase(typeof(IDeep), "nests 9 deep", TestName = "A type nested deeper than the cap is refused")]
    [TestCase(typeof(IFloatSet), "a set of Single can't cross", TestName = "A set of floats is refused")]
    public void A_contract_with_a_type_that_cannot_cross_is_refused_when_the_set_is_made(Type contract, string reason)
    {
        var make = () => ContractSet.Default.With([contract]);
        make.Should().Throw<NotSupportedException>().Which.Message.Should().Contain(contract.Name).And.Contain(reason);
    }

    [TestCase("enum", TestName = "An enum value that is not defined breaks the channel")]
    [TestCase("flags", TestName = "A flags value with an undefined bit breaks the channel")]
    [TestCase("nullable", TestName = "A nullable's presence byte that is not 0 or 1 breaks the channel")]
    [TestCase("record", TestName = "A record's presence byte that is not 0 or 1 breaks the channel")]
    [TestCase("set", TestName = "A set holding an item twice breaks the channel")]
    [TestCase("count", TestName = "A list longer than its frame breaks the channel")]
    [TestCase("values", TestName = "A frame of more values than the cap breaks the channel")]
    [TestCase("tuple", TestName = "A tuple missing an item breaks the channel")]
    [TestCase("tag", TestName = "An unknown handle tag breaks the channel")]
    [TestCase("generator", TestName = "A malformed generator state breaks the channel")]
    [TestCase("trailing", TestName = "Bytes after a record break the channel")]
    public void Malformed_answers_of_every_kind_break_the_channel(string fault)
    {
        var frame = new Frame();
        Action<RemoteChannel> call;
        switch (fault)
        {
            case "enum" or "flags" or "nullable" or "record" or "trailing":
                frame.Byte(fault == "record" ? (byte)2 : (byte)1);
                frame.Int(3).Long(4).Float(1).Double(1).Byte(1).Int(-1);
                frame.Long(fault == "enum" ? 3 : 4);
                frame.Long(fault == "flags" ? 4 : 1);
                frame.Byte(fault == "nullable" ? (byte)2 : (byte)0).Byte(0);
                if (fault == "trailing")
                {
                    frame.Byte(0);
                }

                call = c => Ode(c).Echo(new Settings(1, 1, 1, 1, true, null, Solver.Euler, Parts.None, null, null));
                break;
            case "set":
                frame.Int(2).Long(1).Long(1);
                call = c => Ode(c).Solvers([]);
                break;
            case "count":
                frame.Int(1000).Int(0);
                call = c => Ode(c).Trajectory(torch.zeros(1), [0.0], new RecordingField([]));
                break;
            case "values":
                frame.Int(RemoteProtocol.MaxValues + 1);
                for (int i = 0; i <= RemoteProtocol.MaxValues; i++)
                {
                    frame.Int(0).Float(0);
                }

                call = c => Ode(c).Trajectory(torch.zeros(1), [0.0], new RecordingField([]));
                break;
            case "tuple":
                frame.Int(1).Int(1).Float(0);
                call = c => Flow(c).Forward(torch.zeros(1));
                break;
            case "tag":
                frame.Byte(3).Int(1);
                call = c => Ode(c).Field();
                break;
            default:
                frame.Byte(0);
                var state = new Generator(1UL).GetState();
                state[0] = 2;
                frame.Bytes(state);
                call = c => ((IDiffusionTrainingRun)RemoteProxy.Create(c, 1, typeof(IDiffusionTrainingRun))).Trained(2, 1, new Generator(1UL), []);
                break;
        }

        var channel = frame.Channel();
        var once = () => call(channel);
        once.Should().Throw<RemoteHostException>().Which.Message.Should().NotBeEmpty();
        channel.Broken.Should().NotBeNull();
        once.Should().Throw<RemoteHostException>("a broken channel stays broken");
    }

    [Test]
    public void A_record_that_refuses_what_came_is_an_error_of_the_call_and_the_channel_goes_on()
    {
        var frame = new Frame();
        frame.Byte(1).Int(-4);
        var channel = frame.Channel();

        var make = () => Ode(channel).Make(1);

        make.Should().Throw<WireValueException>().WithMessage("*Positive could not be built*must be positive*");
        channel.Broken.Should().BeNull();
    }

    [Test]
    public void Answers_that_cannot_cross_are_errors_of_the_call_and_the_channel_goes_on()
    {
        var odd = new OddOde();
        using var pair = new ChannelPair(c => c == typeof(ITestOde) ? odd : null, contracts: Contracts);
        var ode = (ITestOde)pair.Grader.Resolve(typeof(ITestOde), (m, _) => new InvalidOperationException(m))!;

        var tooMany = () => ode.Trajectory(torch.zeros(1), [0.0], new RecordingField([]));
        tooMany.Should().Throw<InvalidOperationException>().WithMessage($"the answer of ITestOde.Trajectory can't be sent across: a list of more than {RemoteProtocol.MaxValues} items*");
        odd.Throwing = true;
        tooMany.Should().Throw<InvalidOperationException>().WithMessage("the answer of ITestOde.Trajectory can't be sent across: InvalidOperationException while it was read: the hand-in's list broke*");
        var tooLong = () => ode.Echo(new Settings(1, 1, 1, 1, true, null, Solver.Euler, Parts.None, null, null));
        tooLong.Should().Throw<InvalidOperationException>().WithMessage("*a string of 70000 characters is longer than the channel's cap*");

        var arguments = () => ode.Echo(new Settings(1, 1, 1, 1, true, new string('x', 70_000), Solver.Euler, Parts.None, null, null));
        arguments.Should().Throw<WireValueException>("an argument that cannot cross is refused before anything is sent");
        pair.Grader.Broken.Should().BeNull();
        ode.Make(3).Value.Should().Be(3, "the channel goes on");
    }

    private static ITestOde Ode(RemoteChannel channel) => (ITestOde)RemoteProxy.Create(channel, 1, typeof(ITestOde));

    private static ITestFlow Flow(RemoteChannel channel) => (ITestFlow)RemoteProxy.Create(channel, 1, typeof(ITestFlow));

    /// <summary>A Return frame built byte by byte.</summary>
    private sealed class Frame
    {
        private readonly List<byte> _bytes = [(byte)FrameKind.Return];

        public Frame Byte(byte value)
        {
            _bytes.Add(value);
            return this;
        }

        public Frame Int(int value) => Put(4, s => BinaryPrimitives.WriteInt32LittleEndian(s, value));

        public Frame Long(long value) => Put(8, s => BinaryPrimitives.WriteInt64LittleEndian(s, value));

        public Frame Float(float value) => Put(4, s => BinaryPrimitives.WriteSingleLittleEndian(s, value));

        public Frame Double(double value) => Put(8, s => BinaryPrimitives.WriteDoubleLittleEndian(s, value));

        public Frame Bytes(byte[] value)
        {
            _bytes.AddRange(value);
            return this;
        }

        public RemoteChannel Channel()
        {
            var frame = new byte[4 + _bytes.Count];
            BinaryPrimitives.WriteInt32LittleEndian(frame, _bytes.Count);
            _bytes.CopyTo(frame, 4);
            return new RemoteChannel(new MemoryStream(frame), new MemoryStream(), null, Contracts);
        }

        private Frame Put(int size, SpanAction write)
        {
            var b = new byte[size];
            write(b);
            _bytes.AddRange(b);
            return this;
        }

        public delegate void SpanAction(Span<byte> span);
    }

    private sealed class RecordingField(List<double> calls) : IVectorField
    {
        public Tensor At(double t, Tensor x)
        {
            calls.Add(t);
            return x;
        }
    }

    /// <summary>Answers that cannot cross: more tensors than the cap, a list that throws, a string past the cap.</summary>
    private sealed class OddOde : ITestOde
    {
        public bool Throwing { get; set; }

        public IReadOnlyList<Tensor> Trajectory(Tensor x0, IReadOnlyList<double> times, IVectorField field) =>
            Throwing ? new BrokenList() : Enumerable.Range(0, RemoteProtocol.MaxValues + 1).Select(_ => x0).ToArray();

        public Settings Echo(Settings settings) => settings with { Name = new string('y', 70_000) };

        public Nested Mirror(Nested nested) => nested;

        public IVectorField Field() => throw new NotImplementedException();

        public Positive Make(int value) => new(value);

        public IReadOnlySet<Solver> Solvers(Solver[] given) => new HashSet<Solver>(given);
    }

    private sealed class BrokenList : IReadOnlyList<Tensor>
    {
        public int Count => 2;

        public Tensor this[int index] => throw new InvalidOperationException("the hand-in's list broke");

        public IEnumerator<Tensor> GetEnumerator()
        {
            yield return torch.zeros(1);
            throw new InvalidOperationException("the hand-in's list broke");
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>Contracts no set may hold (each test names one).</summary>
public interface IHoldsDictionary
{
    Dictionary<string, Tensor> Parameters();
}

public sealed record Loop(IReadOnlyList<Loop> Next);

public interface IHoldsLoop
{
    Loop Chain();
}

public sealed record Seeded(Generator Generator);

public interface IHoldsGenerator
{
    void Use(Seeded seeded);
}

public interface IOverloaded
{
    Tensor Step(Tensor x);

    Tensor Step(Tensor x, int t);
}

public interface IByReference
{
    bool TryStep(Tensor x, out Tensor y);
}

public interface IDeep
{
    Tensor[][][][][][][][][] Deep();
}

public interface IFloatSet
{
    IReadOnlySet<float> Values();
}
