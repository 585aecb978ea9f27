using Grader.Runner.Host;
using Grader.Contracts.Diffusion;
using Grader.Remote.Channel;
using Grader.Tensors;

namespace Grader.Runner.Tests.Remote;

/// <summary>
/// The grader's training across the channel (issue 66): a real host loads a hand-in of parts
/// (<see cref="IDiffusionTrainingParts"/>); the grader resolves <see cref="IDiffusionTrainingRun"/>, which the host answers
/// with its own loop beside the hand-in's network (backward needs the graph there); the trained values come back as
/// tensors of the declared shapes, and a fresh network built from them in the host answers the grader's Forward calls.
/// Here both halves run in one host (the channel's part); the check's run, with the trained network built in a second
/// host where nothing of the training survives, is <see cref="FreshHostTests"/>.
/// </summary>
public sealed class DiffusionTrainingRunRemoteTests
{
    private const string Parts = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Grader.Contracts.Diffusion;
        using Grader.Tensors;
        using static Grader.Tensors.torch;

        namespace Submission;

        public sealed class DiffusionParts : IDiffusionTrainingParts
        {
            public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) => new FcNetwork(dataDimension, generator);

            public Tensor Loss(ITrainableEpsilonNetwork network, NoiseSchedule schedule, Tensor x0, int[] t, Tensor epsilon)
            {
                double product = 1.0;
                var alphaBar = new double[schedule.T];
                for (int s = 0; s < schedule.T; s++) { product *= 1.0 - schedule.Betas[s]; alphaBar[s] = product; }
                int n = t.Length;
                var a = new double[n];
                var b = new double[n];
                var tau = new float[n];
                for (int i = 0; i < n; i++) { a[i] = Math.Sqrt(alphaBar[t[i]]); b[i] = Math.Sqrt(1.0 - alphaBar[t[i]]); tau[i] = (float)((double)t[i] / schedule.T); }
                Tensor zt = tensor(a, n, 1) * x0 + tensor(b, n, 1) * epsilon;
                return torch.nn.functional.mse_loss(network.Forward(zt, tensor(tau, n, 1)), epsilon);
            }

            public TrainingSettings Settings() => new(1e-3, 128);
        }

        public sealed class FcNetwork : Module<Tensor, Tensor>, ITrainableEpsilonNetwork
        {
            private readonly Sequential _layers;

            public FcNetwork(int d, Generator generator)
            {
                _layers = register_module("network", torch.nn.Sequential(
                    torch.nn.Linear(d + 1, 64, generator), torch.nn.ReLU(),
                    torch.nn.Linear(64, 64, generator), torch.nn.ReLU(),
                    torch.nn.Linear(64, d, generator)));
            }

            public override Tensor forward(Tensor input) => _layers.forward(input);

            public Tensor Forward(Tensor zt, Tensor t) => forward(cat([zt, t.reshape(zt.size(0), 1)], 1));

            public IReadOnlyList<Tensor> Parameters() => parameters().ToList();
        }
        """;

    [Test]
    public async Task The_host_trains_the_parts_and_the_values_cross_as_tensors()
    {
        var emitted = HandinCompiler.Default.Emit(new HandinSource("parts", [new HandinFile("DiffusionParts.cs", Parts)]));
        emitted.Image.Should().NotBeNull(string.Join("\n", emitted.Result.Errors));
        using var session = await HostSession.StartAsync(HostCommandLine.Current, WorkerLimits.Default);
        session.Load("parts", emitted.Image!, emitted.Symbols);
        session.BeginCheck(CallbackBudget.Default);

        var run = (IDiffusionTrainingRun)session.Resolve(typeof(IDiffusionTrainingRun))!;
        var schedule = new NoiseSchedule([.. Enumerable.Range(0, 100).Select(i => 1e-4 + (0.02 - 1e-4) * i / 99)]);
        var data = torch.randn([512, 2], new Generator(3UL));
        var outcome = run.Train(data, schedule, 30, new Generator(4UL), new Generator(5UL));
        outcome.Reason.Should().BeNull(session.LogTail());
        outcome.Values.Select(v => string.Join("x", v.shape)).Should().Equal("64x3", "64", "64x64", "64", "2x64", "2");

        var trained = run.Trained(2, schedule.T, new Generator(4UL), outcome.Values);
        var epsilonHat = trained.Forward(torch.randn([8, 2], new Generator(6UL)), torch.full([8, 1], 0.5f));
        epsilonHat.shape.Should().Equal(8, 2);
        epsilonHat.ToArray().Should().OnlyContain(v => float.IsFinite(v));
        session.Channel.Broken.Should().BeNull(session.LogTail());
        (await session.CloseAsync(TimeSpan.FromSeconds(30))).Should().Be(0, session.LogTail());
    }
}
