using Grader.Checks.Catalog;
using Grader.Checks.Diffusion;
using Grader.Contracts.Diffusion;
using Grader.Reference.Data;
using Grader.Reference.Diffusion;

namespace Grader.Checks.Hidden.Diffusion;

/// <summary>
/// Sheet 000, ex. 1 (a), "train the model on the V data set, then sample" (task 000/1a/train-and-sample, hidden): the
/// hand-in's training (<see cref="IDiffusionTraining"/>) under the grader's step budget gives a network from which the
/// REFERENCE sampler (the notebook's reverse process, σ_t² = β̃_t) draws samples close to the V.
/// </summary>
/// <remarks>
/// <para>
/// <b>Procedure.</b> The notebook's V (8000 points: two arms from the origin to (±2, 3), N(0, 0.1²) noise, standardised
/// per dimension; <see cref="HeidelbergToyData.V"/>), T = 250, β linear 1e-4 … 0.02, a budget of
/// <see cref="Settings.Steps"/> optimiser steps and a generator from the grading seed; then 2000 samples from the
/// reference's σ² = β̃ sampler fed t/T (the contract's convention for a returned network); scores against 2000 points of
/// an independent V draw in the training set's standardisation: MMD²_u (pooled median-heuristic bandwidth), the
/// U-statistic squared energy distance, and the fraction of samples within 0.3 (three noise standard deviations, in raw
/// units) of an arm of the V. The check passes when every score is within its threshold.
/// </para>
/// <para>
/// <b>Why the reference sampler</b>: as in <see cref="DtuToyDataTrainingQuality"/>, a sampler bug must cost only the
/// sampler's points.
/// </para>
/// <para>
/// <b>Feedback plots</b> (on a pass and on a failure, once the hand-in's training returned a network): the samples
/// from the trained network over the held-out V (at most 1000 of each, standardised coordinates, equal aspect); and the
/// true versus predicted noise, 100 held-out points noised at t = 25, 125 and 225 (code indices) with ε from the grading
/// seed, ε₁ against the network's ε̂₁, with the line y = x (300 extra network evaluations in one call, after the
/// sampling, so the scores are those without the plots).
/// </para>
/// <para>
/// <b>Budget.</b> The grading preset's 4000 steps (<c>TrainingPreset.HeidelbergGrading</c>, one statement of the
/// budget for the check and the reference trainer; 6000 until 2026-11-25). At 4000 steps both correct trainers' first
/// runs were clearly good on all 20 calibration seeds with the bounds below unchanged, and every training mutant was
/// caught on 20 of 20 (docs/measurements/2026-11-25-v-training-budget.md); 3000 steps left a Correct-example seed
/// undecided. The training costs two thirds of what it did: in the bundled cohort (Correct-example training, FcNetwork
/// 64, batch 256) the whole check took 1.6 s of a hand-in's CPU at 6000 steps, the training about 1.4 s of it.
/// </para>
/// <para>
/// <b>Decision</b> (<see cref="Settings.Bounds"/>, <see cref="IndifferenceZone"/>): the first training run passes when
/// every score is within its clearly-good bound and fails when one is beyond its clearly-bad bound (the former
/// single thresholds, ≥ 6 sd beyond both correct trainers); in between, <see cref="IndifferenceZone.FreshRuns"/> fresh
/// runs decide by their mean against the clearly-good bounds. MMD² and energy² are heavy-tailed (a correct training's
/// run seed 11378890285067504621 gave 0.0128 and 0.0459, 9 sd beyond the mean): since the fifth stop they have no
/// clearly-bad bound, and the fresh runs' median (<see cref="ScoreBound.FreshMedian"/>) decides them, so a correct
/// training fails only when two of three fresh runs are beyond the bound; the tail over 1000 seeds and the whole
/// check's false fail from it are in docs/measurements/2026-11-26-v-toy-training-budget-response.md ("Fifth stop").
/// The calibration over 20 grading seeds (the reference, the Correct example and every training mutant) and the power
/// per mutant are in <c>Graders/Hidden/README.md</c>.
/// </para>
/// <para>
/// <b>Training checked for the work</b> (issue 45, item 3; <see cref="BudgetResponse"/>, <see cref="NoiseBandProfile"/>;
/// docs/measurements/2026-11-26-v-toy-training-budget-response.md). Each run also trains with a drawn
/// <see cref="Settings.FractionLow"/> … <see cref="Settings.FractionHigh"/> of the budget (the same data and generator,
/// before or after the full call as drawn) and scores both networks' denoising loss over all t on the same
/// <see cref="Settings.LossPoints"/> noised fresh V points: the full budget must improve it by
/// <see cref="Settings.MinImprovement"/> and the smaller budget's loss stay ≤ <see cref="Settings.MaxFractionLoss"/>;
/// the full network's loss in <see cref="Settings.Bands"/> bands of t (one call with the loss rows, drawn order) is held
/// to <see cref="Settings.BandPass"/> (clearly good and fresh runs) and <see cref="Settings.BandMax"/> (clearly bad; eighth
/// stop: a single bound refused the reference trainer's seed 20223 at once, band 4 0.1776 > 0.17, ≈ 3e-3 per hand-in;
/// with the zones its whole-check false fail is ≈ 1.1e-4, the Correct example's ≈ 3.4e-7). On the V a correct training is nearly converged long before 4000 steps (the
/// improvement from 0.1–0.2 of the budget was 0.018 ± 0.007 for the Correct example and 0.008 ± 0.005 for the
/// reference: too little to bound; from 0.05, 0.034 ± 0.008 for the reference), so the fraction is small, 0.0275–0.03
/// (110–120 steps; 0.02–0.03 until the third stop), which also keeps the added cost small. A fixed, closed-form or kernel denoiser improves by 0 within float32 rounding (<see cref="BudgetResponse.Rounding"/>; printed as 0); a fifth of the budget (800 steps) already
/// leaves fewer than 96 % of the samples on the V.
/// </para>
/// <para>
/// <b>The smaller network's tilt</b> (third stop). A trainer that draws t from a few levels (0, T/8, …, 5T/8) keeps the
/// full network's scores on most seeds (a 4000-step network extrapolates in t/T nearly as well as it learns), but early
/// in its training the levels it never sees lag far behind. So the smaller budget's network is scored in
/// <see cref="Settings.SmallerBands"/> bands of t (each of the loss points noised once per band, one call with the loss
/// rows, drawn order), and its tilt, the loss in the noisiest <see cref="Settings.TiltBands"/> bands over the least
/// noisy ones, is bounded on both sides. The smaller budget was narrowed to 0.0275–0.03 (110–120 steps), where the tilt
/// separates best (the improvement's worst case, 120 steps, is unchanged). Calibrated on fresh seeds 21 … 120 at both
/// ends: Correct 0.2558 ± 0.0093, reference 0.2536 ± 0.0100 (110 steps), bounds at the worse mean ± 4.3 sd; the cheat
/// 0.356 ± 0.019, its lowest 0.307 of 200 runs; the figures and the other level sets tried are in the measurements file.
/// Since the eighth stop those bounds are clearly good and fresh, and <see cref="Settings.BadMaxTilt"/> and
/// <see cref="Settings.BadMinTilt"/> clearly bad (the reference's first runs over 326 seeds reach 0.2956 and 0.2303).
/// </para>
/// </remarks>
public sealed class HeidelbergVTrainingQuality : ITrainingCheck
{
    /// <summary>
    /// Budget and bounds, calibrated as the type's remarks describe: the clearly-bad bounds (Min…) are ≥ 6 sd
    /// beyond the mean of both correct trainers; MMD² and energy² have none (heavy-tailed, fifth stop: their fresh runs'
    /// median decides); the clearly-good bounds (Pass…) ≥ 2.2 sd beyond it (on the V, the reference trainer's; MMD² and
    /// energy² ≥ 3.3 sd); the fresh-run bounds (Fresh…) ≥ 4.4 sd of a mean of three.
    /// </summary>
    /// <param name="Steps">The optimiser-step budget.</param>
    /// <param name="Samples">Samples drawn from the trained network.</param>
    /// <param name="HeldOut">Points of the independent V draw the samples are compared with.</param>
    /// <param name="PassMmd">Clearly-good bound on MMD²_u.</param>
    /// <param name="FreshMmd">Bound on the fresh runs' median MMD²_u.</param>
    /// <param name="MaxMmd">Clearly-bad bound on MMD²_u: none (infinity) since the fifth stop, MMD² being heavy-tailed.</param>
    /// <param name="PassEnergy">Clearly-good bound on the squared energy distance.</param>
    /// <param name="FreshEnergy">Bound on the fresh runs' median squared energy distance.</param>
    /// <param name="MaxEnergy">Clearly-bad bound on the squared energy distance: none (infinity) since the fifth stop.</param>
    /// <param name="PassOnV">Clearly-good lower bound on the fraction of samples within <see cref="ArmDistance"/> of an arm.</param>
    /// <param name="FreshOnV">Lower bound on the fresh runs' mean fraction.</param>
    /// <param name="MinOnV">Clearly-bad lower bound on that fraction.</param>
    /// <param name="ArmDistance">The distance from an arm (raw units) that counts as "on the V".</param>
    /// <param name="SmallerBands">Bands of t of the smaller budget's network's profile (8000 rows each).</param>
    /// <param name="TiltBands">Bands at each end of that profile whose losses make its tilt (<see cref="NoiseBandProfile.Tilt"/>).</param>
    /// <param name="BandPassLoss">Clearly-good (and fresh-run) bounds of the full network's bands (null: <see cref="BandPass"/>'s).</param>
    /// <param name="BandMaxLoss">Clearly-bad bounds of those bands (null: <see cref="BandMax"/>'s).</param>
    /// <param name="MaxTilt">Clearly-good (and fresh-run) bound on the tilt from above (a training that never sees the noisiest levels).</param>
    /// <param name="BadMaxTilt">Clearly-bad bound on the tilt from above.</param>
    /// <param name="MinTilt">Clearly-good (and fresh-run) bound on the tilt from below (a training that never sees the least noisy levels).</param>
    /// <param name="BadMinTilt">Clearly-bad bound on the tilt from below.</param>
    public sealed record Settings(
        int Steps = TrainingPreset.HeidelbergGradingSteps,
        int Samples = 2000,
        int HeldOut = 2000,
        double PassMmd = 0.0075,
        double FreshMmd = 0.0075,
        double MaxMmd = double.PositiveInfinity,
        double PassEnergy = 0.027,
        double FreshEnergy = 0.027,
        double MaxEnergy = double.PositiveInfinity,
        double PassOnV = 0.981,
        double FreshOnV = 0.979,
        double MinOnV = 0.96,
        double ArmDistance = 0.3,
        int LossPoints = 8000,
        double FractionLow = 0.0275,
        double FractionHigh = 0.03,
        double MaxFractionLoss = 0.62,
        double MinImprovement = 0.02,
        int Bands = 4,
        double[]? BandPassLoss = null,
        double[]? BandMaxLoss = null,
        int SmallerBands = 10,
        int TiltBands = 3,
        double MaxTilt = 0.297,
        double BadMaxTilt = 0.326,
        double MinTilt = 0.21,
        double BadMinTilt = 0.199)
    {
        /// <summary>The budget response's fractions and bounds (<see cref="BudgetResponse"/>).</summary>
        public BudgetResponse Response => new(FractionLow, FractionHigh, MaxFractionLoss, MinImprovement);

        /// <summary>The clearly-good (and fresh-run) bounds of the loss profile's bands, lowest noise first.</summary>
        public IReadOnlyList<double> BandPass => BandPassLoss ?? [0.73, 0.555, 0.385, 0.17];

        /// <summary>
        /// The clearly-bad bounds of the bands (eighth stop): the most extreme first run of the reference (326 seeds) and
        /// the Correct example (1037) + 3 sd of the worse one's rows, or its mean + 4.75 sd if farther, rounded outward, and
        /// never inside <see cref="BandPass"/> (band 3: by the rule 0.383, so it keeps its single bound 0.385).
        /// </summary>
        public IReadOnlyList<double> BandMax => BandMaxLoss ?? [0.733, 0.56, 0.385, 0.188];

        /// <summary>The notebook's schedule: T = 250, β linear 1e-4 … 0.02.</summary>
        public NoiseSchedule Schedule() => new(BetaSchedule.Linear(250, 1e-4, 0.02).Beta);

        /// <summary>The bounds of the scores, in the order of <see cref="VScores.Values"/>.</summary>
        public IReadOnlyList<ScoreBound> Bounds =>
        [
            new("MMD²", PassMmd, FreshMmd, MaxMmd, FreshMedian: true),
            new("energy²", PassEnergy, FreshEnergy, MaxEnergy, FreshMedian: true),
            new("on the V", PassOnV, FreshOnV, MinOnV, HigherIsBetter: true),
            .. Response.Bounds,
            .. Enumerable.Range(0, Bands).Select(k => new ScoreBound($"held-out denoising loss in noise band {k + 1} of {Bands} (1: the lowest noise)", BandPass[k], BandPass[k], BandMax[k])),
            .. TiltBounds,
        ];

        /// <summary>The two bounds of the smaller budget's network's tilt (<see cref="NoiseBandProfile.Tilt"/>): from above, then from below.</summary>
        public IReadOnlyList<ScoreBound> TiltBounds
        {
            get
            {
                var name = $"smaller budget's loss in the noisiest {TiltBands} of {SmallerBands} noise bands over the least noisy {TiltBands}";
                return [new(name, MaxTilt, MaxTilt, BadMaxTilt), new(name, MinTilt, MinTilt, BadMinTilt, HigherIsBetter: true)];
            }
        }
    }

