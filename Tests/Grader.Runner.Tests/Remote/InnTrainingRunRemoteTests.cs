using Grader.Runner.Host;
using Grader.Contracts.Flows;
using Grader.Remote.Channel;
using Grader.Tensors;

namespace Grader.Runner.Tests.Remote;

/// <summary>
/// The grader's INN training across the channel (issue 66): a real host loads a hand-in of INN parts
/// (<see cref="IInnTrainingParts"/>, a one-block affine coupling written here); the grader resolves
/// <see cref="IInnTrainingRun"/>, which the host answers with its own loop beside the hand-in's flow; the trained values
/// come back as tensors of the declared shapes, and a fresh flow built from them in the host answers Forward and Inverse.
/// A loss that writes into the model is charged to the loss across the channel as in process.
/// </summary>
public sealed class InnTrainingRunRemoteTests
{
    private const string Parts = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Grader.Contracts.Diffusion;
        using Grader.Contracts.Flows;
        using Grader.Tensors;
        using static Grader.Tensors.torch;

        namespace Submission;

        public sealed class InnParts : IInnTrainingParts
        {
            private readonly bool _writesModel = false;

            public ITrainableFlow Model(int dataDimension, Generator generator) => new Coupling(generator);

            public Tensor Loss(ITrainableFlow flow, Tensor x)
            {
                var (z, logDet) = flow.Forward(x);
                var loss = (0.5f * (z * z).sum(1) - logDet).mean();
                if (_writesModel) foreach (var p in flow.Parameters()) p.CopyFrom(p.detach() * 0.999f);
                return loss;
            }

            public TrainingSettings Settings() => new(1e-3, 64);
        }

        /// <summary>y = (x₁, x₂·exp(s(x₁)) + t(x₁)) on two channels, s and t from a small MLP.</summary>
        public sealed class Coupling : Module<Tensor, Tensor>, ITrainableFlow
        {
            private readonly Sequential _net;

            public Coupling(Generator generator) =>
                _net = register_module("net", torch.nn.Sequential(torch.nn.Linear(1, 16, generator), torch.nn.ReLU(), torch.nn.Linear(16, 2, generator)));

            public override Tensor forward(Tensor x) => Forward(x).Z;

            public (Tensor Z, Tensor LogDet) Forward(Tensor x)
            {
                var x1 = x.narrow(1, 0, 1);
                var a = _net.forward(x1) * 0.1f;
                var s = a.narrow(1, 0, 1);
                var z2 = x.narrow(1, 1, 1) * s.exp() + a.narrow(1, 1, 1);
                return (cat([x1, z2], 1), s.reshape(x.size(0)));
            }

            public Tensor Inverse(Tensor z)
            {
                using var _ = no_grad();
                var z1 = z.narrow(1, 0, 1);
                var a = _net.forward(z1) * 0.1f;
                return cat([z1, (z.narrow(1, 1, 1) - a.narrow(1, 1, 1)) * (-a.narrow(1, 0, 1)).exp()], 1);
            }

            public IReadOnlyList<Tensor> Parameters() => parameters().ToList();
        }
        """;

    [TestCase(false)]
    [TestCase(true)]
    public async Task The_host_trains_the_parts_and_the_values_cross_as_tensors(bool writesModel)
    {
        var source = writesModel ? Parts.Replace("private readonly bool _writesModel = false;", "private readonly bool _writesModel = true;", StringComparison.Ordinal) : Parts;
        using var session = await LoadedHost.StartAsync(new HandinSource("inn-parts", [new HandinFile("InnParts.cs", source)]));
        session.BeginCheck(CallbackBudget.Default);

        var run = (IInnTrainingRun)session.Resolve(typeof(IInnTrainingRun))!;
        var data = torch.randn([512, 2], new Generator(3UL));
        var outcome = run.Train(data, 20, new Generator(4UL), new Generator(5UL));
        if (writesModel)
        {
            outcome.FailedPart.Should().Be("loss", session.LogTail());
            outcome.Reason.Should().Contain("changed during your Loss");
        }
        else
        {
            outcome.Reason.Should().BeNull(session.LogTail());
            outcome.Values.Select(v => string.Join("x", v.shape)).Should().Equal("16x1", "16", "2x16", "2");
            var flow = run.Trained(2, new Generator(4UL), outcome.Values);
            var x = torch.randn([8, 2], new Generator(6UL));
            var (z, logDet) = flow.Forward(x);
            logDet.shape.Should().Equal(8);
            var back = flow.Inverse(z).ToArray();
            var original = x.ToArray();
            for (var i = 0; i < original.Length; i++) back[i].Should().BeApproximately(original[i], 1e-5f);
        }

        await session.ShouldCloseCleanlyAsync();
    }
}
