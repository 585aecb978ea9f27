using Grader.Checks.Hidden.Flows;
using Grader.Contracts.Flows;
using Grader.Reference.Flows.Handin;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.Flows;

/// <summary>
/// The INN training check's per-seed data (<see cref="InnTrainingQuality.Data"/>: the events and preprocessing, computed
/// once per seed and shared by every hand-in): what it hands out equals a fresh computation, a hand-in that writes into
/// what it was given changes no later hand-in's data, and the check's scores are the same with and without the cache.
/// Comparisons are exact: one process, one code path, the same seed (no cross-process or cross-BLAS comparison).
/// </summary>
public class InnTrainingQualityDataTests
{
    /// <summary>Small sizes: the same code paths as the graded check at a fraction of its cost.</summary>
    private static readonly InnTrainingQuality.Settings Small = new(Steps: 5, TrainingEvents: 2_000, HeldOut: 500, Generated: 500);

    [Test]
    public void The_shared_data_equal_a_fresh_computation_and_are_fresh_tensors_every_time()
    {
        const ulong seed = 0x5EED_0001UL;
        var fresh = InnTrainingQuality.RunData.Compute(seed, 3_000, 1_000);
        var first = InnTrainingQuality.Data(seed, 3_000, 1_000);
        var second = InnTrainingQuality.Data(seed, 3_000, 1_000);
        foreach (var shared in new[] { first, second })
        {
            Same(shared, fresh);
        }

        first.Features.Should().NotBeSameAs(second.Features);
        first.Preprocessing.Mean.Should().NotBeSameAs(second.Preprocessing.Mean);
        InnTrainingQuality.Data(seed, 3_000, 999).HeldOutEvents.shape.Should().Equal([999, 8], "the sizes are part of the key");
        InnTrainingQuality.Data(seed + 1, 3_000, 1_000).Features.ToArray().Should().NotEqual(fresh.Features.ToArray(), "the seed is part of the key");
    }

    [Test]
    public void A_hand_in_that_writes_into_its_training_events_changes_no_other_hand_ins_data()
    {
        var check = new InnTrainingQuality(Small);
        var context = Context(new Scribbler(), check.Id, 7);
        var before = InnTrainingQuality.RunData.Compute(context.NewGenerator(1).Seed, Small.TrainingEvents, Small.HeldOut, check.Law(context));
        var scribbler = (Scribbler)context.TryHandin<IInnTrainingParts>()!;

        var (failure, _, _) = check.Measure(context);

        failure.Should().NotBeNull("the scribbler's loss throws");
        scribbler.Wrote.Should().BeTrue("its loss moved every training feature of the batch it was given");
        Same(check.DataFor(context), before);
    }

    [Test]
    public void The_check_scores_the_same_with_and_without_the_shared_data()
    {
        foreach (var example in new[] { "Correct", "reference" })
        {
            IInnTrainingParts training = example == "reference" ? new ReferenceInnTrainingParts() : Example(example);
            var context = Context(training, "flows.heidelberg.inn-training-quality", 11);
            var uncached = new InnTrainingQuality(Small, shareData: false).Measure(context);
            var shared = new InnTrainingQuality(Small);
            var cold = shared.Measure(context);
            var warm = shared.Measure(context);
            uncached.Failure.Should().BeNull(example);
            foreach (var run in new[] { cold, warm })
            {
                run.Failure.Should().BeNull(example);
                (run.Scores! with { TrainTime = TimeSpan.Zero }).Should().Be(uncached.Scores! with { TrainTime = TimeSpan.Zero }, example);
            }
        }
    }

    private static void Same(InnTrainingQuality.RunData actual, InnTrainingQuality.RunData expected)
    {
        actual.Features.shape.Should().Equal(expected.Features.shape);
        actual.Features.ToArray().Should().Equal(expected.Features.ToArray());
        actual.HeldOutFeatures.ToArray().Should().Equal(expected.HeldOutFeatures.ToArray());
        actual.HeldOutEvents.shape.Should().Equal(expected.HeldOutEvents.shape);
        actual.HeldOutEvents.ToArray().Should().Equal(expected.HeldOutEvents.ToArray());
        actual.Preprocessing.Mean.Should().Equal(expected.Preprocessing.Mean);
        actual.Preprocessing.Std.Should().Equal(expected.Preprocessing.Std);
    }

    private static IInnTrainingParts Example(string relative)
    {
        var source = HandinSource.Load(Path.Combine(RepositoryRoot(), "Submissions", "Examples", "Flows", relative));
        var compiled = HandinCompiler.Default.Compile(source);
        var assembly = compiled.Assembly ?? throw new InvalidOperationException(compiled.Summary());
        return (IInnTrainingParts)(new HandinInstance(assembly).Resolve(typeof(IInnTrainingParts)) ?? throw new InvalidOperationException($"{relative} has no IInnTrainingParts"));
    }

    /// <summary>Parts graded in process whose loss writes into the batch of training events it is given (every feature moved by 1), then gives up.</summary>
    private sealed class Scribbler : IInnTrainingParts
    {
        private readonly ReferenceInnTrainingParts _reference = new();

        public bool Wrote { get; private set; }

        public ITrainableFlow Model(int dataDimension, Generator generator) => _reference.Model(dataDimension, generator);

        public Tensor Loss(ITrainableFlow flow, Tensor x)
        {
            var before = x.ToArray();
            x.CopyFrom(x.detach() + 1f);
            Wrote = x.ToArray().Zip(before).All(p => p.First != p.Second);
            throw new InvalidOperationException("the scribbler gives up");
        }

        public Grader.Contracts.Diffusion.TrainingSettings Settings() => new(1e-3, 64);
    }
}
