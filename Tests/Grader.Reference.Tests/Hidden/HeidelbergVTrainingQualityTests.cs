using Grader.Checks.Hidden.Diffusion;
using Grader.Contracts.Diffusion;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.Hidden;

public sealed class HeidelbergVTrainingQualityTests
{
    private static readonly HeidelbergVTrainingQuality Check = new();

    [Test]
    public void The_reference_training_passes()
    {
        var clock = Stopwatch.StartNew();
        var result = Check.Run(Context(ReferenceTraining.Heidelberg, Check.Id, 1));
        TestContext.Out.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {result.Message}");
        result.Outcome.Should().Be(CheckOutcome.Passed, result.Message);
        result.Message.Should().StartWith("The trained network gives samples close to the V");
    }

    /// <summary>
    /// A training that takes no step returns the same network for both budgets, whose two held-out losses are evaluated
    /// in calls of different sizes (the loss rows among 4 or 10 bands' rows): they differ by float32 rounding alone, at
    /// most <see cref="BudgetResponse.Rounding"/> (issue 65: 2.94e-10 with OPENBLAS_CORETYPE=Haswell on a Zen 5, 0
    /// without), and feedback prints that improvement as 0 and says why.
    /// </summary>
    [Test]
    public void An_untrained_network_fails()
    {
        var (result, runs) = Check.Decide(Context(new FixedSteps(ReferenceTraining.Heidelberg, 0), Check.Id, 1));
        TestContext.Out.WriteLine(result.Message);
        result.Outcome.Should().Be(CheckOutcome.Failed);
        var first = runs.Should().ContainSingle("a failure of the improvement's single bound decides the first run").Subject;
        var rounding = BudgetResponse.Rounding(first.Loss, first.FractionLoss);
        TestContext.Out.WriteLine(FormattableString.Invariant($"losses {first.Loss:R} and {first.FractionLoss:R}: improvement {first.Improvement:R}, within rounding {rounding:G3}"));
        Math.Abs(first.Improvement).Should().BeLessThanOrEqualTo(rounding, "a training that takes no step returns the same network for every budget: its losses differ by float32 rounding alone");
        result.Message.Should().StartWith("Samples drawn from your trained network").And.Contain("are too far from the V").And.Contain("MMD² = ")
            .And.Contain("did not improve with the budget (its two losses are equal within float32 rounding")
            .And.Contain("improvement of the loss from the smaller to the full budget = 0 (");
        result.TutorDetail.Should().Contain($"{Check.Design.Steps} training steps").And.Contain("smaller budget");
    }

    /// <summary>
    /// The printing of the improvement (<see cref="BudgetResponse.Shown"/>): within float32 rounding of its two losses and
    /// below its bound it prints as 0, beyond the rounding as measured, and the verdict reads the measured value; the
    /// rounding of losses of an untrained network's size (≈ 1) is far below the smallest improvement any budget response
    /// asks for (the toy data's 0.006), so no value that meets its bound is ever within it.
    /// </summary>
    [Test]
    public void An_improvement_within_float32_rounding_prints_as_0_and_decides_as_measured()
    {
        var s = Check.Design;
        var rounding = BudgetResponse.Rounding(0.42, 0.42);
        rounding.Should().BePositive().And.BeLessThan(new DtuToyDataTrainingQuality.Settings().MinLargeImprovementTwoGaussians / 4);
        BudgetResponse.Rounding(1.5, 1.5).Should().BeLessThan(new DtuToyDataTrainingQuality.Settings().MinLargeImprovementTwoGaussians / 4);

        var within = Check.Verdict(Trained(0.42, 0.42 + rounding / 2));
        within.Outcome.Should().Be(CheckOutcome.Failed);
        within.Message.Should().Contain("improvement of the loss from the smaller to the full budget = 0 (").And.Contain("equal within float32 rounding");
        within.Seen.Should().Contain("improvement of the loss from the smaller to the full budget = 0 (");
        var below = Check.Verdict(Trained(0.42, 0.42 - rounding / 2));
        below.Message.Should().Contain("improvement of the loss from the smaller to the full budget = 0 (");

        var beyond = Check.Verdict(Trained(0.42, 0.42 + 4 * rounding));
        beyond.Outcome.Should().Be(CheckOutcome.Failed);
        beyond.Message.Should().Contain($"improvement of the loss from the smaller to the full budget = {(0.42 + 4 * rounding - 0.42).ToString("G3", CultureInfo.InvariantCulture)} (")
            .And.Contain("did not improve with the budget").And.NotContain("float32 rounding");
        BudgetResponse.Shown(s.MinImprovement, 1, s.MinImprovement).Should().Be(s.MinImprovement, "a value that meets its bound prints as measured, whatever the rounding");
        BudgetResponse.Shown(double.NaN, 1, s.MinImprovement).Should().Be(double.NaN);
        BudgetResponse.Rounding(double.NaN, 0.42).Should().Be(0, "no loss, nothing within rounding");
    }

