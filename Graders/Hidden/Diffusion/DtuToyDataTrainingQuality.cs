using System.Globalization;
using Grader.Checks.Checking;
using Grader.Checks.Diffusion;
using Grader.Checks.Results;
using Grader.Contracts.Diffusion;
using Grader.Reference.Data;
using Grader.Reference.Diffusion;
using Grader.Tensors;

namespace Grader.Checks.Hidden.Diffusion;

/// <summary>
/// Sheet 004, ex. 3.4, "test the DDPM on the toy data" (task 004/3.4/toy-data, hidden): the hand-in's training
/// (<see cref="IDiffusionTraining"/>) under the grader's step budget gives networks from which the REFERENCE sampler
/// (Algorithm 2, σ_t² = β_t) draws samples close to TwoGaussians and to the Chequerboard.
/// </summary>
/// <remarks>
/// <para>
/// <b>Procedure</b>, per data set (TwoGaussians, then Chequerboard; DTU <c>ToyData</c> mapped to [−1, 1]² by
/// x → (x − 0.5)·2): 50,000 training points, T = 1000, β linear 1e-4 … 0.02 (the sheet's), a budget of
/// <see cref="Settings.Steps"/> optimiser steps, a generator from the grading seed; then 2000 samples from the
/// reference DDPM with σ_t² = β_t fed t/T; scores against 2000 fresh held-out points: MMD²_u with the pooled
/// median-heuristic bandwidth, the U-statistic squared energy distance, and (Chequerboard) the fraction of samples on
/// the support. The check passes when every score is within its threshold.
/// </para>
/// <para>
/// <b>Why the reference sampler.</b> Sampling with the hand-in's own <c>DDPM.sample</c> would make a sampler bug cost the
/// toy-data points too; each task must lose points only for its own bug (design.md, "Every check is proven"). That is
/// why this check lives in Grader.Checks.Hidden, which may reference Grader.Reference.
/// </para>
/// <para>
/// <b>Budget.</b> 1500 steps per data set (3000 in all, the optimiser steps of the DTU grading preset
/// <c>TrainingPreset.DtuGrading</c>), so that the check costs about 15 s with the reference trainer on an idle 2-core
/// machine (measured under a load average of 15: training 9–11 s and sampling 4.5–7 s per data set with the reference
/// trainer, batch 1000; 1.5 s and 4 s with the Correct example, batch 256).
/// </para>
/// <para>
/// <b>Feedback plots</b> (on a pass and on a failure, for each data set whose network the hand-in's training returned):
/// the samples from the trained network over the held-out points (at most 1000 of each, equal aspect); and the true
/// versus predicted noise, 100 held-out points noised at t = 100, 500 and 900 (code indices) with ε from the grading
/// seed, ε₁ against the network's ε̂₁, with the line y = x (300 extra network evaluations per data set in one call,
/// after the sampling, so the scores are those without the plots).
/// </para>
/// <para>
/// <b>Thresholds</b> (<see cref="Settings"/>): at least 6 sd above the mean of both correct trainers (the reference and
/// the Correct example) over 20 grading seeds, and above the worst of them; every broken training in the power controls
/// fails on every seed. The calibration and power tables are in <c>Graders/Hidden/README.md</c>.
/// </para>
/// </remarks>
public sealed class DtuToyDataTrainingQuality : ICheck
{
    /// <summary>
    /// Budget and thresholds, calibrated as the type's remarks describe (a threshold is the largest over the two
    /// calibrated trainers of max(mean + 6 sd, worst + ¼(worst − mean)), rounded up; for the support fraction the
    /// smallest of min(mean − 6 sd, worst − ¼(mean − worst)), rounded down).
    /// </summary>
    /// <param name="Steps">The optimiser-step budget per data set.</param>
    /// <param name="TrainingPoints">Training points per data set.</param>
    /// <param name="Samples">Samples drawn from the trained network.</param>
    /// <param name="HeldOut">Fresh points of the law the samples are compared with.</param>
    /// <param name="MaxMmdTwoGaussians">Threshold on MMD²_u for TwoGaussians.</param>
    /// <param name="MaxEnergyTwoGaussians">Threshold on the squared energy distance for TwoGaussians.</param>
    /// <param name="MaxMmdChequerboard">Threshold on MMD²_u for the Chequerboard.</param>
    /// <param name="MaxEnergyChequerboard">Threshold on the squared energy distance for the Chequerboard.</param>
    /// <param name="MinSupportChequerboard">Lower threshold on the fraction of samples on the Chequerboard's support.</param>
    public sealed record Settings(
        int Steps = 1500,
        int TrainingPoints = 50_000,
        int Samples = 2000,
        int HeldOut = 2000,
        double MaxMmdTwoGaussians = 0.02,
        double MaxEnergyTwoGaussians = 0.018,
        double MaxMmdChequerboard = 0.008,
        double MaxEnergyChequerboard = 0.02,
        double MinSupportChequerboard = 0.48)
    {
        /// <summary>The sheet's schedule: T = 1000, β linear 1e-4 … 0.02.</summary>
        public NoiseSchedule Schedule() => new(BetaSchedule.Linear(1000, 1e-4, 0.02).Beta);
    }

