using Grader.Checks.Catalog;
using Grader.Checks.Diffusion;
using Grader.Contracts.Diffusion;
using Grader.Reference.Data;
using Grader.Reference.Diffusion;
using Grader.Remote.Training;

namespace Grader.Checks.Hidden.Diffusion;

/// <summary>
/// Sheet 004, ex. 3.4, "test the DDPM on the toy data" (task 004/3.4/toy-data, hidden): the grader trains the
/// hand-in's parts (<see cref="IDtuTrainingParts"/>: the ε-network and its settings) with its own loop, the hand-in's
/// <see cref="IDtuDdpm.NegativeElbo"/> as the loss of each batch (<see cref="IDtuTrainingRun"/>, issue 66), and the
/// networks give samples, drawn by the REFERENCE sampler (Algorithm 2, σ_t² = β_t), close to TwoGaussians and to the
/// Chequerboard.
/// </summary>
/// <remarks>
/// <para>
/// <b>Procedure</b>, per data set (TwoGaussians, then Chequerboard; DTU <c>ToyData</c> mapped to [−1, 1]² by
/// x → (x − 0.5)·2): 50,000 training points, T = 1000, β linear 1e-4 … 0.02 (the sheet's), a budget of
/// <see cref="Settings.Steps"/> of the grader's Adam steps (<see cref="DtuGraderTraining"/>), generators from the grading
/// seed, each step on the grader's negative ELBO of the network's outputs, the hand-in's NegativeElbo graded first as the loss part; then 2000 samples from the
/// reference DDPM with σ_t² = β_t fed t/T; scores against 2000 fresh held-out points: MMD²_u with the pooled
/// median-heuristic bandwidth, the U-statistic squared energy distance, and (Chequerboard) the fraction of samples on
/// the support; and the trained network's denoising loss ‖ε − ε̂(z_t, t/T)‖² / d on 20,000 fresh points with
/// t ~ U{T/2..T−1} and ε ~ N(0, I) (<see cref="TrainAndSample.HeldOutLoss"/>).
/// </para>
/// <para>
/// <b>Why the loss at t ≥ T/2.</b> A far too large learning rate (Adam 1e-1) leaves the last iterate jumping around
/// the optimum; on some seeds its samples are as close to the data as a correct training's (the sample scores alone
/// passed it on 4 of 20 seeds), but its network's error stays. Where ᾱ_t is small (t ≥ T/2: ᾱ_t ≤ 0.078) the best
/// possible loss is small (E[ε | z_t] ≈ √(1 − ᾱ_t)·z_t), so the loss there is mostly the network's own error, with
/// little noise from the held-out draw: 0.0047 ± 0.0009 (TwoGaussians) and 0.0071 ± 0.0008 (Chequerboard) for the Correct
/// example against 0.013 ± 0.005 and 0.016 ± 0.006 for the learning rate 1e-1 over 20 seeds (over all t the loss, about
/// 0.13 and 0.19, is dominated by the small t's irreducible part and separates them far less).
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
/// <b>Training by construction</b> (issue 66; this replaces issue 45's budget response, drawn-batch probe and work
/// count for this check). The grader's loop takes every optimiser step itself, so a hand-in cannot take fewer steps than
/// its budget, accumulate, or train honestly only at small budgets. What the loop and its loss part catch, each with a
/// mutant in <c>Submissions/Examples/Diffusion/Mutants/dtu-training-parts-*</c>: a scaled or extra-term loss and ᾱ one
/// step off (the loss part, on the grader's stand-in network), a loss that writes into the parameters and a network that computes with
/// anything but its parameters, such as a kernel denoiser over the points it was called with (<see cref="DtuGraderTraining"/>).
/// </para>
/// <para>
/// <b>Decision</b> (<see cref="Settings.Bounds"/>, <see cref="IndifferenceZone"/>): the first training run (both data
/// sets) passes when every score is within its clearly-good bound and fails when one is beyond its clearly-bad bound
/// (the support fraction's and the losses'; MMD² and energy² have none since 2026-11-26, their tails being heavy); in between,
/// <see cref="IndifferenceZone.FreshRuns"/> fresh runs decide by their mean against the fresh-run bounds. The bounds
/// certify that the parts train, calibrated over every legitimate network (<see cref="Settings"/>,
/// docs/measurements/2026-11-29-dtu-toy-bounds.md): the false-fail rate per hand-in and the power against a network
/// blind to t/T and a learning rate too small for the budget are stated there.
/// </para>
/// </remarks>
public sealed class DtuToyDataTrainingQuality : ITrainingCheck
{
    /// <summary>
    /// Budget and bounds. The bounds certify that the parts TRAIN, not that they train like the Correct example (issue 79
    /// item 4): they were calibrated on 2026-11-29 over every legitimate network of the parts
    /// (<c>Submissions/Examples/Diffusion/Legit/dtu-*</c>: SiLU, tanh, wider and deeper, Adam 2e-3 with batch 128, the
    /// notebook's sinusoidal-ELU style; and the reference's parts at the loop's edges, Adam 1e-2 and batch 16), the
    /// Correct example and the reference, 8–20 grading seeds each (docs/measurements/2026-11-29-dtu-toy-bounds.md). Until
    /// then the bounds were derived from the Correct example alone and failed SiLU and tanh networks on 20 of 20 seeds
    /// (their Chequerboard is blurrier in 1500 steps: on the support 0.45 against 0.58) and Adam 2e-3 with batch 128 on 2.
    /// <list type="bullet">
    /// <item>The clearly-good bounds (Pass…) are the old ones: a training like the reference's passes on its first run;
    /// any other legitimate network goes to the fresh runs.</item>
    /// <item>The fresh-run bounds (Fresh…, on the mean of <see cref="IndifferenceZone.FreshRuns"/> runs) lie ≥ 4 sd of a
    /// mean of three beyond the worst legitimate network's mean on every score (TwoGaussians MMD² 0.045: SiLU 0.026 ± 0.006;
    /// energy² 0.04: SiLU 0.019 ± 0.005; Chequerboard MMD² 0.03: SiLU 0.015 ± 0.002, batch 16 0.013 ± 0.005; energy² 0.06:
    /// batch 16 0.028 ± 0.009; on the support 0.40: SiLU 0.454 ± 0.010; the losses at t ≥ T/2 0.013: tanh 0.0091 ± 0.0017,
    /// batch 16 0.0079 ± 0.0024, and 0.025: batch 16 0.0125 ± 0.0038), so a legitimate network that reaches them fails
    /// with a probability ≤ 2e-4 (a normal model; the batch-16 edge's TwoGaussians loss is the closest, 3.6 sd).</item>
    /// <item>The clearly-bad bounds catch the power targets on the first run: the TwoGaussians loss at t ≥ T/2 above 0.017
    /// (a network that never sees t/T: 0.022 ± 0.0012, 8 of 8 seeds ≥ 0.0205; the worst legitimate, tanh,
    /// 0.0091 ± 0.0017, 4.6 sd below), the support below 0.36 and the losses (Adam 1e-5, within the loop's bounds but
    /// too slow for the budget: support 0.008, losses 0.3–0.6). MMD² and energy² keep no clearly-bad bound (heavy tails,
    /// 2026-11-26).</item>
    /// </list>
    /// </summary>
    /// <param name="Steps">The optimiser-step budget per data set.</param>
    /// <param name="TrainingPoints">Training points per data set.</param>
    /// <param name="Samples">Samples drawn from the trained network.</param>
    /// <param name="HeldOut">Fresh points of the law the samples are compared with.</param>
    /// <param name="LossPoints">Fresh points of each law at which the trained network's denoising loss is measured.</param>
    /// <param name="PassLossTwoGaussians">Clearly-good bound on the TwoGaussians network's denoising loss at t ≥ T/2.</param>
    /// <param name="FreshLossTwoGaussians">Bound on the fresh runs' mean of that loss.</param>
    /// <param name="MaxLossTwoGaussians">Clearly-bad bound on that loss.</param>
    /// <param name="PassLossChequerboard">Clearly-good bound on the Chequerboard network's denoising loss at t ≥ T/2.</param>
    /// <param name="FreshLossChequerboard">Bound on the fresh runs' mean of that loss.</param>
    /// <param name="MaxLossChequerboard">Clearly-bad bound on that loss.</param>
    /// <param name="PassMmdTwoGaussians">Clearly-good bound on MMD²_u for TwoGaussians.</param>
    /// <param name="FreshMmdTwoGaussians">Bound on the fresh runs' mean MMD²_u for TwoGaussians.</param>
    /// <param name="MaxMmdTwoGaussians">Clearly-bad bound on MMD²_u for TwoGaussians: none (infinity) since 2026-11-26, the sample distances' tails being heavy (see <see cref="Settings"/>).</param>
    /// <param name="PassEnergyTwoGaussians">Clearly-good bound on the squared energy distance for TwoGaussians.</param>
    /// <param name="FreshEnergyTwoGaussians">Bound on the fresh runs' mean squared energy distance for TwoGaussians.</param>
    /// <param name="MaxEnergyTwoGaussians">Clearly-bad bound on the squared energy distance for TwoGaussians: none (infinity) since 2026-11-26.</param>
    /// <param name="PassMmdChequerboard">Clearly-good bound on MMD²_u for the Chequerboard.</param>
    /// <param name="FreshMmdChequerboard">Bound on the fresh runs' mean MMD²_u for the Chequerboard.</param>
    /// <param name="MaxMmdChequerboard">Clearly-bad bound on MMD²_u for the Chequerboard: none (infinity) since 2026-11-26.</param>
    /// <param name="PassEnergyChequerboard">Clearly-good bound on the squared energy distance for the Chequerboard.</param>
    /// <param name="FreshEnergyChequerboard">Bound on the fresh runs' mean squared energy distance for the Chequerboard.</param>
    /// <param name="MaxEnergyChequerboard">Clearly-bad bound on the squared energy distance for the Chequerboard: none (infinity) since 2026-11-26.</param>
    /// <param name="PassSupportChequerboard">Clearly-good lower bound on the fraction of samples on the Chequerboard's support.</param>
    /// <param name="FreshSupportChequerboard">Lower bound on the fresh runs' mean fraction on the support.</param>
    /// <param name="MinSupportChequerboard">Clearly-bad lower bound on that fraction.</param>
    public sealed record Settings(
        int Steps = 1500,
        int TrainingPoints = 50_000,
        int Samples = 2000,
        int HeldOut = 2000,
        int LossPoints = 20_000,
        double PassLossTwoGaussians = 0.0070,
        double FreshLossTwoGaussians = 0.013,
        double MaxLossTwoGaussians = 0.017,
        double PassLossChequerboard = 0.0095,
        double FreshLossChequerboard = 0.025,
        double MaxLossChequerboard = 0.03,
        double PassMmdTwoGaussians = 0.013,
        double FreshMmdTwoGaussians = 0.045,
        double MaxMmdTwoGaussians = double.PositiveInfinity,
        double PassEnergyTwoGaussians = 0.012,
        double FreshEnergyTwoGaussians = 0.04,
        double MaxEnergyTwoGaussians = double.PositiveInfinity,
        double PassMmdChequerboard = 0.005,
        double FreshMmdChequerboard = 0.03,
        double MaxMmdChequerboard = double.PositiveInfinity,
        double PassEnergyChequerboard = 0.0135,
        double FreshEnergyChequerboard = 0.06,
        double MaxEnergyChequerboard = double.PositiveInfinity,
        double PassSupportChequerboard = 0.527,
        double FreshSupportChequerboard = 0.40,
        double MinSupportChequerboard = 0.36)
    {
        /// <summary>The sheet's schedule: T = 1000, β linear 1e-4 … 0.02.</summary>
        public NoiseSchedule Schedule() => new(BetaSchedule.Linear(1000, 1e-4, 0.02).Beta);

        /// <summary>The bounds of a run's scores, in the order of <see cref="Values"/>.</summary>
        public IReadOnlyList<ScoreBound> Bounds =>
        [
            new("TwoGaussians MMD²", PassMmdTwoGaussians, FreshMmdTwoGaussians, MaxMmdTwoGaussians),
            new("TwoGaussians energy²", PassEnergyTwoGaussians, FreshEnergyTwoGaussians, MaxEnergyTwoGaussians),
            new("Chequerboard MMD²", PassMmdChequerboard, FreshMmdChequerboard, MaxMmdChequerboard),
            new("Chequerboard energy²", PassEnergyChequerboard, FreshEnergyChequerboard, MaxEnergyChequerboard),
            new("Chequerboard on the support", PassSupportChequerboard, FreshSupportChequerboard, MinSupportChequerboard, HigherIsBetter: true),
            new("TwoGaussians denoising loss at t ≥ T/2", PassLossTwoGaussians, FreshLossTwoGaussians, MaxLossTwoGaussians),
            new("Chequerboard denoising loss at t ≥ T/2", PassLossChequerboard, FreshLossChequerboard, MaxLossChequerboard),
        ];

        /// <summary>A run's scores (TwoGaussians, then Chequerboard) in the order of <see cref="Bounds"/>.</summary>
        public static IReadOnlyList<double> Values(IReadOnlyList<DataSetScores> run) => Of(run);

        private static IReadOnlyList<double> Of(IReadOnlyList<DataSetScores> run)
        {
            ArgumentNullException.ThrowIfNull(run);
            var g = run.Single(r => r.DataSet == "TwoGaussians");
            var c = run.Single(r => r.DataSet == "Chequerboard");
            return [g.Mmd, g.Energy, c.Mmd, c.Energy, c.SupportFraction ?? double.NaN, g.Loss, c.Loss];
        }
    }

