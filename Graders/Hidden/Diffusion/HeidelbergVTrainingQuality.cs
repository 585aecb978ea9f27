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
/// Sheet 000, ex. 1 (a), "train the model on the V data set, then sample" (task 000/1a/train-and-sample, hidden): the
/// GRADER trains the hand-in's parts (<see cref="IDiffusionTrainingParts"/>: the ε-network, the loss of one batch, the
/// settings) with its own loop and optimiser (<see cref="IDiffusionTrainingRun"/>, <c>GraderTraining</c>; issue 66), and
/// the REFERENCE sampler (the notebook's reverse process, σ_t² = β̃_t) draws samples close to the V from a fresh network
/// that holds only the trained parameter values.
/// </summary>
/// <remarks>
/// <para>
/// <b>Procedure.</b> A V drawn for the run from the run's seed (<see cref="VLaw"/>, issue 79: turned by 0.3 … 0.5 rad
/// either way, half-angle 0.45 … 0.75 rad, arm lengths 3.0 … 4.2, noise 0.08 … 0.12, vertex in [−1, 1]²; 8000 points
/// drawn as the notebook draws its V, standardised per dimension), T = 250, β linear 1e-4 … 0.02, <see cref="Settings.Steps"/> Adam
/// steps of the grader's loop at the student's learning rate and batch size (within the loop's bounds), the network's
/// weights from one generator of the grading seed and every batch, t and ε from another. The hand-in never learns the
/// geometry (only batches of standardised points reach the training), so a closed form of the V the sheet prints is a
/// closed form of the wrong law (cheat <c>v-closed-form-of-the-sheet-law</c>). The loop steps on the gradient of the
/// grader's own loss, Algorithm 1's formula of the network's outputs (issue 79: no term of the hand-in's loss reaches a
/// parameter); before training it grades the hand-in's loss as its own part on the draws of drawn steps, with a
/// grader-owned stand-in network (inputs, value and gradient with respect to ε̂, exact within float32 bounds), and on
/// every step it checks that only the optimiser changed the parameters; after the last step the trained values
/// cross, as tensors of the shapes the model declared, into a fresh network from a fresh instance of the parts, which
/// must answer as the trained one did. A failure there ends the check, charged to the part that failed (model, loss or
/// settings). The trained values then cross once more, into a network built in a FRESH process of the hand-in
/// (<see cref="CheckContext.TryFresh{T}"/>: a second host beside a hand-in, where no Loss ran and no static field of the
/// training survives; in process the same one). Then 2000 samples from that network by the reference's σ² = β̃ sampler fed t/T; scores against 2000
/// points of an independent draw of the same V in the training set's standardisation: MMD²_u (pooled median-heuristic
/// bandwidth), the U-statistic squared energy distance, and the fraction of samples within 0.3 (three noise standard
/// deviations of the sheet's V, in raw units) of an arm of the drawn V. The reference's parts (the notebook's network and
/// settings) are trained by the same loop on the same V and scored the same way, once per run seed
/// (<see cref="Reference"/>); the bounds follow its scores.
/// </para>
/// <para>
/// <b>What went.</b> The hand-in no longer runs a loop, so the budget response (a smaller budget's loss), the loss
/// profile over bands of t, the smaller budget's tilt and the backward-pass count of the old hand-in-loop (<c>Train</c>)
/// check are gone: the step count, the batches, the noise levels and the optimiser are the grader's, and what they were
/// there to catch (a closed-form denoiser, passes thrown away, a few noise levels, a tenth of the budget) cannot be
/// written as parts, or is caught by the loop's per-step checks.
/// </para>
/// <para>
/// <b>Why the reference sampler</b>: as in <see cref="DtuToyDataTrainingQuality"/>, a sampler bug must cost only the
/// sampler's points.
/// </para>
/// <para>
/// <b>Feedback plots</b> (on a pass and on a failure once the training ran): the samples over the held-out V (at most
/// 1000 of each, standardised coordinates, equal aspect); and the true versus predicted noise, 100 held-out points noised
/// at t = 25, 125 and 225 (code indices), ε₁ against the network's ε̂₁, with the line y = x.
/// </para>
/// <para>
/// <b>Decision</b> (<see cref="Settings.Bounds"/>, <see cref="IndifferenceZone"/>): each bound is the reference's score
/// on the run's V moved by a margin (on the V: clearly good ≥ r − 0.05, fresh-run mean ≥ r − 0.085, clearly bad
/// &lt; r − 0.10, none below the absolute floor 0.85; MMD²: clearly good ≤ r + 0.006, fresh-run median ≤ r + 0.02, at most
/// 0.04; energy²: ≤ r + 0.02, median ≤ r + 0.075, at most 0.15; MMD² and energy² have no clearly-bad bound). The first
/// run passes when every score is within its clearly-good bound and fails when one is beyond its clearly-bad bound; in
/// between, <see cref="IndifferenceZone.FreshRuns"/> fresh runs decide. <b>Calibration</b>
/// (docs/measurements/2026-11-28-v-training-bounds.md, <c>VTrainingBoundsCalibration</c>): the reference, the Correct
/// example and every legitimate network of <c>Submissions/Examples/Diffusion/Legit</c> (the notebook's own, SiLU, ELU,
/// tanh, wider and deeper, another learning rate and batch) over grading seeds 1 … 20. <b>False-fail rate per hand-in</b>
/// ≤ 2e-4 for the worst legitimate network (ELU: its on-V fraction r − 0.032 ± 0.010; a normal model with the sd's 95 %
/// upper confidence bound gives P(first run &lt; r − 0.10) ≈ 1e-6 and P(fresh mean &lt; r − 0.085) ≤ 1e-4 counting the
/// single-run sd for the mean of three; MMD² and energy², by a peaks-over-threshold exponential tail fitted to the top
/// tenth of the 160 legitimate runs' excess over the reference, ≈ 4e-5 per run beyond the fresh bound, so 3p² ≈ 5e-9 for
/// the median of three). <b>Power</b>: the closed form of the sheet's V (r − 0.43 ± 0.06 on the V, at most 0.65) and Adam at 1e-5 (a
/// setting within the loop's bounds that does not train in the budget; r − 0.49 ± 0.03) fail on the first run on 20 of
/// 20 seeds (≥ 5.5 sd beyond r − 0.10, and below the floor); an untrained network (≈ 0.3 on the V) likewise; samples of one arm only (all on the V)
/// are never clearly good and fail the fresh bounds on MMD² and energy² (<c>Sampler_free_controls</c>). The training
/// mutants of the parts (<c>Mutants/training-parts-*</c>) are stopped by the loop's per-step checks before any score.
/// </para>
/// </remarks>
public sealed class HeidelbergVTrainingQuality : ITrainingCheck
{
    /// <summary>
    /// Budget and bounds. Each bound is the REFERENCE's score on the run's drawn V (<see cref="Reference"/>) moved by a
    /// margin, held to an absolute floor (on the V) or ceiling (MMD², energy²) whatever the reference scored; the margins
    /// and floors come from the calibration over the legitimate networks (docs/measurements/2026-11-28-v-training-bounds.md).
    /// </summary>
    /// <param name="Steps">The grader's optimiser steps for the hand-in's parts.</param>
    /// <param name="Samples">Samples drawn from the trained network.</param>
    /// <param name="HeldOut">Points of the independent V draw the samples are compared with.</param>
    /// <param name="PassMmd">Clearly-good margin of MMD²_u above the reference's.</param>
    /// <param name="FreshMmd">Margin of the fresh runs' median MMD²_u above the reference's.</param>
    /// <param name="CeilingMmd">Absolute ceiling on every MMD² bound.</param>
    /// <param name="PassEnergy">Clearly-good margin of the squared energy distance above the reference's.</param>
    /// <param name="FreshEnergy">Margin of the fresh runs' median squared energy distance above the reference's.</param>
    /// <param name="CeilingEnergy">Absolute ceiling on every energy² bound.</param>
    /// <param name="PassOnV">Clearly-good margin of the on-V fraction below the reference's.</param>
    /// <param name="FreshOnV">Margin of the fresh runs' mean fraction below the reference's.</param>
    /// <param name="MinOnV">Clearly-bad margin of the fraction below the reference's.</param>
    /// <param name="FloorOnV">Absolute floor under every on-V bound.</param>
    /// <param name="ArmDistance">The distance from an arm (raw units) that counts as "on the V".</param>
    /// <param name="ReferenceSteps">The grader's optimiser steps for the reference's parts (the full budget, whatever <paramref name="Steps"/> is).</param>
    public sealed record Settings(
        int Steps = TrainingPreset.HeidelbergGradingSteps,
        int Samples = 2000,
        int HeldOut = 2000,
        double PassMmd = 0.006,
        double FreshMmd = 0.02,
        double CeilingMmd = 0.04,
        double PassEnergy = 0.02,
        double FreshEnergy = 0.075,
        double CeilingEnergy = 0.15,
        double PassOnV = 0.05,
        double FreshOnV = 0.085,
        double MinOnV = 0.10,
        double FloorOnV = 0.85,
        double ArmDistance = 0.3,
        int ReferenceSteps = TrainingPreset.HeidelbergGradingSteps)
    {
        /// <summary>The notebook's schedule: T = 250, β linear 1e-4 … 0.02.</summary>
        public NoiseSchedule Schedule() => new(BetaSchedule.Linear(250, 1e-4, 0.02).Beta);

        /// <summary>The bounds of the scores, in the order of <see cref="VScores.Values"/>, given the reference's scores on the run's V.</summary>
        public IReadOnlyList<ScoreBound> Bounds(VScores reference)
        {
            ArgumentNullException.ThrowIfNull(reference);
            double Up(double score, double margin, double ceiling) => Math.Min(score + margin, ceiling);
            double Down(double score, double margin) => Math.Max(score - margin, FloorOnV);
            return
            [
                new("MMD²", Up(reference.Mmd, PassMmd, CeilingMmd), Up(reference.Mmd, FreshMmd, CeilingMmd), double.PositiveInfinity, FreshMedian: true),
                new("energy²", Up(reference.Energy, PassEnergy, CeilingEnergy), Up(reference.Energy, FreshEnergy, CeilingEnergy), double.PositiveInfinity, FreshMedian: true),
                new("on the V", Down(reference.OnV, PassOnV), Down(reference.OnV, FreshOnV), Down(reference.OnV, MinOnV), HigherIsBetter: true),
            ];
        }
    }