    /// <summary>The scores of one data set, with the time the hand-in's training and the reference sampling took.</summary>
    public sealed record DataSetScores(string DataSet, double Mmd, double Energy, double? SupportFraction, TimeSpan TrainTime, TimeSpan SampleTime);

    public DtuToyDataTrainingQuality(Settings? settings = null)
    {
        Design = settings ?? new Settings();
    }

    public Settings Design { get; }

    public string Id => "diffusion.dtu.toy-data-training-quality";

    public string SheetRef => "sheet 004, ex. 3.4: train the DDPM (Algorithm 1) on TwoGaussians and Chequerboard";

    /// <summary>Trains and scores both data sets; a failure of the hand-in's code ends it with that result.</summary>
    public (CheckResult? Failure, IReadOnlyList<DataSetScores> Scores) Measure(CheckContext context) => Measure(context, out _);

    /// <summary>
    /// <see cref="Measure(CheckContext)"/>, with the feedback plots drawn from each trained network (null when none
    /// was trained): per data set the samples over the held-out points and the true versus predicted noise. A failure
    /// carries the plots drawn before it.
    /// </summary>
    public (CheckResult? Failure, IReadOnlyList<DataSetScores> Scores) Measure(CheckContext context, out IReadOnlyList<Plot>? plots)
    {
        ArgumentNullException.ThrowIfNull(context);
        var drawn = new List<Plot?>();
        plots = null;
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<IDiffusionTraining>(context, out var training) is { } unresolved) return (unresolved, []);
        var s = Design;
        var schedule = s.Schedule();
        var scores = new List<DataSetScores>();
        var laws = new (string Name, IToyDistribution Law)[]
        {
            ("TwoGaussians", DtuToyData.TwoGaussians()),
            ("Chequerboard", DtuToyData.Chequerboard()),
        };
        for (var k = 0; k < laws.Length; k++)
        {
            var (name, law) = laws[k];
            var salt = 16UL * (ulong)(k + 1);
            var data = DtuToyData.TrainingData(law, s.TrainingPoints, context.NewGenerator(salt + 1));
            var heldOut = TrainAndSample.ToMatrix(DtuToyData.TrainingData(law, s.HeldOut, context.NewGenerator(salt + 2)));
            if (TrainAndSample.Train(call, training, name, data, schedule, s.Steps, context.NewGenerator(salt + 3), out var network, out var trainTime) is { } failedTraining)
            {
                plots = FeedbackPlots.List(drawn);
                return (failedTraining with { Plots = plots }, scores);
            }

            var failedSampling = TrainAndSample.Sample(call, network, schedule, ReverseVariance.Beta, s.Samples, 2, context.NewGenerator(salt + 4), out var samples, out var sampleTime);
            if (failedSampling is null)
                drawn.Add(TrainAndSample.SamplesOverData($"{name}: {s.Samples} samples from your trained network over {s.HeldOut} held-out points (at most {TrainAndSample.PlottedPoints} of each shown)", "x", samples, heldOut));
            drawn.Add(TrainAndSample.NoisePrediction(call, network, schedule, heldOut, context.NewGenerator(salt + 5),
                $"{name}: true versus predicted noise, held-out points noised to z_t, first coordinate"));
            plots = FeedbackPlots.List(drawn);
            if (failedSampling is not null) return (failedSampling with { Plots = plots }, scores);
            scores.Add(Score(name, samples, heldOut) with { TrainTime = trainTime, SampleTime = sampleTime });
        }

