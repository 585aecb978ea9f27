using Grader.Checks.Catalog;
using Grader.Checks.Diffusion;
using Grader.Checks.Hidden.Training;
using Grader.Contracts.Diffusion;
using Grader.Reference.Data;
using Grader.Reference.Diffusion;
using Grader.Reference.Diffusion.Handin;
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
/// <b>Procedure</b>, per data set (TwoGaussians, then Chequerboard, each DRAWN for the run from a family around the
/// printed law, <see cref="DtuToyLaw"/>, issue 79 item 3: the hand-in never learns the draw, so a closed form of the
/// printed laws is a closed form of the wrong laws, cheat <c>toy-data-closed-form-of-the-sheet-law</c>; the student's
/// self-check keeps the printed laws; <c>ToyData</c>'s [0, 1]² mapped to [−1, 1]² by x → (x − 0.5)·2): 50,000 training
/// points, T = 1000, β linear 1e-4 … 0.02 (the sheet's), a budget of
/// <see cref="Settings.Steps"/> of the grader's Adam steps (<see cref="DtuGraderTraining"/>), generators from the grading
/// seed, each step on the grader's negative ELBO of the network's outputs, the hand-in's NegativeElbo graded first as the loss part; then 2000 samples from the
/// reference DDPM with σ_t² = β_t fed t/T; scores against 2000 fresh held-out points: MMD²_u with the pooled
/// median-heuristic bandwidth, the U-statistic squared energy distance, and (Chequerboard) the fraction of samples on
/// the support; and the trained network's denoising loss ‖ε − ε̂(z_t, t/T)‖² / d on 20,000 fresh points with
/// t ~ U{T/2..T−1} and ε ~ N(0, I) (<see cref="TrainAndSample.HeldOutLoss"/>). The reference's network at ddpm.py's
/// settings is trained by the same loop on the same drawn laws and scored the same way, once per run seed
/// (<see cref="Reference"/>); the bounds follow its scores.
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
/// trainer, batch 1000; 1.5 s and 4 s with the Correct example, batch 256). The bounds' reference (ddpm.py's network at
/// batch 256) costs one such training and sampling more per run seed, shared by every hand-in graded on that seed in the
/// process (docs/measurements/2026-11-29-dtu-drawn-law.md, "Cost").
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
/// <b>Decision</b> (<see cref="Settings.Bounds"/>, <see cref="IndifferenceZone"/>): each bound is the reference's score r
/// on the run's drawn laws moved by a margin (<see cref="Settings.Margins"/>; lower is better: clearly good ≤ r + pass,
/// fresh-run mean ≤ r + fresh, clearly bad &gt; r + fail, none above an absolute limit; the support fraction the same
/// below r, none below the floor 0.25): TwoGaussians MMD² +0.010 / +0.042 / none (limit 0.05), energy² +0.010 / +0.038 /
/// none (0.05), Chequerboard MMD² +0.006 / +0.029 / none (0.04), energy² +0.0095 / +0.056 / none (0.075), on the support
/// −0.07 / −0.21 / −0.26 (floor 0.25), the losses at t ≥ T/2 +0.003 / +0.009 / +0.0135 (0.02) and +0.003 / +0.012 /
/// +0.018 (0.03). The first training run (both data sets) passes when every score is within its clearly-good bound and
/// fails when one is beyond its clearly-bad bound; in between, <see cref="IndifferenceZone.FreshRuns"/> fresh runs decide
/// by their mean against the fresh-run bounds. <b>Calibration</b> (docs/measurements/2026-11-29-dtu-drawn-law.md,
/// <c>DtuToyDataBoundsCalibration</c>, grading seeds 1–20 on drawn laws): the Correct example, the reference's parts
/// (batch 1000) and at the loop's batch edge (16), and every legitimate network of
/// <c>Submissions/Examples/Diffusion/Legit/dtu-*</c>. <b>False-fail rate per hand-in</b> ≤ 3e-4 for the worst of them (a
/// normal model of each legitimate network's excess over the reference across 20 drawn laws, the mean of three for the
/// fresh runs; the closest is the SiLU network's support fraction, 3.5 sd from its fresh-run bound; the note lists every
/// score and what the estimate leaves out: the sd's own uncertainty, the batch-16 edge, the distances' heavy tails).
/// <b>Power</b>: the closed form of the printed laws (cheat <c>toy-data-closed-form-of-the-sheet-law</c>)
/// scores TwoGaussians MMD² ≥ r + 0.13 and Chequerboard MMD² ≥ r + 0.069 on every one of 20 draws (each data set alone
/// beyond its fresh-run bound); Adam at 1e-5 (within the loop's bounds, too slow for the budget) fails every first run (on
/// the support r − 0.53, losses ≈ 0.45); the network blind to t/T (TwoGaussians loss r + 0.014 ± 0.0034) fails about half
/// its first runs and its fresh-run mean otherwise (≈ 2.6 sd beyond r + 0.009, and its TwoGaussians MMD² r + 0.045 beyond
/// r + 0.042 about half the time): ≈ 0.995 per hand-in, weaker than on the printed law, where its loss was 0.022 against an
/// absolute 0.017.
/// </para>
/// </remarks>
public sealed class DtuToyDataTrainingQuality : ITrainingCheck
{
    /// <summary>
    /// Budget and bounds. Since issue 79 item 3 each bound is the REFERENCE's score on the run's drawn laws
    /// (<see cref="Reference"/>) moved by a margin (<see cref="Margins"/>), held to an absolute limit whatever the
    /// reference scored; the margins were calibrated on 2026-11-29 over every legitimate network of the parts
    /// (<c>Submissions/Examples/Diffusion/Legit/dtu-*</c>), the Correct example and the reference on drawn laws
    /// (docs/measurements/2026-11-29-dtu-drawn-law.md; before, absolute bounds on the printed laws:
    /// docs/measurements/2026-11-29-dtu-toy-bounds.md).
    /// </summary>
    /// <param name="Steps">The optimiser-step budget per data set.</param>
    /// <param name="TrainingPoints">Training points per data set.</param>
    /// <param name="Samples">Samples drawn from the trained network.</param>
    /// <param name="HeldOut">Fresh points of the law the samples are compared with.</param>
    /// <param name="LossPoints">Fresh points of each law at which the trained network's denoising loss is measured.</param>
    /// <param name="ReferenceSteps">The grader's optimiser steps for the reference's parts (the full budget, whatever <paramref name="Steps"/> is).</param>
    public sealed record Settings(
        int Steps = 1500,
        int TrainingPoints = 50_000,
        int Samples = 2000,
        int HeldOut = 2000,
        int LossPoints = 20_000,
        int ReferenceSteps = 1500)
    {
        /// <summary>The sheet's schedule: T = 1000, β linear 1e-4 … 0.02.</summary>
        public NoiseSchedule Schedule() => new(BetaSchedule.Linear(1000, 1e-4, 0.02).Beta);

        /// <summary>
        /// The margins of the scores over the reference's, in the order of <see cref="Values"/> (see
        /// docs/measurements/2026-11-29-dtu-drawn-law.md for their calibration).
        /// </summary>
        public IReadOnlyList<ScoreMargin> Margins { get; init; } =
        [
            new("TwoGaussians MMD²", 0.010, 0.042, double.PositiveInfinity, 0.05),
            new("TwoGaussians energy²", 0.010, 0.038, double.PositiveInfinity, 0.05),
            new("Chequerboard MMD²", 0.006, 0.029, double.PositiveInfinity, 0.04),
            new("Chequerboard energy²", 0.0095, 0.056, double.PositiveInfinity, 0.075),
            new("Chequerboard on the support", 0.07, 0.21, 0.26, 0.25, HigherIsBetter: true),
            new("TwoGaussians denoising loss at t ≥ T/2", 0.003, 0.009, 0.0135, 0.02),
            new("Chequerboard denoising loss at t ≥ T/2", 0.003, 0.012, 0.018, 0.03),
        ];

        /// <summary>The bounds of a run's scores, in the order of <see cref="Values"/>, given the reference's scores on the run's laws (in that order).</summary>
        public IReadOnlyList<ScoreBound> Bounds(IReadOnlyList<double> reference)
        {
            ArgumentNullException.ThrowIfNull(reference);
            if (reference.Count != Margins.Count) throw new ArgumentException($"expected {Margins.Count} reference scores, got {reference.Count}", nameof(reference));
            return [.. Margins.Select((m, i) => m.Bound(reference[i]))];
        }

        /// <summary>A run's scores (TwoGaussians, then Chequerboard) in the order of <see cref="Margins"/>.</summary>
        public static IReadOnlyList<double> Values(IReadOnlyList<DataSetScores> run)
        {
            ArgumentNullException.ThrowIfNull(run);
            var g = run.Single(r => r.DataSet == "TwoGaussians");
            var c = run.Single(r => r.DataSet == "Chequerboard");
            return [g.Mmd, g.Energy, c.Mmd, c.Energy, c.SupportFraction ?? double.NaN, g.Loss, c.Loss];
        }
    }

