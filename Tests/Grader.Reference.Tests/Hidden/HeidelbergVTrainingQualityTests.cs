using Grader.Checks.Hidden.Diffusion;
using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion.Handin;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// The V check on the grader's loop (issue 66): the hand-in's parts (<see cref="IDiffusionTrainingParts"/>) trained by
/// <c>GraderTraining</c>, the samples drawn from a fresh network holding the trained values. The reference's and the
/// Correct example's parts pass; each mutant of the parts (<c>Submissions/Examples/Diffusion/Mutants/training-parts-*</c>)
/// fails, charged to its part; a network that takes no step fails on its samples.
/// </summary>
public sealed class HeidelbergVTrainingQualityTests
{
    private static readonly HeidelbergVTrainingQuality Check = new();

    [Test]
    public void The_reference_parts_pass()
    {
        var clock = Stopwatch.StartNew();
        var result = Check.Run(Context(new ReferenceDiffusionTrainingParts(), Check.Id, 1));
        TestContext.Out.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {result.Message} | {result.TutorDetail}");
        result.Outcome.Should().Be(CheckOutcome.Passed, result.Message);
        result.Message.Should().StartWith("The grader trained your parts and the trained network gives samples close to the V");
        result.Plots.Should().NotBeNullOrEmpty();
    }

    /// <summary>
    /// The parts without training (a budget of 0 steps of the grader's loop): every per-step check is trivially met and
    /// the fresh network answers as the untrained one, so the samples alone must fail it.
    /// </summary>
    [Test]
    public void Parts_the_grader_does_not_train_fail_on_their_samples()
    {
        var untrained = new HeidelbergVTrainingQuality(new HeidelbergVTrainingQuality.Settings(Steps: 0));
        var (result, runs) = untrained.Decide(Context(new ReferenceDiffusionTrainingParts(), untrained.Id, 1));
        TestContext.Out.WriteLine(result.Message);
        result.Outcome.Should().Be(CheckOutcome.Failed);
        runs.Should().NotBeEmpty();
        runs[0].OnV.Should().BeLessThan(untrained.Design.MinOnV, "an untrained network's samples are not on the V");
        result.Message.Should().Contain("are too far from the V").And.Contain("your settings and your model");
    }

    /// <summary>The mutants of the parts (fresh, issue 66), each lost on the part its bug is in, at the grading seed of the examples' tests.</summary>
    [TestCase("training-parts-loss-accumulated", "loss")]
    [TestCase("training-parts-loss-writes-model", "loss")]
    [TestCase("training-parts-alpha-bar-one-step-low", "loss")]
    [TestCase("training-parts-kernel-denoiser", "model")]
    [TestCase("training-parts-learning-rate-too-large", "settings")]
    public void A_mutant_of_the_parts_fails_and_its_part_is_named(string slug, string part)
    {
        var clock = Stopwatch.StartNew();
        var result = Check.Run(Context(Parts("Mutants/" + slug), Check.Id, 20231010));
        TestContext.Out.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {result.Outcome}: {result.Message}");
        result.Outcome.Should().Be(CheckOutcome.Failed, result.Message);
        result.Message.Should().Contain($"stopped: your {part} (");
    }

    /// <summary>A hand-in without the parts fails with the contract named, and no training is run.</summary>
    [Test]
    public void A_hand_in_without_the_parts_fails_naming_the_contract()
    {
        var result = Check.Run(Context(new object(), Check.Id, 1));
        result.Outcome.Should().Be(CheckOutcome.Failed);
        result.Message.Should().Contain(nameof(IDiffusionTrainingParts));
    }

    /// <summary>Controls without any sampler: an independent V passes (the metrics' null), the latent N(0, I) fails.</summary>
    [Test]
    public void Sampler_free_controls()
    {
        var train = HeidelbergToyData.V(new Generator(5));
        var heldOut = Subset(train.Standardisation.Apply(HeidelbergToyData.V(new Generator(6)).Raw), 2000, 7);
        var data = Check.Score(train.Standardisation, Subset(train.Standardisation.Apply(HeidelbergToyData.V(new Generator(8)).Raw), 2000, 9), heldOut);
        var noise = Check.Score(train.Standardisation, Matrix(randn([2000, 2], new Generator(10))), heldOut);
        TestContext.Out.WriteLine($"data: {data}; N(0, I): {noise}");
        Check.Verdict(data).Outcome.Should().Be(CheckOutcome.Passed);
        Check.Verdict(noise).Outcome.Should().Be(CheckOutcome.Failed);
    }

    /// <summary>The parts of the sweep: the Correct example, every mutant of the parts, the reference.</summary>
    public static IEnumerable<TestCaseData> Trainers() =>
        new[] { "Correct" }.Concat(PartsMutants(nameof(IDiffusionTrainingParts)).Select(m => "Mutants/" + m)).Append("reference")
            .Select(t => new TestCaseData(t).SetName($"Calibrate_over_20_seeds({t})"));

    /// <summary>
    /// The sweep over grading seeds 1 … 20 for one hand-in of parts (the Correct example, a mutant of the parts, or the
    /// reference): the correct ones pass on every seed, a mutant is caught on every seed but at most one
    /// (<see cref="AssertCalibrationGoal"/>; the issue asks 20 of 20, which the printed table shows).
    /// </summary>
    [TestCaseSource(nameof(Trainers))]
    [Explicit("Trains 20 hand-ins of the V (≈ 5 s of CPU each), and fresh runs where undecided: minutes")]
    public void Calibrate_over_20_seeds(string trainer) =>
        AssertCalibrationGoal(Check.Id, CalibrationTable(Check.Id, Check.Design.Bounds,
            [(trainer, trainer == "reference" ? new ReferenceDiffusionTrainingParts() : Parts(trainer))], (parts, seed) =>
            {
                var (result, runs) = Check.Decide(Context(parts, Check.Id, seed));
                if (!result.Passed) TestContext.Progress.WriteLine($"{trainer} seed {seed}: {result.Message}");
                return (result.Passed, runs.Count == 0 ? [[double.NaN, double.NaN, double.NaN]] : [.. runs.Select(r => r.Values)]);
            }, [.. Enumerable.Range(1, 20).Select(i => (ulong)i)]), 20);


    private static double[,] Subset(Tensor x, int count, int seed)
    {
        var rows = new Generator(seed).Permutation(x.size(0)).Take(count).ToArray();
        return Matrix(x.index_select(0, rows));
    }
}
