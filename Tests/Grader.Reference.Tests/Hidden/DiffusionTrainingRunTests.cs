using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion;

namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// The grader's training answered beside a compiled hand-in (<see cref="IDiffusionTrainingRun"/>, resolved from the
/// hand-in's <see cref="HandinInstance"/> as a host resolves it): a hand-in of parts, written as a student would (the
/// Correct example's FcNetwork and Algorithm 1), trains; the trained values go into a fresh network; a hand-in class claiming the run's contract is not used.
/// </summary>
public sealed class DiffusionTrainingRunTests
{
    private const string ClaimsTheRun = """

        public sealed class MyOwnRun : IDiffusionTrainingRun
        {
            public TrainingOutcome Train(Tensor data, NoiseSchedule schedule, int steps, Generator modelGenerator, Generator batchGenerator) =>
                new(new List<Tensor>(), null, null, 0, 0);

            public IEpsilonNetwork Trained(int dataDimension, int T, Generator modelGenerator, IReadOnlyList<Tensor> values) => null!;
        }
        """;

    private static HandinInstance Compile(string source)
    {
        var compiled = HandinCompiler.Default.Compile(new HandinSource("parts", [new HandinFile("DiffusionParts.cs", source)]));
        return new HandinInstance(compiled.Assembly ?? throw new InvalidOperationException(compiled.Summary()));
    }

    private static readonly NoiseSchedule Schedule = new(BetaSchedule.Linear(250, 1e-4, 0.02).Beta);

    [TestCase(false)]
    [TestCase(true)]
    public void A_hand_in_of_parts_trains_and_its_values_make_a_fresh_network(bool claimsTheRun)
    {
        var handin = Compile(claimsTheRun ? DiffusionPartsSource.Text + ClaimsTheRun : DiffusionPartsSource.Text);
        var run = (IDiffusionTrainingRun)handin.Resolve(typeof(IDiffusionTrainingRun))!;
        run.GetType().Assembly.Should().NotBeSameAs(handin.Assembly, "the run is the grader's, whatever the hand-in declares");
        var data = HeidelbergToyData.V(new Generator(7UL)).Data;
        var outcome = run.Train(data, Schedule, 50, new Generator(8UL), new Generator(9UL));
        outcome.Reason.Should().BeNull();
        outcome.Values.Should().HaveCount(6, "three Linear layers, a weight and a bias each");
        outcome.MaxLossDeviation.Should().BeLessThan(1e-5);

        var trained = run.Trained(2, Schedule.T, new Generator(8UL), outcome.Values);
        var untrained = run.Trained(2, Schedule.T, new Generator(8UL), ((ITrainableEpsilonNetwork)((IDiffusionTrainingParts)handin.CreateFresh(typeof(IDiffusionTrainingParts))!)
            .Model(2, Schedule.T, new Generator(8UL))).Parameters().Select(p => p.detach().clone()).ToList());
        var zt = randn([64, 2], new Generator(10UL));
        var tau = full([64, 1], 0.5f);
        using var off = no_grad();
        var a = trained.Forward(zt, tau).ToArray();
        var b = untrained.Forward(zt, tau).ToArray();
        a.Should().NotEqual(b, "the trained values, not the initial ones, reached the fresh network");
    }

    [Test]
    public void Values_of_other_shapes_are_refused()
    {
        var run = (IDiffusionTrainingRun)Compile(DiffusionPartsSource.Text).Resolve(typeof(IDiffusionTrainingRun))!;
        var act = () => run.Trained(2, Schedule.T, new Generator(8UL), [zeros([3, 3]), zeros([64]), zeros([64, 64]), zeros([64]), zeros([2, 64]), zeros([2])]);
        act.Should().Throw<InvalidOperationException>().WithMessage("*parameter 0*shape*");
    }
}
