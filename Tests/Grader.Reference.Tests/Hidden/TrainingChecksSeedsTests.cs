using Grader.Checks.Hidden.Diffusion;
using Grader.Checks.Hidden.Diffusion.Images;
using Grader.Checks.Hidden.Flows;
using Grader.Checks.Hidden.OdeSde;
using Grader.Contracts.OdeSde;
using Grader.Contracts.Diffusion;
using Grader.Reference.Flows.Handin;
using Grader.Reference.Tests.Flows;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// "The correct example and the reference keep full marks over 200 seeds" for the two diffusion training checks and the
/// INN training check: the whole decision as graded (first run, and the fresh runs when it is undecided), grading seeds 1001 … 1000 + N (apart
/// from the calibration's 1 … 20), two seeds at a time. Each seed's scores are printed as it ends (TestContext.Progress),
/// then the distribution of every score and the zones. The figures are in Graders/Hidden/README.md.
/// </summary>
public sealed class TrainingChecksSeedsTests
{
    private static readonly DtuToyDataTrainingQuality ToyData = new();
    private static readonly HeidelbergVTrainingQuality V = new();
    private static readonly InnTrainingQuality Inn = new(InnTrainingQualityBudget.Calibrated);
    private static readonly DtuImageTrainingQuality Image = new();

    /// <summary>The V's table prints its zones against these reference scores (a typical run's); the decision reads each run's own reference.</summary>
    private static readonly HeidelbergVTrainingQuality.VScores TypicalReference = new(0.001, 0.004, 0.99, TimeSpan.Zero, TimeSpan.Zero);

    public static IEnumerable<TestCaseData> Cases() =>
        from check in new[] { "toy-data", "V", "INN", "image" }
        from trainer in new[] { "Correct", "reference" }
        select new TestCaseData(check, trainer).SetName($"Correct_trainers_pass_under_200_seeds({check}, {trainer})");