    /// <summary>The scores of one data set, with the time the hand-in's training and the reference sampling took.</summary>
    public sealed record DataSetScores(string DataSet, double Mmd, double Energy, double? SupportFraction, TimeSpan TrainTime, TimeSpan SampleTime)
    {
        /// <summary>
        /// The held-out denoising loss of the trained network over the second half of the steps, t ∈ [T/2, T)
        /// (<see cref="TrainAndSample.HeldOutLoss"/>); NaN when not measured.
        /// </summary>
        public double Loss { get; init; } = double.NaN;

        /// <summary>The largest relative difference of the hand-in's NegativeElbo (batch mean) from the formula's in the loss part (<see cref="DtuTrainingOutcome.MaxLossDeviation"/>).</summary>
        public double MaxValueDeviation { get; init; } = double.NaN;
    }

    public DtuToyDataTrainingQuality(Settings? settings = null)
    {
        Design = settings ?? new Settings();
    }

    public Settings Design { get; }

    public string Id => "diffusion.dtu.toy-data-training-quality";

    public string SheetRef => DeferredCheck.SheetRefOf(Id);

    /// <summary>Trains and scores both data sets (the first run); a failure of the hand-in's code ends it with that result.</summary>
    public (CheckResult? Failure, IReadOnlyList<DataSetScores> Scores) Measure(CheckContext context) => Measure(context, 0, out _);

