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

    /// <summary>The measured trainer kept outside the corpus (docs/measurements/data/2026-11-26-v-few-levels-at-full-budget, laid over the Correct example).</summary>
    private const string FewLevelsAtFullBudget = "few-levels-at-full-budget";

    public static IEnumerable<TestCaseData> Cases() =>
        from check in new[] { "toy-data", "V", "INN" }
        from trainer in new[] { "Correct", "reference" }
        select new TestCaseData(check, trainer).SetName($"Correct_trainers_pass_under_200_seeds({check}, {trainer})");

    /// <summary>
    /// The decision of <paramref name="check"/> ("toy-data", "V" or "INN") for <paramref name="trainer"/> ("Correct" or
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
            "toy-data" => CalibrationTable(ToyData.Id, ToyData.Design.Bounds, [(trainer, trainer == "reference" ? ReferenceTraining.Dtu : Example(trainer))], (training, seed) =>
            {
                var (result, runs) = ToyData.Decide(Context(training, ToyData.Id, seed));
                return (result.Passed, [.. runs.Select(DtuToyDataTrainingQuality.Settings.Values)]);
            }, seeds),
            "V" => CalibrationTable(V.Id, V.Design.Bounds, [(trainer, trainer == "reference" ? ReferenceTraining.Heidelberg : (IDiffusionTraining)Example(trainer))], (training, seed) =>
            {
                var (result, runs) = V.Decide(Context(training, V.Id, seed));
                return (result.Passed, [.. runs.Select(r => r.Values)]);
            }, seeds),
            "INN" => CalibrationTable(Inn.Id, Inn.Design.Bounds, [(trainer, trainer == "reference" ? new ReferenceInnTraining() : InnTrainingQualityCalibrationTests.Example(trainer))], (training, seed) =>
            {
                var (result, runs) = Inn.Decide(Context(training, Inn.Id, seed));
                return (result.Passed, [.. runs.Select(InnTrainingQuality.Settings.Values)]);
            }, seeds),
            _ => throw new ArgumentException(check, nameof(check)),
        };
        failed.Single().Failed.Should().BeEmpty($"{trainer} must pass the {check} check under every seed");
    }

    /// <summary>
    /// The tail calibration of the V check (docs/measurements/2026-11-26-v-toy-training-budget-response.md, "Fifth stop"):
    /// the FIRST run's scores only (<see cref="HeidelbergVTrainingQuality.Measure(CheckContext, int, out IReadOnlyList{Plot}?)"/>,
    /// run 0, no decision) of <paramref name="trainer"/> over GRADER_TRAINING_SEEDS grading seeds from
    /// GRADER_TRAINING_FIRST_SEED (as above), two at a time, one CSV row per seed (the seed, then
    /// <see cref="HeidelbergVTrainingQuality.VScores.Values"/> without the repeated tilt, then the full network's loss in 10
    /// bands of t (<see cref="FineProfile"/>: the graded rows and a finer cut, in one call on the trained network as the
    /// check makes it), and the smaller budget's 10 bands) appended as each ends to the file GRADER_TRAINING_CSV. A fresh
    /// run's scores have the first run's law (new generators, the same draws), so these rows also stand for fresh runs when
    /// the decision is resampled. <see cref="FewLevelsAtFullBudget"/> is the trainer of the sixth stop (t ~ U below 1500
    /// steps, six levels 0 … 5T/8 above; not in the corpus: no score catches it on every seed yet). Asserts only that every
    /// seed gave scores.
    /// </summary>
    [TestCase("Correct")]
    [TestCase("reference")]
    [TestCase(FewLevelsAtFullBudget)]
    [Explicit("Hundreds of V trainings: 0.5–1 s each per core")]
    public void V_first_run_scores_to_csv(string trainer)
    {
        var training = trainer switch
        {
            "reference" => ReferenceTraining.Heidelberg,
            FewLevelsAtFullBudget => TrainingCheatsSweep.Trainer(TrainingCheatsSweep.Source(null).WithOverlay(Path.Combine(RepositoryRoot(), "docs", "measurements", "data", "2026-11-26-v-few-levels-at-full-budget"))),
            _ => Example(trainer),
        };
        var header = "mmd2,energy2,on_v,smaller_loss,improvement,band1,band2,band3,band4,tilt,"
            + string.Join(",", Enumerable.Range(1, FineBands).Select(k => $"fine{k}")) + "," + string.Join(",", Enumerable.Range(1, 10).Select(k => $"smaller{k}"));
        FirstRunScoresToCsv(trainer, header, seed =>
        {
            var kept = new FullBudgetNetwork(training, V.Design.Steps);
            var context = Context(kept, V.Id, seed);
            var (failure, scores) = V.Measure(context, 0, out _);
            return (failure?.Message, scores is null ? null : [.. scores.Values.Take(10), .. FineProfile(context, kept.Network!, scores), .. scores.SmallerProfile]);
        });
    }

    /// <summary>Bands of t of the full network's finer profile (the sixth and seventh stops' fine 1 … 10): measurements only, no bound.</summary>
    private const int FineBands = 10;

    /// <summary>
    /// The full network's loss in <see cref="FineBands"/> bands of t on run 0's loss points: the call the check makes
    /// (<see cref="NoiseBandProfile.Measure(HandinCall, IEpsilonNetwork, NoiseSchedule, Tensor, IReadOnlyList{int}, Generator, Generator, Generator, out double, out double[][])"/>,
    /// its generators 7, 9, 10, 11) with the finer cut after the check's <see cref="HeidelbergVTrainingQuality.Settings.Bands"/>,
    /// so the first cut's rows are the graded ones (asserted: its profile must be <paramref name="graded"/>'s) and the finer
    /// cut is the one the sixth stop measured inside the check (<c>Settings.FineBands</c> until the seventh stop).
    /// </summary>
    private static double[] FineProfile(CheckContext context, IEpsilonNetwork network, HeidelbergVTrainingQuality.VScores graded)
    {
        var train = HeidelbergToyData.V(context.NewGenerator(1));
        var lossPoints = train.Standardisation.Apply(HeidelbergToyData.V(context.NewGenerator(7)).Raw);
        var failed = NoiseBandProfile.Measure(new HandinCall(V.Id, V.SheetRef), network, V.Design.Schedule(), lossPoints, [V.Design.Bands, FineBands],
            context.NewGenerator(9), context.NewGenerator(10), context.NewGenerator(11), out var loss, out var profiles);
        failed.Should().BeNull();
        loss.Should().Be(graded.Loss, "the finer profile's call must hold the graded loss rows");
        profiles[0].Should().Equal(graded.Profile, "the finer profile's call must hold the graded band rows");
        return profiles[1];
    }

    /// <summary>A trainer that keeps the network it returns for the full budget <paramref name="steps"/> (the check's first, graded training).</summary>
    private sealed class FullBudgetNetwork(IDiffusionTraining inner, int steps) : IDiffusionTraining
    {
        public IEpsilonNetwork? Network { get; private set; }

        public IEpsilonNetwork Train(Tensor data, NoiseSchedule schedule, int budget, Generator generator)
        {
            var network = inner.Train(data, schedule, budget, generator);
            if (budget == steps) Network = network;
            return network;
        }
    }

    /// <summary>
    /// The tail calibration of the SDE and image training checks (docs/measurements/2026-11-26-training-score-tails.md,
    /// "Seventh stop"): the FIRST run's scores of the Correct example as graded (no decision, no fresh runs), over
    /// GRADER_TRAINING_SEEDS grading seeds from GRADER_TRAINING_FIRST_SEED, two at a time, one CSV row per seed appended
    /// to GRADER_TRAINING_CSV as it ends. SDE (<see cref="SdeTrainingQuality.Evaluate(CheckContext, ISdeTraining, HandinCall, int, out CheckResult?, out double, int, double)"/>,
    /// the run's drawn smaller budget): the gap, its upper bound 0.05 + 5·se, the time direction D, the smaller budget's
    /// steps and gap, the improvement, the mirror share. Image (<see cref="DtuImageTrainingQuality.Measure"/>): its
    /// <see cref="DtuImageTrainingQuality.Scores.Values"/>, then the run's smaller budget. Asserts only that every seed gave scores.
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
            var training = (ISdeTraining)handin.Resolve(typeof(ISdeTraining))!;
            FirstRunScoresToCsv("Correct", "gap,max_gap,direction,smaller_steps,smaller_gap,improvement,mirror_share", seed =>
            {
                var outcome = SdeTrainingQuality.Evaluate(new CheckContext(handin.Resolve, HandinGrader.CheckSeed(seed, sde.Id), snapshotRoot: "") { Hidden = true },
                    training, new HandinCall(sde.Id, sde.SheetRef), SdeTrainingQuality.Steps, out var failure, out var se);
                return outcome is not { } o ? (failure?.Message, null)
                    : (null, [o.Gap, SdeTrainingQuality.MaxGap(se), o.TimeDirection, o.FractionSteps, o.FractionGap, o.Gap - o.FractionGap, o.MirrorShare]);
            });
        }
        else
        {
            var image = new DtuImageTrainingQuality();
            FirstRunScoresToCsv("Correct", "loss,coarse_loss,smaller_loss,improvement,band1,band2,band3,band4,smaller_steps", seed =>
            {
                var context = new CheckContext(handin.Resolve, HandinGrader.CheckSeed(seed, image.Id), snapshotRoot: "") { Hidden = true };
                var (failure, scores) = image.Measure(context, 0);
                // The smaller budget as Measure draws it for run 0 (its salt 0x1A7000 + 7): the response's scores depend on it.
                return (failure?.Message, scores is null ? null : [.. scores.Values, image.Design.FractionSteps(context.NewGenerator(0x1A7000UL + 7))]);
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
