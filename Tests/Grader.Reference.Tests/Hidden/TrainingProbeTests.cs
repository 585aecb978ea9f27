using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion.Handin;
using Grader.Remote.Training;

namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// The run-time half of "the model is a pure function of its parameters and inputs" (issue 79 item 2; the compile-time
/// half is GRADER005, <c>PurityRuleTests</c>): the grader's loops record the step's own call into the model at
/// <c>GraderLoop.ProbeMoments</c> drawn steps (inputs, outputs, the parameters of that moment) and, after training,
/// replay each on a fresh model holding that moment's values (<c>GraderLoop.Probes</c>). Proven on the V's loop
/// (<see cref="GraderTraining"/>; the INN's and the DTU's call the same helper):
/// <list type="bullet">
/// <item>a network with a call counter whose function differs during training and is honest again after it (so the
/// trained-versus-fresh comparison after training cannot see it) loses at a probe, charged to the model, with a message
/// that says its function changed;</item>
/// <item>the fresh cheat <c>Submissions/Examples/Diffusion/Cheats/v-training-alias-memory</c>, written to slip past the
/// compile rule (its memory is written through a local alias), compiles and loses at a probe;</item>
/// <item>the reference's parts keep their training (the probes agree bit for bit in one process).</item>
/// </list>
/// </summary>
public sealed class TrainingProbeTests
{
    private static (GraderTraining.Trained? Result, GraderTraining.PartFailure? Problem) Train(Func<IDiffusionTrainingParts> parts, int seed, int steps) =>
        GraderTrainingTests.Train(parts, seed, steps);

    [TestCase(1)]
    [TestCase(2)]
    public void The_reference_parts_pass_the_probes(int seed)
    {
        var (trained, failure) = Train(() => new ReferenceDiffusionTrainingParts(), seed, 40);
        failure.Should().BeNull(failure?.ToString());
        trained.Should().NotBeNull();
    }

    /// <summary>
    /// The counter's window is calls 5 … 39 of a 40-step training (the steps' own calls): a probe moment misses it only
    /// when all four fall on steps 0 … 4, (5/40)⁴ ≈ 2·10⁻⁴ a seed; after training the network is honest again, so only
    /// the probes see it.
    /// </summary>
    [TestCase(1)]
    [TestCase(2)]
    public void A_network_whose_function_changes_during_training_loses_at_a_probe(int seed)
    {
        var (trained, failure) = Train(() => new CountingParts(from: 5, to: 40), seed, 40);
        trained.Should().BeNull();
        failure!.Part.Should().Be(GraderTraining.Part.Model);
        failure.Message.Should().Contain("function changed during training").And.Contain("pure function of its parameters and its inputs");
        TestContext.Out.WriteLine(failure.Message);
    }

    /// <summary>Without the window (honest on every call) the same wrapper keeps its training: the probe measures the function, not the wrapper.</summary>
    [Test]
    public void The_same_network_without_its_window_keeps_its_training()
    {
        var (_, failure) = Train(() => new CountingParts(from: int.MaxValue, to: int.MaxValue), 1, 40);
        failure.Should().BeNull(failure?.ToString());
    }

    /// <summary>The fresh cheat compiles under the grader's rules (GRADER005 does not follow a write through a local alias) and loses at a probe.</summary>
    [TestCase(1)]
    [TestCase(2)]
    public void The_alias_memory_cheat_slips_past_the_compile_rule_and_loses_at_a_probe(int seed)
    {
        var family = Path.Combine(TrainingQualityTestSupport.RepositoryRoot(), "Submissions", "Examples", "Diffusion");
        var source = HandinSource.FromFolder(Path.Combine(family, "Correct")).WithOverlay(Path.Combine(family, "Cheats", "v-training-alias-memory"));
        var compiled = HandinCompiler.Default.Compile(source);
        compiled.Success.Should().BeTrue("the cheat is written to slip past GRADER005: " + compiled.Summary());
        var handin = new HandinInstance(compiled.Assembly!);

        var (trained, failure) = Train(() => (IDiffusionTrainingParts)handin.CreateFresh(typeof(IDiffusionTrainingParts))!, seed, 200);
        trained.Should().BeNull();
        failure!.Part.Should().Be(GraderTraining.Part.Model);
        failure.Message.Should().Contain("function changed during training");
        TestContext.Out.WriteLine(failure.Message);
    }

    /// <summary>The reference's parts, whose network adds 0.5 to ε̂ on its own calls <c>from</c> … <c>to</c> − 1 (counted per network object).</summary>
    private sealed class CountingParts(int from, int to) : IDiffusionTrainingParts
    {
        private readonly ReferenceDiffusionTrainingParts _inner = new();

        public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) => new Counting(_inner.Model(dataDimension, T, generator), from, to);

        public Tensor Loss(ITrainableEpsilonNetwork network, NoiseSchedule schedule, Tensor x0, int[] t, Tensor epsilon) => _inner.Loss(network, schedule, x0, t, epsilon);

        public TrainingSettings Settings() => _inner.Settings();

        private sealed class Counting(ITrainableEpsilonNetwork inner, int from, int to) : ITrainableEpsilonNetwork
        {
            private int _calls;

            public Tensor Forward(Tensor zt, Tensor t)
            {
                var call = _calls++;
                var honest = inner.Forward(zt, t);
                return call >= from && call < to ? honest + 0.5f : honest;
            }

            public IReadOnlyList<Tensor> Parameters() => inner.Parameters();
        }
    }
}