    /// <summary>
    /// The decision of <paramref name="check"/> ("toy-data", "V", "INN" or "image": 3.5's images on the grader's loop, 20 seeds from 1 for its calibration) for <paramref name="trainer"/> ("Correct" or
    /// "reference") under 200 grading seeds, or under the number the environment variable GRADER_TRAINING_SEEDS gives
    /// (a shorter run when the machine's time does not allow 200), from seed 1001 or GRADER_TRAINING_FIRST_SEED; every
    /// seed must pass.
    /// </summary>
    [TestCaseSource(nameof(Cases))]
    [Explicit("200 seeds of a training check: 10–60 minutes per case on the 2-core machine")]
    public void Correct_trainers_pass_under_200_seeds(string check, string trainer)
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("GRADER_TRAINING_SEEDS"), out var n) && n > 0 ? n : 200;
        var first = int.TryParse(Environment.GetEnvironmentVariable("GRADER_TRAINING_FIRST_SEED"), out var f) && f > 0 ? f : 1001;
        var seeds = Enumerable.Range(first, count).Select(i => (ulong)i).ToList();
        var failed = check switch
        {
            "toy-data" => CalibrationTable(ToyData.Id, ToyData.Design.Bounds(DtuToyDataTrainingQualityTests.TypicalReference), [(trainer, trainer)], (handin, seed) =>
            {
                var (result, runs) = ToyData.Decide(DtuContext(handin, ToyData.Id, seed));
                return (result.Passed, [.. runs.Select(DtuToyDataTrainingQuality.Settings.Values)]);
            }, seeds),
            "image" => CalibrationTable(Image.Id, Image.Design.Bounds(Grader.Reference.Tests.Hidden.Images.DtuImageTrainingQualityTests.TypicalReference), [(trainer, trainer)], (handin, seed) =>
            {
                var (result, runs) = Image.Decide(DtuContext(handin, Image.Id, seed));
                return (result.Passed, [.. runs.Select(r => r.Values)]);
            }, seeds),
            "V" => CalibrationTable(V.Id, V.Design.Bounds(TypicalReference), [(trainer, trainer == "reference" ? new Grader.Reference.Diffusion.Handin.ReferenceDiffusionTrainingParts() : Parts(trainer))], (parts, seed) =>
            {
                var (result, runs) = V.Decide(Context(parts, V.Id, seed));
                return (result.Passed, [.. runs.Select(r => r.Values)]);
            }, seeds),
            "INN" => CalibrationTable(Inn.Id, Inn.Design.Bounds, [(trainer, trainer == "reference" ? new ReferenceInnTrainingParts() : InnTrainingQualityCalibrationTests.Example(trainer))], (training, seed) =>
            {
                var (result, runs) = Inn.Decide(Context(training, Inn.Id, seed));
                return (result.Passed, [.. runs.Select(InnTrainingQuality.Settings.Values)]);
            }, seeds),
            _ => throw new ArgumentException(check, nameof(check)),
        };
        failed.Single().Failed.Should().BeEmpty($"{trainer} must pass the {check} check under every seed");
    }

    /// <summary>
    /// The tail calibration of the SDE and image training checks (docs/measurements/2026-11-26-training-score-tails.md,
    /// "Seventh stop"): the FIRST run's scores of the Correct example as graded (no decision, no fresh runs), over
    /// GRADER_TRAINING_SEEDS grading seeds from GRADER_TRAINING_FIRST_SEED, two at a time, one CSV row per seed appended
    /// to GRADER_TRAINING_CSV as it ends. SDE (<see cref="SdeTrainingQuality.Measure"/>, on the grader's loop):
    /// the gap, its upper bound 0.05 + 5·se, the loss's largest deviation over its bound and the gradient's. Image (<see cref="DtuImageTrainingQuality.Measure"/>): its
    /// <see cref="DtuImageTrainingQuality.Scores.Values"/> (the grader's loop since issue 66). Asserts only that every seed gave scores.
    /// </summary>
    [TestCase("SDE")]
    [TestCase("image")]
    [Explicit("Hundreds of SDE or image trainings: 3–4 s of CPU each")]
    public void First_run_scores_to_csv(string check)
    {
        var compiled = HandinCompiler.Default.Compile(HandinSource.FromFolder(Path.Combine(RepositoryRoot(), "Submissions", "Examples", check == "SDE" ? "OdeSde" : "Diffusion", "Correct")));
        var handin = new HandinInstance(compiled.Assembly ?? throw new InvalidOperationException(compiled.Summary()));
        if (check == "SDE")
        {
            var sde = new SdeTrainingQuality();
            FirstRunScoresToCsv("Correct", "gap,max_gap,loss_ratio,gradient_deviation", seed =>
            {
                var (result, scores) = sde.Measure(new CheckContext(handin.Resolve, HandinGrader.CheckSeed(seed, sde.Id), snapshotRoot: "") { Hidden = true });
                return scores is not { } o ? (result.Message, null)
                    : (null, [o.Gap, SdeTrainingQuality.MaxGap(o.StandardError), o.MaxLossRatio, o.MaxGradientDeviation]);
            });
        }
        else
        {
            var image = new DtuImageTrainingQuality();
            FirstRunScoresToCsv("Correct", "loss,coarse_loss", seed =>
            {
                var context = new CheckContext(handin.Resolve, HandinGrader.CheckSeed(seed, image.Id), snapshotRoot: "") { Hidden = true };
                var (failure, scores) = image.Measure(context, 0);
                return (failure?.Message, scores?.Values);
            });
        }
    }

    /// <summary>
    /// One CSV row per grading seed (trainer, seed, then <paramref name="measure"/>'s scores at full precision) appended to
    /// the file GRADER_TRAINING_CSV (under <paramref name="header"/> when new) as each seed ends, GRADER_TRAINING_SEEDS
    /// seeds (200) from GRADER_TRAINING_FIRST_SEED (1001), two at a time; every seed must give scores.
    /// </summary>
    private static void FirstRunScoresToCsv(string trainer, string header, Func<ulong, (string? Failure, IReadOnlyList<double>? Scores)> measure)
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("GRADER_TRAINING_SEEDS"), out var n) && n > 0 ? n : 200;
        var first = int.TryParse(Environment.GetEnvironmentVariable("GRADER_TRAINING_FIRST_SEED"), out var f) && f > 0 ? f : 1001;
        var csv = Environment.GetEnvironmentVariable("GRADER_TRAINING_CSV") ?? throw new InvalidOperationException("GRADER_TRAINING_CSV names no file");
        var gate = new object();
        if (!File.Exists(csv)) File.WriteAllText(csv, $"trainer,seed,{header}\n");
        var missing = 0;
        Parallel.For(first, first + count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, seed =>
        {
            var (failure, scores) = measure((ulong)seed);
            if (scores is null)
            {
                Interlocked.Increment(ref missing);
                TestContext.Progress.WriteLine($"seed {seed}: {failure}");
                return;
            }

            var row = string.Join(",", scores.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
            lock (gate) File.AppendAllText(csv, $"{trainer},{seed},{row}\n");
        });
        missing.Should().Be(0, "every seed's training must give scores");
    }
}