    /// <summary>
    /// The false fail of the user trial (docs/measurements/2026-11-26-v-toy-training-budget-response.md, "A false fail of
    /// the V check found in a user trial", and "Fifth stop"): run seed 11378890285067504621 gave the Correct example's
    /// first run MMD² 0.0128 and energy² 0.0459, beyond the former clearly-bad bounds, every other score a correct
    /// training's. The check must pass it. The first run's MMD² is a 4000-step float32 training's outcome, which moves
    /// with the kernels' rounding (issue 65, one Zen 5: 0.0128 with OPENBLAS_CORETYPE=Haswell or unset, with
    /// DOTNET_EnableAVX512=0, or with the managed kernel; 0.013 with DOTNET_EnableAVX512=0 and OPENBLAS_CORETYPE unset), so the test asks what makes this seed the case it is, a first run beyond
    /// the clearly-good bound that the fresh runs decide, not the trial's 0.0128 to its third figure.
    /// </summary>
    [Test]
    public void The_correct_example_passes_at_the_user_trials_seed()
    {
        var (result, runs) = Check.Decide(Context(Example("Correct"), Check.Id, 11378890285067504621));
        TestContext.Out.WriteLine($"{result.Outcome} after {runs.Count} run(s): {result.Message}");
        runs[0].Mmd.Should().BeGreaterThan(Check.Design.PassMmd, "the first run is the trial's, MMD² 0.0128, beyond the clearly-good bound");
        runs.Should().HaveCount(1 + IndifferenceZone.FreshRuns, "the fresh runs decide the trial's seed");
        result.Outcome.Should().Be(CheckOutcome.Passed, result.Message);
    }

    /// <summary>The sample scores, bands and smaller network's tilt of a correct training (the calibrations' means), with the budget response given.</summary>
    private static HeidelbergVTrainingQuality.VScores Trained(double loss, double fractionLoss, double[]? profile = null, double tilt = 0.256) =>
        new HeidelbergVTrainingQuality.VScores(0.001, 0.004, 0.99, TimeSpan.Zero, TimeSpan.Zero) { Loss = loss, FractionLoss = fractionLoss, Profile = profile ?? [0.667, 0.499, 0.347, 0.151], Tilt = tilt };