        return (null, scores);
    }

    public CheckResult Run(CheckContext context)
    {
        var (failure, scores) = Measure(context, out var plots);
        return failure ?? (Verdict(scores) with { Plots = plots });
    }

    /// <summary>
    /// The scores of samples (in [−1, 1]²) of data set <paramref name="dataSet"/> ("TwoGaussians" or "Chequerboard")
    /// against held-out points; also used for the sampler-free controls of the tests.
    /// </summary>
    public static DataSetScores Score(string dataSet, double[,] samples, double[,] heldOut)
    {
        var (mmd, energy) = TrainAndSample.Distances(samples, heldOut);
        double? fraction = dataSet == "Chequerboard" ? SupportFraction(DtuToyData.Chequerboard(), samples) : null;
        return new DataSetScores(dataSet, mmd, energy, fraction, TimeSpan.Zero, TimeSpan.Zero);
    }

    /// <summary>The check's result for the scores of both data sets.</summary>
    public CheckResult Verdict(IReadOnlyList<DataSetScores> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var s = Design;
        var problems = new List<string>();
        var lines = new List<string>();
        foreach (var score in scores)
        {
            var (maxMmd, maxEnergy) = score.DataSet == "TwoGaussians" ? (s.MaxMmdTwoGaussians, s.MaxEnergyTwoGaussians) : (s.MaxMmdChequerboard, s.MaxEnergyChequerboard);
            var line = $"{score.DataSet}: MMD² = {F(score.Mmd)} (≤ {F(maxMmd)}), energy² = {F(score.Energy)} (≤ {F(maxEnergy)})";
            if (score.Mmd > maxMmd) problems.Add($"{score.DataSet}: MMD² = {F(score.Mmd)} > {F(maxMmd)}");
            if (score.Energy > maxEnergy) problems.Add($"{score.DataSet}: energy² = {F(score.Energy)} > {F(maxEnergy)}");
            if (score.SupportFraction is double f)
            {
                line += $", on the support {F(f)} (≥ {F(s.MinSupportChequerboard)})";
                if (f < s.MinSupportChequerboard) problems.Add($"{score.DataSet}: only {F(f)} of the samples lie on the support (≥ {F(s.MinSupportChequerboard)} needed)");
            }

            lines.Add(line);
        }

        var setUp = $"{s.Steps} training steps on {s.TrainingPoints} points per data set (mapped to [−1, 1]²), {s.Samples} samples drawn from the trained network by the reference sampler (Algorithm 2, σ_t² = β_t, t/T), compared with {s.HeldOut} fresh points";
        return problems.Count == 0
            ? CheckResult.Pass(Id, $"The trained networks give samples close to the data ({setUp}): {string.Join("; ", lines)}.", SheetRef)
            : CheckResult.Fail(Id,
                $"Samples from the trained network are too far from the data ({setUp}): {string.Join("; ", problems)}. All scores: {string.Join("; ", lines)}. Check Algorithm 1: t ~ U{{0..T−1}}, ε ~ N(0, I), z_t = √ᾱ_t x + √(1 − ᾱ_t) ε, the loss ‖ε − ε_θ(z_t, t/T)‖², and that the returned network takes t/T.",
                expected: string.Join("; ", scores.Select(x => x.DataSet == "TwoGaussians" ? $"TwoGaussians: MMD² ≤ {F(s.MaxMmdTwoGaussians)}, energy² ≤ {F(s.MaxEnergyTwoGaussians)}" : $"Chequerboard: MMD² ≤ {F(s.MaxMmdChequerboard)}, energy² ≤ {F(s.MaxEnergyChequerboard)}, support ≥ {F(s.MinSupportChequerboard)}")),
                seen: string.Join("; ", lines), sheetRef: SheetRef);
    }

    /// <summary>The fraction of samples (in [−1, 1]²) whose image in [0, 1]² lies on one of the Chequerboard's squares.</summary>
    public static double SupportFraction(Chequerboard board, double[,] samples)
    {
        ArgumentNullException.ThrowIfNull(board);
        var n = samples.GetLength(0);
        var hit = 0;
        for (var i = 0; i < n; i++)
            if (board.InSupport((float)(samples[i, 0] / 2 + 0.5), (float)(samples[i, 1] / 2 + 0.5))) hit++;
        return (double)hit / n;
    }

    private static string F(double v) => v.ToString("G3", CultureInfo.InvariantCulture);
}
