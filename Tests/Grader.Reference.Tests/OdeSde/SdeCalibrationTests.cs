using Grader.Checks.Hidden.OdeSde;
using Grader.Reference.OdeSde;
using Grader.Reference.OdeSde.Handin;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// The grading budget of the SDE training task, measured: per seed, 1000 training and 1000 test points of the Laplace
/// mixture, the reference trained with <see cref="SdeTrainingPreset.Grading"/>'s recipe, and the test ELBO (mean over
/// 20 passes of random t and ε: 20,000 one-draw estimates) against the test set's expected log-likelihood. Run on purpose.
/// Asserts the training check's band: no gap above <see cref="SdeTrainingQuality.MaxGap"/> (an ELBO is a lower bound), the
/// reference never below the check's bound (<see cref="SdeTrainingQuality.Threshold"/>) from the grading budget up, and each named
/// training bug clearly bad on every seed. Its two bugs (no prior term: about −6; no drift term: about −37) are far below
/// the clearly-bad bound at −0.8 as they were at −0.6; a named bug whose first runs can lie between −0.8 and the
/// clearly-good bound (the score term's sign: −0.75 … −1.03) is judged by the whole check instead, its budget response,
/// mirror share and fresh runs included (<c>OdeSdeTrainingCheatsSeedsTests</c>, mutants).
/// </summary>
[Explicit("calibration: minutes of training; prints its figures and asserts the graded band")]
public sealed class SdeCalibrationTests
{
    [TestCase(400)]
    [TestCase(SdeTrainingQuality.Steps)]
    [TestCase(1200)]
    [TestCase(2400)]
    public void Final_test_elbo_over_seeds(int steps) => Calibrate(steps, null);

    /// <summary>
    /// Power of a threshold on the same statistic against two named training bugs, with the grading budget: the ELBO
    /// without its prior (KL) term, and without its drift matching term. Both train on the buggy loss; the test ELBO is the correct one.
    /// </summary>
    [TestCase("without the KL term")]
    [TestCase("without the drift matching term")]
    public void Training_bugs_under_the_same_budget(string bug) => Calibrate(SdeTrainingPreset.Grading.Steps, bug, seeds: 3);

    private static void Calibrate(int steps, string? bug, int seeds = 5)
    {
        var set = TrainingSetWithLogLikelihood.LaplaceMixture();
        var gaps = new List<double>();
        var seconds = new List<double>();
        for (int seed = 1; seed <= seeds; seed++)
        {
            var dataGenerator = new Generator(2000 + seed);
            var train = set.Generate(1000, dataGenerator).Data;
            var (test, expected) = set.Generate(1000, dataGenerator);
            var clock = Stopwatch.StartNew();
            var model = bug is null ? Trained(train, steps, new Generator(seed)) : TrainWithBug(train, steps, new Generator(seed), bug);
            clock.Stop();
            var noise = new GeneratorElboNoise(new Generator(77));
            var passes = new List<double[]>();
            using (no_grad())
                for (int i = 0; i < 20; i++) passes.Add(SdeElbo.Compute(model, test, noise).Elbo.ToDoubleArray());
            var all = passes.SelectMany(p => p).ToArray();
            double elbo = all.Average(), perExampleSd = Math.Sqrt(all.Sum(v => (v - elbo) * (v - elbo)) / (all.Length - 1));
            gaps.Add(elbo - expected);
            seconds.Add(clock.Elapsed.TotalSeconds);
            TestContext.Out.WriteLine($"{bug ?? "reference"}, {steps} steps, seed {seed}: test ELBO {elbo:F4} (per-draw sd {perExampleSd:F2}, se {perExampleSd / Math.Sqrt(all.Length):F4}), expected {expected:F4}, gap {elbo - expected:F4}, β {model.Beta.Value:F3}, {clock.Elapsed.TotalSeconds:F1} s");
            var gap = elbo - expected;
            gap.Should().BeLessThanOrEqualTo(SdeTrainingQuality.MaxGap(perExampleSd / Math.Sqrt(all.Length)), $"an ELBO is a lower bound (seed {seed})");
            if (bug is not null)
                gap.Should().BeLessThan(SdeTrainingQuality.Threshold, $"a training {bug} must fail the training check (seed {seed})");
            else if (steps >= SdeTrainingQuality.Steps)
                gap.Should().BeGreaterThanOrEqualTo(SdeTrainingQuality.Threshold, $"the reference at {steps} steps must not be clearly bad (seed {seed})");
        }
        double mean = gaps.Average(), sd = Math.Sqrt(gaps.Sum(g => (g - mean) * (g - mean)) / (gaps.Count - 1));
        TestContext.Out.WriteLine($"{bug ?? "reference"}, {steps} steps: gap mean {mean:F4}, sd {sd:F4}, min {gaps.Min():F4}; {seconds.Average():F1} s per run (load {OdeCalibrationTests.LoadAverage()})");
    }

    /// <summary>The reference's networks trained by the reference's loop with the grading preset at <paramref name="steps"/>, one generator for both (the old hand-in reference's way).</summary>
    private static SdeModel Trained(Tensor data, int steps, Generator g)
    {
        var model = new SdeModel(g);
        SdeTraining.Train(model, data, SdeTrainingPreset.Grading with { Steps = steps }, g);
        return model;
    }

    /// <summary>The reference's loop with one term of the loss left out.</summary>
    private static SdeModel TrainWithBug(Tensor data, int steps, Generator g, string bug)
    {
        var model = new SdeModel(g);
        var preset = SdeTrainingPreset.Grading;
        var optimizer = optim.Adam(model.parameters(), lr: preset.LearningRate, weight_decay: preset.WeightDecay);
        var batches = new Grader.Reference.OdeSde.EpochBatches(data.size(0), preset.BatchSize);
        var noise = new GeneratorElboNoise(g);
        using var _ = enable_grad();
        for (int step = 0; step < steps; step++)
        {
            var batch = data.index_select(0, batches.Next(g));
            optimizer.zero_grad();
            var terms = SdeElbo.Compute(model, batch, noise, createGraph: true);
            var elbo = bug.Contains("KL", StringComparison.Ordinal) ? terms.Likelihood - terms.DriftMatching : terms.Likelihood - terms.KlDivergence;
            (-elbo.mean()).backward();
            optimizer.step();
        }
        return model;
    }
}