    /// <summary>
    /// The budget response and the profile decide on their own: a network no better after the full budget than after
    /// the smaller one fails (and says so) with every sample score clearly good; one beyond a band's bound fails and
    /// names the band; a smaller budget's loss beyond its bound fails; the smaller network's tilt beyond either of its
    /// clearly-bad bounds fails and names the end of the noise levels that lags. Between a band's or the tilt's
    /// clearly-good and clearly-bad bounds (eighth stop) the fresh runs' mean decides: the same scores fail again,
    /// a correct training's pass.
    /// </summary>
    [Test]
    public void The_budget_response_and_the_profile_decide()
    {
        var s = Check.Design;
        Check.Verdict(Trained(0.42, 0.42 + s.MinImprovement + 0.01)).Outcome.Should().Be(CheckOutcome.Passed);
        var flat = Check.Verdict(Trained(0.42, 0.42));
        flat.Outcome.Should().Be(CheckOutcome.Failed);
        flat.Message.Should().Contain("did not improve with the budget");
        var smallerTooBad = Check.Verdict(Trained(s.MaxFractionLoss - 0.05, s.MaxFractionLoss + 0.01));
        smallerTooBad.Outcome.Should().Be(CheckOutcome.Failed);
        smallerTooBad.Message.Should().NotContain("did not improve with the budget");
        var band = Check.Verdict(Trained(0.42, 0.5, [0.667, 0.499, 0.347, s.BandMax[3] + 0.01]));
        band.Outcome.Should().Be(CheckOutcome.Failed);
        band.Message.Should().Contain("not in noise band 4 of 4");
        var between = Trained(0.42, 0.5, [0.667, 0.499, 0.347, (s.BandPass[3] + s.BandMax[3]) / 2]);
        var bandAgain = Check.Verdict([between, between, between, between]);
        bandAgain.Outcome.Should().Be(CheckOutcome.Failed);
        bandAgain.Message.Should().Contain("not in noise band 4 of 4").And.Contain("trained 3 more times");
        Check.Verdict([between, Trained(0.42, 0.5), Trained(0.42, 0.5), Trained(0.42, 0.5)]).Outcome.Should().Be(CheckOutcome.Passed);
        Check.Verdict(Trained(0.42, 0.5, tilt: s.MaxTilt)).Outcome.Should().Be(CheckOutcome.Passed);
        Check.Verdict(Trained(0.42, 0.5, tilt: s.MinTilt)).Outcome.Should().Be(CheckOutcome.Passed);
        var noisiest = Check.Verdict(Trained(0.42, 0.5, tilt: s.BadMaxTilt + 0.01));
        noisiest.Outcome.Should().Be(CheckOutcome.Failed);
        noisiest.Message.Should().Contain("lags far behind at the noisiest noise levels").And.NotContain("did not improve with the budget");
        var leastNoisy = Check.Verdict(Trained(0.42, 0.5, tilt: s.BadMinTilt - 0.01));
        leastNoisy.Outcome.Should().Be(CheckOutcome.Failed);
        leastNoisy.Message.Should().Contain("lags far behind at the least noisy noise levels");
        var tilted = Trained(0.42, 0.5, tilt: (s.MaxTilt + s.BadMaxTilt) / 2);
        var tiltAgain = Check.Verdict([tilted, tilted, tilted, tilted]);
        tiltAgain.Outcome.Should().Be(CheckOutcome.Failed);
        tiltAgain.Message.Should().Contain("lags far behind at the noisiest noise levels").And.Contain("trained 3 more times");
        Check.Verdict([tilted, Trained(0.42, 0.5), Trained(0.42, 0.5), Trained(0.42, 0.5)]).Outcome.Should().Be(CheckOutcome.Passed);
        Check.Verdict(Trained(0.42, 0.5, tilt: double.NaN)).Outcome.Should().Be(CheckOutcome.Failed, "no tilt (a profile that was not measured) is no pass");
    }

    /// <summary>Controls without any sampler: an independent V passes (the metrics' null), the latent N(0, I) fails.</summary>
    [Test]
    public void Sampler_free_controls()
    {
        var train = HeidelbergToyData.V(new Generator(5));
        var heldOut = Subset(train.Standardisation.Apply(HeidelbergToyData.V(new Generator(6)).Raw), 2000, 7);
        // No network here: the losses are given a correct training's values, so the verdicts are the sample scores'.
        var data = Check.Score(train.Standardisation, Subset(train.Standardisation.Apply(HeidelbergToyData.V(new Generator(8)).Raw), 2000, 9), heldOut) with { Loss = 0.42, FractionLoss = 0.5, Profile = Trained(0, 0).Profile, Tilt = Trained(0, 0).Tilt };
        var noise = Check.Score(train.Standardisation, Matrix(randn([2000, 2], new Generator(10))), heldOut) with { Loss = 0.42, FractionLoss = 0.5, Profile = Trained(0, 0).Profile, Tilt = Trained(0, 0).Tilt };
        TestContext.Out.WriteLine($"data: {data}; N(0, I): {noise}");
        Check.Verdict(data).Outcome.Should().Be(CheckOutcome.Passed);
        Check.Verdict(noise).Outcome.Should().Be(CheckOutcome.Failed);
    }