    /// <summary>The scores, with the time the grader's training and the reference sampling took.</summary>
    /// <param name="MaxLossDeviation">The largest relative difference of the hand-in's loss from the formula on the loss part's replayed batches (the loop's margin).</param>
    public sealed record VScores(double Mmd, double Energy, double OnV, TimeSpan TrainTime, TimeSpan SampleTime)
    {
        public double MaxLossDeviation { get; init; } = double.NaN;

        /// <summary>The scores in the order of <see cref="Settings.Bounds"/>.</summary>
        public IReadOnlyList<double> Values => [Mmd, Energy, OnV];
    }

    public HeidelbergVTrainingQuality(Settings? settings = null)
    {
        Design = settings ?? new Settings();
    }

    public Settings Design { get; }

    public string Id => "diffusion.heidelberg.v-training-quality";

    public string SheetRef => DeferredCheck.SheetRefOf(Id);

    /// <summary>The salts of the law's draw and of the reference's generators, apart from every run's (16·run + 1 … 7).</summary>
    private const ulong LawSalt = 0x7A1A, ReferenceSalt = 0x7EF0;

    /// <summary>The run's V: drawn from the run's seed, the same for the first and the fresh runs and for the reference.</summary>
    public static VLaw Law(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return VLaw.Draw(context.NewGenerator(LawSalt));
    }