    /// <summary><see cref="Measure(CheckContext)"/> with the first run's feedback plots (see the overload with a run).</summary>
    public (CheckResult? Failure, IReadOnlyList<DataSetScores> Scores) Measure(CheckContext context, out IReadOnlyList<Plot>? plots) => Measure(context, 0, out plots);

    /// <summary>
    /// Training run <paramref name="run"/> (0: the first; 1, 2, …: fresh runs, every generator salted apart) on both
    /// data sets, with the feedback plots drawn from each trained network (null when none was trained): per data set
    /// the samples over the held-out points and the true versus predicted noise. A failure carries the plots drawn
    /// before it.
    /// </summary>
    public (CheckResult? Failure, IReadOnlyList<DataSetScores> Scores) Measure(CheckContext context, int run, out IReadOnlyList<Plot>? plots)
    {
        ArgumentNullException.ThrowIfNull(context);
        var drawn = new List<Plot?>();
        plots = null;
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<IDtuTrainingParts>(context, out var parts) is { } unresolved) return (unresolved, []);
        if (call.Resolve<IDtuDdpm>(context, out var ddpm) is { } noLoss) return (noLoss, []);
        // The grader's loop where the hand-in lives (its host answers the run's contract with it); in process, on the parts here.
        var training = context.TryHandin<IDtuTrainingRun>() ?? DtuTrainingRun.InProcess(parts, ddpm);
        // The trained values cross into a fresh process of the hand-in (a second host beside a hand-in, issue 66 item 1; in process the same one).
        var freshTraining = context.TryFresh<IDtuTrainingRun>() ?? training;
        var s = Design;
        var schedule = s.Schedule();
        var scores = new List<DataSetScores>();
        foreach (var (k, name, law) in Laws)
        {
            var salt = 16UL * (ulong)(k + 1) + 64UL * (ulong)run;
            var data = DtuToyData.TrainingData(law, s.TrainingPoints, context.NewGenerator(salt + 1));
            var heldOut = TrainAndSample.ToMatrix(DtuToyData.TrainingData(law, s.HeldOut, context.NewGenerator(salt + 2)));
            var lossPoints = DtuToyData.TrainingData(law, s.LossPoints, context.NewGenerator(salt + 6));
            var setUp = TrainAndSample.SetUp(data, schedule, s.Steps);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            // The loop grades NegativeElbo as the loss part before its first step: a wrong loss fails before any training.
            var failed = call.Run($"the grader's training of your parts (Model, Settings), your NegativeElbo graded first as the loss, {name}",
                () => training.Train(data, schedule, s.Steps, context.NewGenerator(salt + 3), context.NewGenerator(salt + 8)), out var outcome);
            var trainTime = clock.Elapsed;
            var problem = failed?.WithTutorDetail(setUp);
            if (problem is null && outcome is null) problem = call.Error("the grader's training returned no outcome (a grader defect).") with { TutorDetail = setUp };
            if (problem is null && outcome!.FailedPart is { } part)
                problem = call.Fail(Stopped(name, part, outcome.Reason, PartName)) with { TutorDetail = setUp };
            var deviation = outcome?.MaxLossDeviation ?? double.NaN;
            IEpsilonNetwork? network = null;
            if (problem is null && call.Run("Model(d, T, generator) for the fresh network the trained values go into",
                    () => freshTraining.Trained(data.size(1), schedule.T, context.NewGenerator(salt + 3), outcome!.Values), out network) is { } noFresh)
                problem = noFresh.WithTutorDetail(setUp);
            if (problem is null && network is null) problem = call.Fail("a fresh network from your Model(d, T, generator) was null.") with { TutorDetail = setUp };
            if (problem is not null)
            {
                plots = FeedbackPlots.List(drawn);
                return (problem with { Plots = plots }, scores);
            }

            network = Grader.Remote.Channel.RemoteProxy.InCallersGradMode(network!);
            var failedSampling = TrainAndSample.Sample(call, network, schedule, ReverseVariance.Beta, s.Samples, 2, context.NewGenerator(salt + 4), out var samples, out var sampleTime);
            if (failedSampling is null)
                drawn.Add(TrainAndSample.SamplesOverData($"{name}: samples from your trained network over held-out points (a subset of each shown)", "x", samples, heldOut));
            drawn.Add(TrainAndSample.NoisePrediction(call, network, schedule, heldOut, context.NewGenerator(salt + 5),
                $"{name}: true versus predicted noise, held-out points noised to z_t, first coordinate"));
            plots = FeedbackPlots.List(drawn);
            if (failedSampling is not null) return (failedSampling with { Plots = plots }, scores);
            if (TrainAndSample.HeldOutLoss(call, network, schedule, lossPoints, schedule.T / 2, context.NewGenerator(salt + 7), out var loss) is { } failedLoss)
                return (failedLoss with { Plots = plots }, scores);
            scores.Add(Score(name, samples, heldOut) with { Loss = loss, TrainTime = trainTime, SampleTime = sampleTime, MaxValueDeviation = deviation });
        }