    /// <summary>The scores, with the time the hand-in's training and the reference sampling took.</summary>
    /// <param name="Loss">The full budget's held-out denoising loss over all t (the rows the smaller budget is scored on).</param>
    /// <param name="FractionLoss">The smaller budget's loss on the same noised rows.</param>
    /// <param name="Profile">The full budget's loss per band of t (<see cref="NoiseBandProfile"/>).</param>
    /// <param name="SmallerProfile">The smaller budget's loss per band of t (<see cref="Settings.SmallerBands"/> bands).</param>
    /// <param name="Tilt">That profile's <see cref="NoiseBandProfile.Tilt"/> over <see cref="Settings.TiltBands"/> bands at each end.</param>
    public sealed record VScores(double Mmd, double Energy, double OnV, TimeSpan TrainTime, TimeSpan SampleTime)
    {
        public double Loss { get; init; } = double.NaN;

        public double FractionLoss { get; init; } = double.NaN;

        public IReadOnlyList<double> Profile { get; init; } = [];

        public IReadOnlyList<double> SmallerProfile { get; init; } = [];

        public double Tilt { get; init; } = double.NaN;

        /// <summary>The loss's improvement from the smaller budget to the full one (same data, generator and noised rows).</summary>
        public double Improvement => FractionLoss - Loss;