    /// <summary>
    /// The reference's scores per run seed and the settings they depend on (samples, held-out points, the reference's
    /// steps, the arm distance): a run grades many hand-ins on one seed, so the reference trains once. 64 keys: the
    /// 20-seed sweeps of the calibration grade one network after another on every seed.
    /// </summary>
    private static readonly SeedCache<(ulong Seed, int Samples, int HeldOut, int ReferenceSteps, double ArmDistance), VScores> References = new(capacity: 64);

    /// <summary>
    /// The reference's scores on the run's drawn V: the reference's parts (<see cref="ReferenceDiffusionTrainingParts"/>)
    /// trained by the same loop at <see cref="Settings.ReferenceSteps"/> on the first run's training set, sampled and
    /// scored against its held-out points as a hand-in is, from generators of their own (so they are independent of the
    /// hand-in's). Computed once per run seed and settings in this process.
    /// </summary>
    public VScores Reference(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return References.For((context.Seed, Design.Samples, Design.HeldOut, Design.ReferenceSteps, Design.ArmDistance), () =>
        {
            var parts = new ReferenceDiffusionTrainingParts();
            var training = DiffusionTrainingRun.InProcess(parts);
            var (failure, scores) = Train(context, new HandinCall(Id, SheetRef), training, training, parts.Settings().BatchSize, 0, ReferenceSalt, Design.ReferenceSteps, out _);
            return scores ?? throw new InvalidOperationException($"the reference's training failed on the run's V (a grader defect): {failure?.Message}");
        });
    }