    /// <summary>The trainers of the calibration: the Correct example, every mutant of the training contract, the reference.</summary>
    public static IEnumerable<TestCaseData> Trainers() =>
        new[] { "Correct" }.Concat(TrainingMutants("").Select(m => "Mutants/" + m.Slug)).Append("reference")
            .Select(t => new TestCaseData(t).SetName($"Calibrate_over_20_seeds({t})"));

    /// <summary>
    /// The calibration of the decision over grading seeds 1 … 20 for one trainer (the Correct example, a mutant of the
    /// training contract, or the reference): its score distribution (first run), zones, pass count (a mutant's flip
    /// rate) and cost, held to the calibration's goal (<see cref="AssertCalibrationGoal"/>). The table is in
    /// docs/measurements/2026-11-hidden-checks.md.
    /// </summary>
    [TestCaseSource(nameof(Trainers))]
    [Explicit("Trains 20 hand-ins, and fresh runs where undecided: minutes")]
    public void Calibrate_over_20_seeds(string trainer) =>
        AssertCalibrationGoal(Check.Id, Calibrate([(trainer, trainer == "reference" ? ReferenceTraining.Heidelberg : Example(trainer))]), 20);

    private static IReadOnlyList<(string Name, IReadOnlyList<ulong> Failed)> Calibrate(IEnumerable<(string, IDiffusionTraining)> trainers) =>
        CalibrationTable(Check.Id, Check.Design.Bounds, trainers, (training, seed) =>
        {
            var (result, runs) = Check.Decide(Context(training, Check.Id, seed));
            return (result.Passed, [.. runs.Select(r => r.Values)]);
        }, [.. Enumerable.Range(1, 20).Select(i => (ulong)i)]);

    /// <summary>The power controls on 5 seeds each (recorded in the XML doc).</summary>
    [Test]
    [Explicit("Trains 5 × 3 networks, a few minutes")]
    public void Power_controls()
    {
        var cases = new (string Name, IDiffusionTraining Training, bool Passes)[]
        {
            ("untrained (0 steps)", new FixedSteps(ReferenceTraining.Heidelberg, 0), false),
            ("trained on t/T, sampled with the raw t", ReferenceTraining.Heidelberg.WithTimeInput(ReferenceTraining.TrainingTime.RawIndex), false),
            ("mutant training-target-x0", Example("Mutants/training-target-x0"), false),
            ("Correct example", Example("Correct"), true),
        };
        foreach (var (name, training, passes) in cases)
        {
            for (ulong seed = 101; seed <= 105; seed++)
            {
                var (result, runs) = Check.Decide(Context(training, Check.Id, seed));
                TestContext.Out.WriteLine($"{name}, seed {seed}: {result.Outcome}: {string.Join(" / ", runs)}");
                result.Passed.Should().Be(passes, result.Message);
            }
        }
    }

    private static double[,] Subset(Tensor x, int count, int seed)
    {
        var rows = new Generator(seed).Permutation(x.size(0)).Take(count).ToArray();
        return Matrix(x.index_select(0, rows));
    }

    private static double[,] Matrix(Tensor x)
    {
        var flat = x.contiguous().ToDoubleArray();
        var m = new double[x.size(0), x.size(1)];
        Buffer.BlockCopy(flat, 0, m, 0, flat.Length * sizeof(double));
        return m;
    }
}