    /// <summary>
    /// A score's bounds as margins over the reference's score r: lower is better, clearly good ≤ min(r + Pass, Limit),
    /// fresh-run mean ≤ min(r + Fresh, Limit), clearly bad &gt; min(r + Fail, Limit) (none when Fail is infinite); higher
    /// is better, the same below r, none of them below Limit (the absolute floor).
    /// </summary>
    public sealed record ScoreMargin(string Name, double Pass, double Fresh, double Fail, double Limit, bool HigherIsBetter = false)
    {
        /// <summary>The bounds given the reference's score <paramref name="reference"/>.</summary>
        public ScoreBound Bound(double reference) => HigherIsBetter
            ? new(Name, Math.Max(reference - Pass, Limit), Math.Max(reference - Fresh, Limit), Math.Max(reference - Fail, Limit), HigherIsBetter: true)
            : new(Name, Math.Min(reference + Pass, Limit), Math.Min(reference + Fresh, Limit), double.IsPositiveInfinity(Fail) ? Fail : Math.Min(reference + Fail, Limit));
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
        plots = null;
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<IDtuTrainingParts>(context, out var parts) is { } unresolved) return (unresolved, []);
        if (call.Resolve<IDtuDdpm>(context, out var ddpm) is { } noLoss) return (noLoss, []);
        // The grader's loop where the hand-in lives (its host answers the run's contract with it); in process, on the parts here.
        var training = context.TryHandin<IDtuTrainingRun>() ?? DtuTrainingRun.InProcess(parts, ddpm);
        // The trained values cross into a fresh process of the hand-in (a second host beside a hand-in, issue 66 item 1; in process the same one).
        return Train(context, call, training, context.TryFresh<IDtuTrainingRun>() ?? training, TrainAndSample.TrainingBatch(call, parts.Settings), run, 0, Design.Steps, out plots);
    }

    /// <summary>The salts of the laws' draw and of the reference's generators, apart from every run's (16·(k + 1) + 64·run + 1 … 8).</summary>
    private const ulong LawSalt = 0xD7A1, ReferenceSalt = 0xD7EF0;

    /// <summary>The run's laws: drawn from the run's seed, the same for the first and the fresh runs and for the reference.</summary>
    public static DtuToyLaw Law(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return DtuToyLaw.Draw(context.NewGenerator(LawSalt));
    }

    /// <summary>
    /// The reference's scores per run seed and the settings they depend on: a run grades many hand-ins on one seed, so
    /// the reference trains once. 64 keys: the 20-seed sweeps of the calibration grade one network after another on every seed.
    /// </summary>
    private static readonly SeedCache<(ulong Seed, int TrainingPoints, int Samples, int HeldOut, int LossPoints, int ReferenceSteps), IReadOnlyList<double>> References = new(capacity: 64);

    /// <summary>
    /// The reference's scores on the run's drawn laws, in the order of <see cref="Settings.Values"/>: ddpm.py's network
    /// (the reference's <see cref="FcNetwork"/>) at ddpm.py's settings (Adam 1e-3, batch 256: <see cref="ReferenceParts"/>)
    /// trained by the same loop at <see cref="Settings.ReferenceSteps"/> on the first run's training sets, sampled and
    /// scored against its held-out points as a hand-in is, with generators of its own. Computed once per run seed and
    /// settings in this process.
    /// </summary>
    public IReadOnlyList<double> Reference(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = Design;
        return References.For((context.Seed, s.TrainingPoints, s.Samples, s.HeldOut, s.LossPoints, s.ReferenceSteps), () =>
        {
            var training = DtuTrainingRun.InProcess(new ReferenceParts(), new ReferenceDtuDdpm());
            var (failure, scores) = Train(context, new HandinCall(Id, SheetRef), training, training, new ReferenceParts().Settings().BatchSize, 0, ReferenceSalt, s.ReferenceSteps, out _);
            return failure is null ? Settings.Values(scores) : throw new InvalidOperationException($"the reference's training failed on the run's laws (a grader defect): {failure.Message}");
        });
    }

    /// <summary>
    /// The reference of the bounds: the reference's ddpm.py network at ddpm.py's own settings (Adam 1e-3, batch 256), as
    /// the Correct example trains (the grading preset's batch of 1000 would cost the check four times the training for no
    /// better bound). Parameterless: the loop makes fresh instances of the parts.
    /// </summary>
    private sealed class ReferenceParts : IDtuTrainingParts
    {
        private readonly ReferenceDtuTrainingParts _parts = new();

        public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) => _parts.Model(dataDimension, T, generator);

        public TrainingSettings Settings() => new(1e-3, 256);
    }

    /// <summary>
    /// One training run (<paramref name="run"/>: 0 the first, 1, 2, … fresh runs) of <paramref name="training"/>'s parts on
    /// both of the run's drawn laws, the fresh networks from <paramref name="freshTraining"/>, their samples and losses
    /// scored; the training, sampling and loss generators are salted by <paramref name="trainingSalt"/> (the reference's
    /// apart from the hand-in's), the data's not. Every call of the sampling is probed (<see cref="SamplingProbes"/>: the
    /// kept rows again in <paramref name="training"/>'s process, in calls of the training's <paramref name="batch"/>).
    /// </summary>
    private (CheckResult? Failure, IReadOnlyList<DataSetScores> Scores) Train(CheckContext context, HandinCall call, IDtuTrainingRun training, IDtuTrainingRun freshTraining,
        int batch, int run, ulong trainingSalt, int steps, out IReadOnlyList<Plot>? plots)
    {
        var drawn = new List<Plot?>();
        plots = null;
        var s = Design;
        var schedule = s.Schedule();
        var law = Law(context);
        var scores = new List<DataSetScores>();
        foreach (var (k, name, distribution) in Laws(law))
        {
            var salt = 16UL * (ulong)(k + 1) + 64UL * (ulong)run;
            var data = DtuToyData.TrainingData(distribution, s.TrainingPoints, context.NewGenerator(salt + 1));
            var heldOut = TrainAndSample.ToMatrix(DtuToyData.TrainingData(distribution, s.HeldOut, context.NewGenerator(salt + 2)));
            var lossPoints = DtuToyData.TrainingData(distribution, s.LossPoints, context.NewGenerator(salt + 6));
            salt += trainingSalt;
            var setUp = TrainAndSample.SetUp(data, schedule, steps) + $"; the laws drawn for this run: {law}";
            var clock = System.Diagnostics.Stopwatch.StartNew();
            // The loop grades NegativeElbo as the loss part before its first step: a wrong loss fails before any training.
            var failed = call.Run($"the grader's training of your parts (Model, Settings), your NegativeElbo graded first as the loss, {name}",
                () => training.Train(data, schedule, steps, context.NewGenerator(salt + 3), context.NewGenerator(salt + 8)), out var outcome);
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

            // Every call of the sampling probed (issue 79 item 2): rows kept for the training's process, earlier calls again between the sampler's.
            var probes = new SamplingProbes(schedule.T, context.NewGenerator(salt + 9));
            network = probes.Wrap(Grader.Remote.Channel.RemoteProxy.InCallersGradMode(network!));
            var failedSampling = TrainAndSample.Sample(call, network, schedule, ReverseVariance.Beta, s.Samples, 2, context.NewGenerator(salt + 4), out var samples, out var sampleTime);
            if (failedSampling is null)
                drawn.Add(TrainAndSample.SamplesOverData($"{name}: samples from your trained network over held-out points of the law drawn for this run (a subset of each shown)", "x", samples, heldOut));
            drawn.Add(TrainAndSample.NoisePrediction(call, network, schedule, heldOut, context.NewGenerator(salt + 5),
                $"{name}: true versus predicted noise, held-out points of the law drawn for this run noised to z_t, first coordinate"));
            plots = FeedbackPlots.List(drawn);
            if (failedSampling is not null) return (failedSampling with { Plots = plots }, scores);
            if (TrainAndSample.HeldOutLoss(call, network, schedule, lossPoints, schedule.T / 2, context.NewGenerator(salt + 7), out var loss) is { } failedLoss)
                return (failedLoss with { Plots = plots }, scores);
            if (TrainAndSample.SameFunction(call, probes, () => training.Trained(data.size(1), schedule.T, context.NewGenerator(salt + 3), outcome!.Values), batch) is { } changed)
                return (changed with { Plots = plots, TutorDetail = setUp }, scores);
            scores.Add(Score(law, name, samples, heldOut) with { Loss = loss, TrainTime = trainTime, SampleTime = sampleTime, MaxValueDeviation = deviation });
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

    /// <summary>The data sets of the run's laws in the order of the runs' salts.</summary>
    private static (int K, string Name, IToyDistribution Law)[] Laws(DtuToyLaw law) => [(0, "TwoGaussians", law.TwoGaussians()), (1, "Chequerboard", law.Chequerboard())];

    public CheckResult Run(CheckContext context) => Decide(context).Result;

    /// <summary>
    /// The check's decision (<see cref="IndifferenceZone"/>) against the bounds the reference's scores on the run's laws
    /// give (<see cref="Settings.Bounds"/>), with the scores of every training run it took: the first, and the fresh runs
    /// when the first was undecided. The result carries the first run's plots.
    /// </summary>
    public (CheckResult Result, IReadOnlyList<IReadOnlyList<DataSetScores>> Runs) Decide(CheckContext context)
    {
        var (failure, first) = Measure(context, 0, out var plots);
        if (failure is not null) return (failure, []);
        var reference = Reference(context);
        var (failed, runs) = IndifferenceZone.Runs(Design.Bounds(reference), Settings.Values, first, run => Measure(context, run, out _));
        return ((failed ?? Verdict(runs, reference, Law(context))) with { Plots = plots }, runs);
    }

    /// <summary>
    /// The scores of samples (in [−1, 1]²) of data set <paramref name="dataSet"/> ("TwoGaussians" or "Chequerboard") of
    /// <paramref name="law"/> against held-out points; also used for the sampler-free controls of the tests.
    /// </summary>
    public static DataSetScores Score(DtuToyLaw law, string dataSet, double[,] samples, double[,] heldOut)
    {
        ArgumentNullException.ThrowIfNull(law);
        var (mmd, energy) = TrainAndSample.Distances(samples, heldOut);
        double? fraction = dataSet == "Chequerboard" ? SupportFraction(law.Chequerboard(), samples) : null;
        return new DataSetScores(dataSet, mmd, energy, fraction, TimeSpan.Zero, TimeSpan.Zero);
    }

    /// <summary>The check's result for one run's scores of both data sets, which must not be undecided (the sampler-free controls).</summary>
    public CheckResult Verdict(IReadOnlyList<DataSetScores> scores, IReadOnlyList<double> reference, DtuToyLaw law) => Verdict([scores], reference, law);

    /// <summary>The check's result for the first run's scores and, when those are undecided, the fresh runs', against the reference's on <paramref name="law"/>.</summary>
    public CheckResult Verdict(IReadOnlyList<IReadOnlyList<DataSetScores>> runs, IReadOnlyList<double> reference, DtuToyLaw law)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(law);
        var s = Design;
        var bounds = s.Bounds(reference);
        var schedule = s.Schedule();
        var deviation = runs[0].Max(r => r.MaxValueDeviation);
        var referenceText = string.Join(", ", bounds.Select((b, i) => $"{b.Name} {reference[i].ToString("G3", CultureInfo.InvariantCulture)}"));
        var setUp = $"the grader's loop: {s.Steps} Adam steps of your parts per data set on {s.TrainingPoints} points of laws drawn for this run ({law}; mapped to [−1, 1]²), Adam on the grader's negative ELBO of your network's outputs (your NegativeElbo graded first on 8 of the training's batches with the grader's network: within {deviation:G3} of the formula, relative), T = {schedule.T}, β {schedule.Betas[0]:G3} … {schedule.Betas[^1]:G3}, {s.Samples} samples drawn by the reference sampler (Algorithm 2, σ_t² = β_t, t/T) from a fresh network holding the trained values, compared with {s.HeldOut} fresh points, and the denoising loss at t ≥ T/2 on {s.LossPoints} fresh points; the reference network trained by the same loop on the same laws scored {referenceText}; {runs.Count} training run(s)";
        const string judged = "samples drawn from your trained networks by the reference sampler (Algorithm 2, σ_t² = β_t, so only your training is judged) compared with fresh points of each data set, and the networks' denoising loss ‖ε − ε̂‖² at t ≥ T/2 on fresh points; the bounds follow the reference network trained the same way on the same laws";
        return IndifferenceZone.Verdict(Id, SheetRef, bounds, [.. runs.Select(Settings.Values)], setUp,
            decided => $"The grader trained your parts on a TwoGaussians and a Chequerboard drawn for this run, and the trained networks give samples close to them ({judged}): {decided}.",
            decided => $"The grader trained your parts on a TwoGaussians and a Chequerboard drawn for this run (other centres, spreads and weights, another size, position, turn and set of squares than the sheet's), and the trained networks' samples, or their noise predictions, are too far from those laws ({judged}): {decided}. The grader trained your parts with its own loop, on its own negative ELBO of your network's outputs (your NegativeElbo passed its check first), so the parts that decide this are your settings and your model: the learning rate (ddpm.py's Adam uses 1e-3; a far larger one leaves the network's error large where the noise dominates, at t ≥ T/2, even when its samples look right), the batch size, and a network able to learn ε̂ from the data it is trained on, from z_t and t/T.");
    }

    /// <summary>The fraction of samples (in [−1, 1]²) whose image in [0, 1]² lies on one of <paramref name="board"/>'s squares.</summary>
    public static double SupportFraction(DtuToyLaw.Board board, double[,] samples)
    {
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(samples);
        var n = samples.GetLength(0);
        var hit = 0;
        for (var i = 0; i < n; i++)
            if (board.InSupport(samples[i, 0] / 2 + 0.5, samples[i, 1] / 2 + 0.5)) hit++;
        return (double)hit / n;
    }
}