        return (null, scores);
    }

    /// <summary>
    /// The feedback of a training the grader's loop stopped (issue 79): a loss part that failed is the hand-in's
    /// <c>NegativeElbo</c> graded on its own before any training step (on the grader's draws, with the grader's stand-in
    /// network); any other part stopped the training itself.
    /// </summary>
    internal static string Stopped(string where, string part, string? reason, Func<string, string> partName) => part == "loss"
        ? $"The grader graded your NegativeElbo on its own before training your parts on {where} (on batches, t and ε it drew, with a network of its own; the training steps on the grader's negative ELBO of your network's outputs, never on your NegativeElbo): {reason} So the training tasks lose their points too. {PartAdvice(part)}"
        : $"The grader trained your parts with its own loop (its batches, t, ε, its negative ELBO and Adam's steps) on {where} and stopped: your {partName(part)} — {reason} {PartAdvice(part)}";

    internal static string PartName(string part) => part switch
    {
        "model" => "model (Model: the ε-network and its Parameters())",
        "loss" => "loss (NegativeElbo, averaged over the batch by the grader as DDPM.loss does)",
        "settings" => "settings (Settings: learning rate and batch size)",
        _ => part,
    };

    internal static string PartAdvice(string part) => part switch
    {
        "model" => "The network must compute ε̂ from its inputs and the parameters Parameters() lists, and nothing else: after training only their values are kept.",
        "loss" => "NegativeElbo must draw t and ε from the random source it is given (Algorithm 1), call the network it is given at z_t = √ᾱ_t x + √(1 − ᾱ_t) ε and t/T, return ‖ε − ε̂‖² per sample, and change nothing.",
        _ => "",
    };

    /// <summary>The data sets in the order of the runs' salts.</summary>
    private static readonly (int K, string Name, IToyDistribution Law)[] Laws = [(0, "TwoGaussians", DtuToyData.TwoGaussians()), (1, "Chequerboard", DtuToyData.Chequerboard())];

    public CheckResult Run(CheckContext context) => Decide(context).Result;

    /// <summary>
    /// The check's decision (<see cref="IndifferenceZone"/>) with the scores of every training run it took: the first,
    /// and the fresh runs when the first was undecided. The result carries the first run's plots.
    /// </summary>
    public (CheckResult Result, IReadOnlyList<IReadOnlyList<DataSetScores>> Runs) Decide(CheckContext context)
    {
        var (failure, first) = Measure(context, 0, out var plots);
        if (failure is not null) return (failure, []);
        var runs = new List<IReadOnlyList<DataSetScores>> { first };
        if (IndifferenceZone.Of(Design.Bounds, Settings.Values(first)) == IndifferenceZone.Zone.Undecided)
            for (var run = 1; run <= IndifferenceZone.FreshRuns; run++)
            {
                var (failed, fresh) = Measure(context, run, out _);
                if (failed is not null) return (failed with { Plots = plots }, runs);
                runs.Add(fresh);
            }

        return (Verdict(runs) with { Plots = plots }, runs);
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

    /// <summary>The check's result for one run's scores of both data sets, which must not be undecided (the sampler-free controls).</summary>
    public CheckResult Verdict(IReadOnlyList<DataSetScores> scores) => Verdict([scores]);

    /// <summary>The check's result for the first run's scores and, when those are undecided, the fresh runs'.</summary>
    public CheckResult Verdict(IReadOnlyList<IReadOnlyList<DataSetScores>> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var s = Design;
        var bounds = s.Bounds;
        var schedule = s.Schedule();
        var deviation = runs[0].Max(r => r.MaxValueDeviation);
        var setUp = $"the grader's loop: {s.Steps} Adam steps of your parts per data set on {s.TrainingPoints} points (mapped to [−1, 1]²), Adam on the grader's negative ELBO of your network's outputs (your NegativeElbo graded first on 8 of the training's batches with the grader's network: within {deviation:G3} of the formula, relative), T = {schedule.T}, β {schedule.Betas[0]:G3} … {schedule.Betas[^1]:G3}, {s.Samples} samples drawn by the reference sampler (Algorithm 2, σ_t² = β_t, t/T) from a fresh network holding the trained values, compared with {s.HeldOut} fresh points, and the denoising loss at t ≥ T/2 on {s.LossPoints} fresh points; {runs.Count} training run(s)";
        const string judged = "samples drawn from your trained networks by the reference sampler (Algorithm 2, σ_t² = β_t, so only your training is judged) compared with fresh points of each data set, and the networks' denoising loss ‖ε − ε̂‖² at t ≥ T/2 on fresh points";
        return IndifferenceZone.Verdict(Id, SheetRef, bounds, [.. runs.Select(Settings.Values)], setUp,
            decided => $"The trained networks give samples close to the data ({judged}): {decided}.",
            decided => $"The trained networks' samples, or their noise predictions, are too far from a correct training's ({judged}): {decided}. The grader trained your parts with its own loop, on its own negative ELBO of your network's outputs (your NegativeElbo passed its check first), so the parts that decide this are your settings and your model: the learning rate (ddpm.py's Adam uses 1e-3; a far larger one leaves the network's error large where the noise dominates, at t ≥ T/2, even when its samples look right), the batch size, and a network able to learn ε̂ from z_t and t/T.");
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
}