    /// <summary>Trains and scores the first run; a failure of the hand-in's code ends it with that result.</summary>
    public (CheckResult? Failure, VScores? Scores) Measure(CheckContext context) => Measure(context, 0, out _);

    /// <summary><see cref="Measure(CheckContext)"/> with the feedback plots of the first run (see the overload with a run).</summary>
    public (CheckResult? Failure, VScores? Scores) Measure(CheckContext context, out IReadOnlyList<Plot>? plots) => Measure(context, 0, out plots);

    /// <summary>
    /// Training run <paramref name="run"/> (0: the first; 1, 2, …: fresh runs, every generator salted apart) on the run's
    /// drawn V (<see cref="Law"/>), with the feedback plots drawn from the trained network (null when training failed):
    /// the samples over the held-out V, and the true versus predicted noise. A failure of the sampling carries the plots
    /// it could draw.
    /// </summary>
    public (CheckResult? Failure, VScores? Scores) Measure(CheckContext context, int run, out IReadOnlyList<Plot>? plots)
    {
        ArgumentNullException.ThrowIfNull(context);
        plots = null;
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<IDiffusionTrainingParts>(context, out var parts) is { } unresolved) return (unresolved, null);
        // The grader's loop where the hand-in lives (its host answers the run's contract with it); in process, on the parts here.
        var training = context.TryHandin<IDiffusionTrainingRun>() ?? DiffusionTrainingRun.InProcess(parts);
        // The trained values cross, as tensors of the declared shapes, into a fresh process of the hand-in (a second host beside
        // a hand-in, issue 66 item 1; in process the same one): nothing else of the training, static fields included, survives there.
        return Train(context, call, training, context.TryFresh<IDiffusionTrainingRun>() ?? training, TrainAndSample.TrainingBatch(call, parts.Settings), run, 16UL * (ulong)run, Design.Steps, out plots);
    }

    /// <summary>
    /// One training of <paramref name="training"/>'s parts on the run's V, the fresh network from <paramref name="freshTraining"/>,
    /// its samples probed (<see cref="SamplingProbes"/>: the kept rows again in <paramref name="training"/>'s process, in
    /// calls of the training's <paramref name="batch"/>) and scored.
    /// </summary>
    private (CheckResult? Failure, VScores? Scores) Train(CheckContext context, HandinCall call, IDiffusionTrainingRun training, IDiffusionTrainingRun freshTraining,
        int batch, int run, ulong salt, int steps, out IReadOnlyList<Plot>? plots)
    {
        plots = null;
        var s = Design;
        var schedule = s.Schedule();
        var law = Law(context);
        var dataSalt = 16UL * (ulong)run;
        var train = law.Sample(context.NewGenerator(dataSalt + 1));
        var other = law.Sample(context.NewGenerator(dataSalt + 2));
        var rows = context.NewGenerator(dataSalt + 3).Permutation(other.Count).Take(s.HeldOut).ToArray();
        var heldOut = TrainAndSample.ToMatrix(train.Standardisation.Apply(other.Raw).index_select(0, rows));
        var setUp = TrainAndSample.SetUp(train.Data, schedule, steps) + $"; the V drawn for this run: {law}";

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var failed = call.Run("the grader's training of your parts (Model, Loss, Settings)",
            () => training.Train(train.Data, schedule, steps, context.NewGenerator(salt + 4), context.NewGenerator(salt + 7)), out var outcome);
        var trainTime = clock.Elapsed;
        if (failed is not null) return (failed.WithTutorDetail(setUp), null);
        if (outcome is null) return (call.Error("the grader's training returned no outcome (a grader defect).") with { TutorDetail = setUp }, null);
        if (outcome.FailedPart is { } part)
            return (call.Fail(Parts.Stopped("its batches, t, ε and Adam's steps on Algorithm 1's loss of your network's outputs; your Loss graded first, on the grader's own network", part, outcome.Reason)) with { TutorDetail = setUp }, null);
        if (call.Run("Model(d, T, generator) for the fresh network the trained values go into",
                () => freshTraining.Trained(train.Data.size(1), schedule.T, context.NewGenerator(salt + 4), outcome.Values), out var network) is { } noFresh)
            return (noFresh.WithTutorDetail(setUp), null);
        if (network is null) return (call.Fail("a fresh network from your Model(d, T, generator) was null.") with { TutorDetail = setUp }, null);
        // Every call of the sampling probed (issue 79 item 2): rows kept for the training's process, earlier calls again between the sampler's.
        var probes = new SamplingProbes(schedule.T, context.NewGenerator(salt + 8));
        network = probes.Wrap(Grader.Remote.Channel.RemoteProxy.InCallersGradMode(network));

        var failedSampling = TrainAndSample.Sample(call, network, schedule, ReverseVariance.BetaTilde, s.Samples, 2, context.NewGenerator(salt + 5), out var samples, out var sampleTime);
        var noisePlot = TrainAndSample.NoisePrediction(call, network, schedule, heldOut, context.NewGenerator(salt + 6),
            "True versus predicted noise: held-out V points noised to z_t, first coordinate");
        if (failedSampling is not null)
        {
            plots = FeedbackPlots.List([noisePlot]);
            return (failedSampling with { Plots = plots }, null);
        }

        if (TrainAndSample.SameFunction(call, probes, () => training.Trained(train.Data.size(1), schedule.T, context.NewGenerator(salt + 4), outcome.Values), batch) is { } changed)
        {
            plots = FeedbackPlots.List([noisePlot]);
            return (changed with { Plots = plots, TutorDetail = setUp }, null);
        }

        plots = FeedbackPlots.List([
            TrainAndSample.SamplesOverData("Samples from your trained network over held-out points of the V drawn for this run (standardised; a subset of each shown)", "x", samples, heldOut),
            noisePlot,
        ]);
        return (null, Score(law, train.Standardisation, samples, heldOut) with { TrainTime = trainTime, SampleTime = sampleTime, MaxLossDeviation = outcome.MaxLossDeviation });
    }

    /// <summary>The parts a training failure is charged to, as the feedback names them.</summary>
    private static readonly PartFeedback Parts = new(
        "Model: the ε-network and its Parameters()",
        "Loss: Algorithm 1's loss of one batch",
        PartFeedback.OnlyItsParameters("network", "ε̂ from its inputs"),
        "The loss must be the mean over the batch and the dimensions of (ε − ε̂(z_t, t/T))² with z_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε, ᾱ_t the product of (1 − β_s) up to and including the code index t, computed from the network you are given and changing nothing.");

    public CheckResult Run(CheckContext context) => Decide(context).Result;

    /// <summary>
    /// The check's decision (<see cref="IndifferenceZone"/>) against the bounds the reference's scores on the run's V give
    /// (<see cref="Settings.Bounds"/>), with the scores of every training run it took: the first, and the fresh runs when
    /// the first was undecided. The result carries the first run's plots.
    /// </summary>
    public (CheckResult Result, IReadOnlyList<VScores> Runs) Decide(CheckContext context)
    {
        var (failure, first) = Measure(context, 0, out var plots);
        if (failure is not null) return (failure, []);
        var reference = Reference(context);
        var bounds = Design.Bounds(reference);
        var (failed, runs) = IndifferenceZone.Runs(bounds, r => r.Values, first!, run => Measure(context, run, out _));
        return ((failed ?? Verdict(runs, reference, Law(context))) with { Plots = plots }, runs);
    }

    /// <summary>The scores of samples (standardised coordinates) against held-out points of <paramref name="law"/>; also used for the sampler-free controls of the tests.</summary>
    public VScores Score(VLaw law, Standardisation standardisation, double[,] samples, double[,] heldOut)
    {
        ArgumentNullException.ThrowIfNull(law);
        var (mmd, energy) = TrainAndSample.Distances(samples, heldOut);
        return new VScores(mmd, energy, law.OnV(standardisation, samples, Design.ArmDistance), TimeSpan.Zero, TimeSpan.Zero);
    }

    /// <summary>The check's result for one run's scores, which must not be undecided (the sampler-free controls).</summary>
    public CheckResult Verdict(VScores v, VScores reference, VLaw law) => Verdict([v], reference, law);

    /// <summary>The check's result for the first run's scores and, when those are undecided, the fresh runs', against the reference's on <paramref name="law"/>.</summary>
    public CheckResult Verdict(IReadOnlyList<VScores> runs, VScores reference, VLaw law)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(reference);
        var s = Design;
        var bounds = s.Bounds(reference);
        var setUp = $"the grader's loop: {s.Steps} Adam steps of your parts on a V drawn for this run ({law}; 8000 points, standardised), {s.Samples} samples drawn by the reference sampler (σ_t² = β̃_t, T = 250, β 1e-4 … 0.02, t/T) from a fresh network holding the trained values, compared with {s.HeldOut} points of an independent draw of that V; the reference network trained by the same loop on the same V scored MMD² {reference.Mmd:G3}, energy² {reference.Energy:G3}, on the V {reference.OnV:G3}; {runs.Count} training run(s); largest relative loss deviation from the formula {runs[0].MaxLossDeviation:G3}";
        return IndifferenceZone.Verdict(Id, SheetRef, bounds, [.. runs.Select(r => r.Values)], setUp,
            decided => $"The grader trained your parts on a V drawn for this run and the trained network gives samples close to it (drawn by the reference sampler, compared with fresh points of that V; the bounds follow the reference network trained the same way on the same V): {decided}.",
            decided => $"The grader trained your parts (on Algorithm 1's loss of your network's outputs; your Loss matched that formula, in value and in its gradient, on the grader's own network) on a V drawn for this run (another angle, arm lengths, width and position than the sheet's), but samples drawn from the trained network (by the reference sampler, σ_t² = β̃_t, so only the training is judged) are too far from that V, compared with fresh points of it and with the reference network trained the same way on the same V: {decided}. The parts that decide this are your settings and your model: the learning rate (the notebook's Adam uses 1e-3; a far larger or far smaller one leaves the samples off the V), the batch size, and a network able to learn ε̂ from the data it is trained on (the notebook's takes z_t and t).");
    }
}