        /// <summary>The scores in the order of <see cref="Settings.Bounds"/>.</summary>
        public IReadOnlyList<double> Values => WithImprovement(Improvement);

        /// <summary><see cref="Values"/> as feedback prints them: the improvement 0 within float32 rounding (<see cref="BudgetResponse.ShownImprovement"/>).</summary>
        public IReadOnlyList<double> Shown(BudgetResponse response)
        {
            ArgumentNullException.ThrowIfNull(response);
            return WithImprovement(response.ShownImprovement(Loss, FractionLoss));
        }

        private IReadOnlyList<double> WithImprovement(double improvement) => [Mmd, Energy, OnV, FractionLoss, improvement, .. Profile, Tilt, Tilt];
    }

    public HeidelbergVTrainingQuality(Settings? settings = null)
    {
        Design = settings ?? new Settings();
    }

    public Settings Design { get; }

    public string Id => "diffusion.heidelberg.v-training-quality";

    public string SheetRef => DeferredCheck.SheetRefOf(Id);

    /// <summary>Trains and scores the first run; a failure of the hand-in's code ends it with that result.</summary>
    public (CheckResult? Failure, VScores? Scores) Measure(CheckContext context) => Measure(context, 0, out _);

    /// <summary><see cref="Measure(CheckContext)"/> with the feedback plots of the first run (see the overload with a run).</summary>
    public (CheckResult? Failure, VScores? Scores) Measure(CheckContext context, out IReadOnlyList<Plot>? plots) => Measure(context, 0, out plots);

    /// <summary>
    /// Training run <paramref name="run"/> (0: the first; 1, 2, …: fresh runs, every generator salted apart), with the
    /// feedback plots drawn from the trained network (null when training failed): the samples over the held-out V, and
    /// the true versus predicted noise. A failure of the sampling carries the plots it could draw.
    /// </summary>
    public (CheckResult? Failure, VScores? Scores) Measure(CheckContext context, int run, out IReadOnlyList<Plot>? plots)
    {
        ArgumentNullException.ThrowIfNull(context);
        plots = null;
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<IDiffusionTraining>(context, out var training) is { } unresolved) return (unresolved, null);
        var s = Design;
        var schedule = s.Schedule();
        var salt = 16UL * (ulong)run;
        var train = HeidelbergToyData.V(context.NewGenerator(salt + 1));
        var other = HeidelbergToyData.V(context.NewGenerator(salt + 2));
        var rows = context.NewGenerator(salt + 3).Permutation(other.Count).Take(s.HeldOut).ToArray();
        var heldOut = TrainAndSample.ToMatrix(train.Standardisation.Apply(other.Raw).index_select(0, rows));

        // The budget response: the same call with a drawn smaller budget, before or after the full one as drawn; both
        // networks scored on the same noised held-out rows (the loss rows of generator 9), each with its profile over bands
        // of t in the same call: the full one's 4 bands, the smaller one's 10 (its tilt).
        var lossPoints = train.Standardisation.Apply(HeidelbergToyData.V(context.NewGenerator(salt + 7)).Raw);
        var (fractionSteps, fractionFirst) = s.Response.Draw(s.Steps, context.NewGenerator(salt + 8));
        IEpsilonNetwork network = null!;
        var trainTime = TimeSpan.Zero;
        double loss = double.NaN, fractionLoss = double.NaN;
        double[] profile = [];
        double[] smallerProfile = [];
        var failedTraining = BudgetResponse.InOrder(fractionFirst,
            () => TrainAndSample.Train(call, training, "the V data set", train.Data, schedule, s.Steps, context.NewGenerator(salt + 4), out network, out trainTime)
                  ?? NoiseBandProfile.Measure(call, network, schedule, lossPoints, s.Bands, context.NewGenerator(salt + 9), context.NewGenerator(salt + 10), context.NewGenerator(salt + 11), out loss, out profile),
            () => TrainAndSample.Train(call, training, "the V data set", train.Data, schedule, fractionSteps, context.NewGenerator(salt + 4), out var smaller, out _)
                  ?? NoiseBandProfile.Measure(call, smaller, schedule, lossPoints, s.SmallerBands, context.NewGenerator(salt + 9), context.NewGenerator(salt + 12), context.NewGenerator(salt + 13), out fractionLoss, out smallerProfile));
        if (failedTraining is not null) return (failedTraining, null);
        var failedSampling = TrainAndSample.Sample(call, network, schedule, ReverseVariance.BetaTilde, s.Samples, 2, context.NewGenerator(salt + 5), out var samples, out var sampleTime);
        var noisePlot = TrainAndSample.NoisePrediction(call, network, schedule, heldOut, context.NewGenerator(salt + 6),
            "True versus predicted noise: held-out V points noised to z_t, first coordinate");
        if (failedSampling is not null)
        {
            plots = FeedbackPlots.List([noisePlot]);
            return (failedSampling with { Plots = plots }, null);
        }

        plots = FeedbackPlots.List([
            TrainAndSample.SamplesOverData("Samples from your trained network over held-out points of the V (standardised; a subset of each shown)", "x", samples, heldOut),
            noisePlot,
        ]);
        return (null, Score(train.Standardisation, samples, heldOut) with { TrainTime = trainTime, SampleTime = sampleTime, Loss = loss, FractionLoss = fractionLoss, Profile = profile, SmallerProfile = smallerProfile, Tilt = NoiseBandProfile.Tilt(smallerProfile, s.TiltBands) });
    }

    public CheckResult Run(CheckContext context) => Decide(context).Result;

    /// <summary>
    /// The check's decision (<see cref="IndifferenceZone"/>) with the scores of every training run it took: the first,
    /// and the fresh runs when the first was undecided. The result carries the first run's plots.
    /// </summary>
    public (CheckResult Result, IReadOnlyList<VScores> Runs) Decide(CheckContext context)
    {
        var (failure, first) = Measure(context, 0, out var plots);
        if (failure is not null) return (failure, []);
        var runs = new List<VScores> { first! };
        if (IndifferenceZone.Of(Design.Bounds, first!.Values) == IndifferenceZone.Zone.Undecided)
            for (var run = 1; run <= IndifferenceZone.FreshRuns; run++)
            {
                var (failed, fresh) = Measure(context, run, out _);
                if (failed is not null) return (failed with { Plots = plots }, runs);
                runs.Add(fresh!);
            }

        return (Verdict(runs) with { Plots = plots }, runs);
    }

    /// <summary>The scores of samples (standardised coordinates) against held-out points; also used for the sampler-free controls of the tests.</summary>
    public VScores Score(Standardisation standardisation, double[,] samples, double[,] heldOut)
    {
        var (mmd, energy) = TrainAndSample.Distances(samples, heldOut);
        return new VScores(mmd, energy, OnV(standardisation, samples, Design.ArmDistance), TimeSpan.Zero, TimeSpan.Zero);
    }

    /// <summary>The check's result for one run's scores, which must not be undecided (the sampler-free controls).</summary>
    public CheckResult Verdict(VScores v) => Verdict([v]);

    /// <summary>The check's result for the first run's scores and, when those are undecided, the fresh runs'.</summary>
    public CheckResult Verdict(IReadOnlyList<VScores> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var s = Design;
        var bounds = s.Bounds;
        var (passed, decided) = IndifferenceZone.Decide(bounds, [.. runs.Select(r => r.Values)], runs[0].Shown(s.Response));
        var setUp = $"{s.Steps} training steps on the standardised V (8000 points), {s.Samples} samples drawn by the reference sampler (σ_t² = β̃_t, T = 250, β 1e-4 … 0.02, t/T), compared with {s.HeldOut} points of an independent V; the same training with a smaller budget of {s.FractionLow:G3} … {s.FractionHigh:G3} of {s.Steps} drawn per run, both losses on {s.LossPoints} fresh V points, the full one's profile over {s.Bands} bands of t and the smaller one's over {s.SmallerBands}; {runs.Count} training run(s)";
        var samplesClose = bounds.Take(3).Zip(runs[0].Values).All(p => p.First.Passes(p.Second));
        return passed
            ? CheckResult.Pass(Id, $"The trained network gives samples close to the V (drawn from your trained network by the reference sampler, compared with fresh points of the V): {decided}.", SheetRef) with { TutorDetail = setUp }
            : CheckResult.Fail(Id,
                $"{(samplesClose ? "Samples drawn from your trained network (by the reference sampler, σ_t² = β̃_t, so only your training is judged) are close to the V, but the training is not a correct training's" : "Samples drawn from your trained network (by the reference sampler, σ_t² = β̃_t, so only your training is judged) are too far from the V, compared with fresh points of the V")}: {decided}. Check Algorithm 1: t ~ U{{0..T−1}}, ε ~ N(0, I), z_t = √ᾱ_t x + √(1 − ᾱ_t) ε, the loss ‖ε − ε_θ(z_t, t)‖², that the returned network takes t/T as [N, 1], that the training takes every step of its budget, and the learning rate (the notebook's Adam uses 1e-3; a far larger one leaves the samples scattered off the V).{s.Response.NotResponding(runs[0].Loss, runs[0].FractionLoss, "points")}{NoiseBandProfile.Uneven([.. bounds.Skip(5).Take(s.Bands)], runs[0].Profile, "Your network's denoising loss is a correct training's at some noise levels but")}{NoiseBandProfile.Tilted(s.TiltBounds[0], s.TiltBounds[1], runs[0].Tilt, "Trained with the smaller budget, your network")}",
                expected: IndifferenceZone.Expected(bounds), seen: IndifferenceZone.Line(bounds, runs[0].Shown(s.Response)), sheetRef: SheetRef) with { TutorDetail = setUp };
    }

    /// <summary>
    /// The fraction of samples (standardised coordinates) whose raw point lies within <paramref name="distance"/> of one of
    /// the V's arms, the segments from the origin to (2, 3) and to (−2, 3).
    /// </summary>
    public static double OnV(Standardisation standardisation, double[,] samples, double distance)
    {
        ArgumentNullException.ThrowIfNull(standardisation);
        var n = samples.GetLength(0);
        var hit = 0;
        for (var i = 0; i < n; i++)
        {
            var x = samples[i, 0] * standardisation.Std[0] + standardisation.Mean[0];
            var y = samples[i, 1] * standardisation.Std[1] + standardisation.Mean[1];
            var nearest = HeidelbergToyData.VEndpoints.Min(end => SegmentDistance(x, y, end[0], end[1]));
            if (nearest <= distance) hit++;
        }

        return (double)hit / n;
    }

    private static double SegmentDistance(double x, double y, double ex, double ey)
    {
        var u = Math.Clamp((x * ex + y * ey) / (ex * ex + ey * ey), 0, 1);
        var dx = x - u * ex;
        var dy = y - u * ey;
        return Math.Sqrt(dx * dx + dy * dy);
    }
}
