using System.Diagnostics;
using Grader.Checks.Catalog;
using Grader.Checks.Diffusion.Support;
using Grader.Checks.Hidden.Diffusion.Oracles;
using Grader.Contracts.Diffusion;
using Grader.Reference.Data;
using Grader.Reference.Diffusion;

namespace Grader.Checks.Hidden.Diffusion.Images;

/// <summary>
/// Sheet 004, ex. 3.5, "learn a DDPM on MNIST" (task 004/3.5/mnist, hidden): the hand-in's training on images
/// (<see cref="IMnistDdpm.Train"/>) under the grader's step budget and generator gives an ε-network whose denoising
/// loss on held-out images is a correct training's, with the sheet's kind of schedule and with a coarse one; the
/// REFERENCE sampler (Algorithm 2, σ_t² = β_t) draws images from the first network for the feedback.
/// </summary>
/// <remarks>
/// <para>
/// <b>Set-up</b> (<see cref="Settings"/>): from the first <see cref="UnseenImages.PoolSize"/> training images of the
/// data set (Fashion-MNIST where Debian's <c>dataset-fashion-mnist</c> is installed, a tutor's <c>--data DIR</c>), pooled
/// to 14×14 (D = 196), <see cref="Settings.TrainingImages"/> are picked per run and handed to <c>Train</c> as
/// <c>ToTensor()</c> gives them ([N, 14, 14], k/255); <see cref="Settings.HeldOut"/> others, put through the sheet's
/// transform (dequantised, mapped to [−1, 1], flattened), are the held-out images. The hand-in trains twice on the same
/// images, each time with a budget of <see cref="Settings.Steps"/> optimiser steps and its own generator from the
/// grading seed: with T = 100, β linear 1e-3 … 0.2 (the schedule of <see cref="DtuImageSampleWithOracle"/>), and with
/// the coarse T = 5, β linear 0.1 … 0.9.
/// </para>
/// <para>
/// <b>Scores</b>: each trained network's denoising loss ‖ε − ε̂(z_t, t/T)‖² / D on the held-out images under its own
/// schedule, each image with its own t ~ U{0..T−1} and ε ~ N(0, I) (<see cref="TrainAndSample.HeldOutLoss"/>, the loss
/// of the toy-data check over every t). It is the objective of Algorithm 1 on images the network has not seen, so it
/// judges only the training (not the sampler: a bug of ex. 3.4's sampler costs 3.4, and the sampling of ex. 3.5 is
/// judged by <see cref="DtuImageSampleWithOracle"/>). A network trained on the raw t or on images left in [0, 1] sees
/// other inputs than those it is asked on; one trained to predict x₀ predicts the wrong thing; a tenth of the budget
/// leaves it far less trained; a fixed function in place of a trained network is right only where the images are pure
/// noise. <b>Why the coarse schedule</b>: a training that noises step t to another step's level (ᾱ_{t−1} for ᾱ_t, the
/// paper's index read as the code's) is as good as a correct one when consecutive ᾱ_t are nearly equal (T = 100:
/// 0.2038 ± 0.0092 against 0.2011 ± 0.0087, caught on 0 of 20 seeds) and far from it when they are not (T = 5:
/// 0.2824 ± 0.0070 against 0.2124 ± 0.0068); the raw-t bug is the other way round (T = 100: 0.614; T = 5: 0.237), so
/// both trainings are needed.
/// </para>
/// <para>
/// <b>Why no sample-quality metric decides.</b> The shipped feature classifier reads 28×28 images, and at the CPU budget
/// (the fully connected network of the sheet, 1,000 steps on 196 pixels) the samples are blurry shapes whose
/// metric would mostly measure the budget; the losses separate each named bug from a correct training by many of their
/// standard deviations. <see cref="Settings.Samples"/> images are drawn with the reference sampler from the first
/// network and shown in the feedback above as many held-out images (<see cref="Pictures"/>); a network that cannot be
/// sampled (it throws or returns no finite numbers of the right shape) fails.
/// </para>
/// <para>
/// <b>Decision</b> (<see cref="Settings.Bounds"/>, <see cref="IndifferenceZone"/>): the first run passes when both losses
/// are within their clearly-good bounds (T = 100: ≤ 0.235; T = 5: ≤ 0.24), fails when either is beyond its clearly-bad
/// bound (0.25; 0.255), and otherwise <see cref="IndifferenceZone.FreshRuns"/> fresh runs decide by their means (≤ 0.235;
/// ≤ 0.24). Calibration over grading seeds 1–20 (benchmark <c>image-training-power</c>, 2026-11-25,
/// <c>docs/measurements/2026-11-25-image-training-coarse-schedule.md</c>): T = 100, the reference 0.1982 ± 0.0086
/// [0.1837, 0.2153] and the Correct example 0.2011 ± 0.0087 [0.1834, 0.2196] (pooled 0.1997 ± 0.0087: the bounds are
/// 4.0 and 5.8 sd above); T = 5, the reference 0.2125 ± 0.0073 [0.1998, 0.2294] and the Correct example 0.2124 ± 0.0068
/// [0.2009, 0.2227] (pooled 0.2125 ± 0.0070: 3.9 and 6.1 sd). Under a normal law a correct training is undecided with
/// probability about 8e-5 and fails at once with about 4e-9; a mean of three fresh runs beyond its bound is ≥ 6.8 sd of
/// that mean away. Every bundled training mutant and the cheat fails on its first run on every seed: ᾱ_{t−1} by the
/// coarse loss (0.2719 at least; its mean 0.2824 is 3.9 of its sd beyond 0.255, and 10 sd of a fresh mean beyond 0.24), the others by the first loss (images left
/// in [0, 1]: 0.297 at least; the fixed network ε̂ = z_t: 0.255 at least). Cost: about 2.6–2.9 s of CPU per hand-in
/// under load (two trainings of 1,000 steps of batch 64 on a 196-256-256-196 network; training is 95 % of it).
/// </para>
/// <para>
/// <b>Training checked for the work</b> (issue 45, item 3; <c>docs/measurements/2026-11-26-image-training-budget-response.md</c>).
/// A loss bounded from above only passes a network that does not come from the budget's optimiser steps (a Gaussian
/// fit's linear denoiser, the training images' kernel denoiser: far better than a trained network at high noise), and
/// one trained on some noise levels only. So each run also (1) trains again with the T = 100 schedule, the same images
/// and the same generator, under a budget of <see cref="Settings.FractionLow"/> … <see cref="Settings.FractionHigh"/> of
/// <see cref="Settings.Steps"/> drawn per run (<see cref="Settings.FractionSteps"/>, before or after the full call as the
/// run draws), scores it on the same noised held-out images, and requires the full budget to improve the loss by
/// <see cref="Settings.MinImprovement"/> (a budget-independent network improves by 0 within float32 rounding, <see cref="BudgetResponse.Rounding"/>) and the smaller budget's
/// loss to be at most <see cref="Settings.MaxFractionLoss"/>; (2) measures the full network's held-out loss in
/// <see cref="Settings.Bands"/> bands of t (<see cref="NoiseBandProfile"/>: every held-out image noised once per band),
/// each held to its own bound. The learning curve is steep (Correct example, 4 seeds: 0.573 at 150 steps, 0.444 at 250,
/// 0.368 at 350, 0.197 at 1,000), so a training that takes less than its budget at the grading budget is also far
/// beyond the loss bound. Calibration over seeds 1 … 20 (the reference and the Correct example, the worse of the two):
/// improvement at the largest fraction, 0.3, ≈ 0.20 ± 0.004, so 0.14 is ≥ 14 sd below; the smaller budget's loss at the
/// smallest fraction, 0.15, 0.573 ± 0.003, so 0.65 is ≥ 25 sd above; the bands 0.4766 ± 0.0092, 0.1087 ± 0.0038,
/// 0.1105 ± 0.0032, 0.1102 ± 0.0037 (worst 0.4915, 0.1158, 0.1160, 0.1149), bounds 0.55 (band 1) and 0.127 (≥ 4.8 sd).
/// Band 1's bound was 0.52 (4.7 sd of those 40 runs) until the Correct example's first runs over 105 seeds (2026-11-26,
/// docs/measurements/2026-11-26-training-score-tails.md, "Seventh stop") put its sd at 0.0099: 0.52 was 4.1 sd, ≈ 2e-5 per
/// run under a normal model and up to 6e-4 under the exponential tail that sample cannot rule out; 0.55 is 7.1 sd of
/// them (the tail fit ≈ 1e-6). No training bug of the corpus is decided by band 1 alone (every cheat and mutant still
/// loses 20 of 20 seeds with 0.55: the same note, "Seventh stop", band 1 at 0.55). <b>False fail</b> of the six new scores: bands 2–4 ≤ 3 · P(Z > 4.8)
/// ≈ 2e-6 under a normal model, band 1 ≈ 1e-6 by the tail fit, the budget response ≥ 13.8 sd (bounded tails) ⇒ ≈ 3e-6
/// per run (≤ 1e-4 as required); each bound is also beyond the worst of 40 calibration runs and of the 105 first runs.
/// Cost: the smaller budget's training (0.15–0.3 of one training) and one network call on 4 × 1,000 held-out rows: about
/// 0.35 s of CPU per hand-in (≈ +12 %).
/// </para>
/// </remarks>
public sealed class DtuImageTrainingQuality(DtuImageTrainingQuality.Settings? settings = null, string? dataDirectory = null) : IImageDataCheck, ITrainingCheck
{
    /// <summary>The check's design (see the type's remarks; the bounds' derivation is in the measurement note).</summary>
    /// <param name="TrainingImages">Images handed to <c>Train</c>.</param>
    /// <param name="HeldOut">Other images on which the denoising loss is measured.</param>
    /// <param name="Steps">The optimiser-step budget.</param>
    /// <param name="Samples">Images drawn with the reference sampler for the feedback.</param>
    /// <param name="PassLoss">Clearly-good bound on the held-out denoising loss.</param>
    /// <param name="FreshLoss">Bound on the fresh runs' mean loss.</param>
    /// <param name="MaxLoss">Clearly-bad bound on the loss.</param>
    public sealed record Settings(
        int TrainingImages = 2000,
        int HeldOut = 1000,
        int Steps = 1000,
        int Samples = 16,
        int T = 100,
        double BetaFirst = 1e-3,
        double BetaLast = 0.2,
        double PassLoss = 0.235,
        double FreshLoss = 0.235,
        double MaxLoss = 0.25,
        int CoarseT = 5,
        double CoarseBetaFirst = 0.1,
        double CoarseBetaLast = 0.9,
        double CoarsePassLoss = 0.24,
        double CoarseFreshLoss = 0.24,
        double CoarseMaxLoss = 0.255,
        double FractionLow = 0.15,
        double FractionHigh = 0.3,
        double MaxFractionLoss = 0.65,
        double MinImprovement = 0.14,
        int Bands = 4,
        double[]? BandPassLoss = null,
        double[]? BandMaxLoss = null)
    {
        /// <summary>Clearly-good (and fresh-run) bounds of the loss profile's bands, lowest noise first.</summary>
        public IReadOnlyList<double> BandPass => BandPassLoss ?? [0.55, 0.127, 0.127, 0.127];

        /// <summary>Clearly-bad bounds of the loss profile's bands (the clearly-good ones: a correct training is far inside both).</summary>
        public IReadOnlyList<double> BandMax => BandMaxLoss ?? BandPass;

        /// <summary>The budget response's fractions and bounds (<see cref="BudgetResponse"/>).</summary>
        public BudgetResponse Response => new(FractionLow, FractionHigh, MaxFractionLoss, MinImprovement);

        /// <summary>The smaller budget of the run's budget response (<see cref="BudgetResponse.Draw"/>).</summary>
        public int FractionSteps(Generator generator) => Response.Draw(Steps, generator).Steps;

        public NoiseSchedule Schedule() => ScheduleTerms.Linear(T, BetaFirst, BetaLast);

        /// <summary>The second training's schedule: few steps, so consecutive ᾱ_t differ much.</summary>
        public NoiseSchedule CoarseSchedule() => ScheduleTerms.Linear(CoarseT, CoarseBetaFirst, CoarseBetaLast);

        public IReadOnlyList<ScoreBound> Bounds =>
        [
            new("held-out denoising loss", PassLoss, FreshLoss, MaxLoss),
            new("held-out denoising loss with a coarse schedule", CoarsePassLoss, CoarseFreshLoss, CoarseMaxLoss),
            .. Response.Bounds,
            .. Enumerable.Range(0, Bands).Select(k => new ScoreBound(BandName(k), BandPass[k], BandPass[k], BandMax[k])),
        ];

        /// <summary>"held-out denoising loss in noise band 1 of 4 (1: the lowest noise)".</summary>
        private string BandName(int k) => $"held-out denoising loss in noise band {k + 1} of {Bands} (1: the lowest noise)";
    }

    /// <summary>
    /// One run: the held-out losses of the two trainings (the schedule's and the coarse one's), the samples drawn from
    /// the first network and as many held-out images (both [Samples, rows, columns] in [0, 1]) and the times (both
    /// trainings; the scoring).
    /// </summary>
    public sealed record Scores(double Loss, double CoarseLoss, Tensor Samples, Tensor Data, TimeSpan TrainTime, TimeSpan ScoreTime, double FractionLoss, IReadOnlyList<double> Profile)
    {
        /// <summary>The loss's improvement from the smaller budget to the full one (same images, generator and held-out noise).</summary>
        public double Improvement => FractionLoss - Loss;

        /// <summary>The scores in the order of <see cref="Settings.Bounds"/>.</summary>
        public IReadOnlyList<double> Values => WithImprovement(Improvement);

        /// <summary><see cref="Values"/> as feedback prints them: the improvement 0 within float32 rounding (<see cref="BudgetResponse.ShownImprovement"/>).</summary>
        public IReadOnlyList<double> Shown(BudgetResponse response)
        {
            ArgumentNullException.ThrowIfNull(response);
            return WithImprovement(response.ShownImprovement(Loss, FractionLoss));
        }

        private IReadOnlyList<double> WithImprovement(double improvement) => [Loss, CoarseLoss, FractionLoss, improvement, .. Profile];
    }

    public Settings Design { get; } = settings ?? new Settings();

    /// <summary>MNIST's task: one channel.</summary>
    public int? ImageChannels => 1;

    public string Id => "diffusion.dtu.image-training-quality";

    public string SheetRef => DeferredCheck.SheetRefOf(Id);

    public CheckResult Run(CheckContext context) => Decide(context).Result;

    /// <summary>The decision with the scores of every run it took (the first, and the fresh runs when the first was undecided).</summary>
    public (CheckResult Result, IReadOnlyList<Scores> Runs) Decide(CheckContext context)
    {
        var (failure, first) = Measure(context, 0);
        if (failure is not null) return (failure, []);
        var runs = new List<Scores> { first! };
        if (IndifferenceZone.Of(Design.Bounds, first!.Values) == IndifferenceZone.Zone.Undecided)
            for (var run = 1; run <= IndifferenceZone.FreshRuns; run++)
            {
                var (failed, fresh) = Measure(context, run);
                if (failed is not null) return (failed, runs);
                runs.Add(fresh!);
            }

        return (Verdict(runs), runs);
    }

    /// <summary>
    /// Training run <paramref name="run"/> (0: the first; 1, 2, …: fresh runs with every generator salted apart): the
    /// images drawn, the hand-in's training, the held-out loss and the samples; a failure of the hand-in's code ends it.
    /// </summary>
    public (CheckResult? Failure, Scores? Scores) Measure(CheckContext context, int run)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<IMnistDdpm>(context, out var ddpm) is { } unresolved) return (unresolved, null);
        var s = Design;
        var salt = 0x1A7000UL + 16UL * (ulong)run;
        var (train, heldOut, rows, columns, source) = Images(context.NewGenerator(salt + 1));
        var schedule = s.Schedule();
        var coarse = s.CoarseSchedule();
        var setUp = $"{s.TrainingImages} training images of {rows}×{columns} from {source}, T = {schedule.T}, β {F(s.BetaFirst)} … {F(s.BetaLast)}, and T = {coarse.T}, β {F(s.CoarseBetaFirst)} … {F(s.CoarseBetaLast)}, budget {s.Steps} steps each";
        var what = "Train(images, schedule, steps, generator)";
        var trainTime = TimeSpan.Zero;
        var scoreTime = TimeSpan.Zero;
        // The full budget's network is scored with its profile over the noise bands, the loss's rows and the bands' in one
        // call (NoiseBandProfile); the others on the loss's rows alone, drawn alike.
        double[] profile = [];
        (CheckResult? Failure, IEpsilonNetwork? Network, double Loss) TrainAndScore(NoiseSchedule on, int steps, ulong trainSalt, ulong lossSalt, bool profiled = false)
        {
            var clock = Stopwatch.StartNew();
            if (TrainingWork.Run(call, what, () => ddpm.Train(train, on, steps, context.NewGenerator(trainSalt)), steps, out var network) is { } threw)
                return (threw.WithTutorDetail(setUp), null, double.NaN);
            if (network is null) return (call.Fail($"{what} returned null; it must return the trained ε-network.") with { TutorDetail = setUp }, null, double.NaN);
            trainTime += clock.Elapsed;
            clock.Restart();
            double loss;
            var bad = profiled
                ? NoiseBandProfile.Measure(call, network, on, heldOut, s.Bands, context.NewGenerator(lossSalt), context.NewGenerator(salt + 8), context.NewGenerator(salt + 9), out loss, out profile)
                : TrainAndSample.HeldOutLoss(call, network, on, heldOut, 0, context.NewGenerator(lossSalt), out loss);
            scoreTime += clock.Elapsed;
            return (bad?.WithTutorDetail(setUp), network, loss);
        }

        // The budget response: the same call with a drawn smaller budget (same images, same generator, the loss on the
        // same noised held-out images), before or after the full budget's as drawn for the run.
        var (fractionSteps, fractionFirst) = s.Response.Draw(s.Steps, context.NewGenerator(salt + 7));
        var fractionLoss = double.NaN;
        IEpsilonNetwork? network = null;
        var loss = double.NaN;
        if (BudgetResponse.InOrder(fractionFirst,
                () =>
                {
                    (var failedFull, network, loss) = TrainAndScore(schedule, s.Steps, salt + 2, salt + 3, profiled: true);
                    return failedFull;
                },
                () =>
                {
                    (var failedFraction, _, fractionLoss) = TrainAndScore(schedule, fractionSteps, salt + 2, salt + 3);
                    return failedFraction;
                }) is { } failed)
            return (failed, null);
        var sampling = Stopwatch.StartNew();
        if (TrainAndSample.Sample(call, network!, schedule, ReverseVariance.Beta, s.Samples, rows * columns, context.NewGenerator(salt + 4), out var samples, out _) is { } badSample)
            return (badSample.WithTutorDetail(setUp), null);
        scoreTime += sampling.Elapsed;
        var (coarseFailed, _, coarseLoss) = TrainAndScore(coarse, s.Steps, salt + 5, salt + 6);
        if (coarseFailed is not null) return (coarseFailed, null);
        var flat = new float[samples.Length];
        var k = 0;
        foreach (var v in samples) flat[k++] = (float)v;
        var shown = MnistIdx.ToUnitInterval(tensor(flat, s.Samples, rows, columns));
        var data = MnistIdx.ToUnitInterval(heldOut.narrow(0, 0, Math.Min(s.Samples, heldOut.size(0))).reshape(-1, rows, columns));
        return (null, new Scores(loss, coarseLoss, shown, data, trainTime, scoreTime, fractionLoss, profile));
    }

    /// <summary>
    /// The run's images: <see cref="Settings.TrainingImages"/> for training as [N, rows, columns] in [0, 1] (k/255), and
    /// <see cref="Settings.HeldOut"/> others after the sheet's transform, [M, rows·columns]; all pooled to 14×14.
    /// </summary>
    public (Tensor Train, Tensor HeldOut, int Rows, int Columns, string Source) Images(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var s = Design;
        var needed = s.TrainingImages + s.HeldOut;
        var (all, source) = UnseenImages.Pool(needed, generator, dataDirectory);
        if (all.Count < needed) throw new InvalidDataException($"{source} holds {all.Count} images; the check needs {needed}.");
        var picked = generator.Permutation(all.Count).Take(needed).ToArray();
        var train = all.Select(picked[..s.TrainingImages]).Pooled(UnseenImages.PoolFactor);
        var heldOut = all.Select(picked[s.TrainingImages..]).Pooled(UnseenImages.PoolFactor);
        var unit = train.Pixels.Select(p => p / 255f).ToArray();
        return (tensor(unit, train.Count, train.Rows, train.Columns), MnistIdx.Dequantise(heldOut, generator), train.Rows, train.Columns, source);
    }

    /// <summary>The check's result for the first run's loss and, when that is undecided, the fresh runs'.</summary>
    public CheckResult Verdict(IReadOnlyList<Scores> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var s = Design;
        var bounds = s.Bounds;
        var (passed, decided) = IndifferenceZone.Decide(bounds, [.. runs.Select(r => r.Values)], runs[0].Shown(Design.Response));
        var setUp = $"{s.Steps} training steps on {s.TrainingImages} images of 14×14 with T = {s.T}, β {F(s.BetaFirst)} … {F(s.BetaLast)} and again with T = {s.CoarseT}, β {F(s.CoarseBetaFirst)} … {F(s.CoarseBetaLast)}, and with a budget of {F(s.FractionLow)} … {F(s.FractionHigh)} of {s.Steps} drawn per run (T = {s.T}), the loss on {s.HeldOut} held-out images, its profile over {s.Bands} bands of t, {runs.Count} run(s)";
        const string judged = "the trained network's denoising loss ‖ε − ε̂(z_t, t/T)‖² per pixel on images it was not trained on, each noised at its own t";
        var result = passed
            ? CheckResult.Pass(Id, $"Your training on images gives a network that denoises images it has not seen as a correct training does ({judged}): {decided}.", SheetRef) with { TutorDetail = setUp }
            : CheckResult.Fail(Id,
                $"Your training on images gives a network whose noise predictions are too far from a correct training's ({judged}): {decided}.{OnlyCoarse(runs)}{Design.Response.NotResponding(runs[0].Loss, runs[0].FractionLoss, "images")}{UnevenProfile(runs)} Check Algorithm 1 on the images: the sheet's transform of the pixels, t ~ U{{0..T−1}}, ε ~ N(0, I), z_t = √ᾱ_t x + √(1 − ᾱ_t) ε, the loss ‖ε − ε_θ(z_t, t/T)‖², that the returned network takes t/T, and that the training takes every step of its budget.",
                expected: IndifferenceZone.Expected(bounds), seen: IndifferenceZone.Line(bounds, runs[0].Shown(Design.Response)), sheetRef: SheetRef) with { TutorDetail = setUp };
        return result with { Images = [Pictures(runs[0])] };
    }

    /// <summary>
    /// The cause the two scores can prove: a network within the clearly-good bound on the schedule's many small steps but
    /// not on few large ones has learned, at step t, a noise level other than the one ᾱ_t gives (with small steps
    /// a neighbouring step's noise level is nearly the same; with large ones it is not).
    /// </summary>
    private string OnlyCoarse(IReadOnlyList<Scores> runs)
    {
        var (fine, coarse) = (Design.Bounds[0], Design.Bounds[1]);
        var first = runs[0];
        return fine.Passes(first.Loss) && !coarse.Passes(first.CoarseLoss)
            ? " The loss is a correct training's with a schedule of many small steps but not with one of few large steps: at step t your training noises the images to another noise level than ᾱ_t of the schedule it is given."
            : "";
    }

    /// <summary>
    /// The cause the profile proves: a loss within its bounds on the whole but beyond them in a band of noise levels is
    /// a training that did not draw t ~ U{0..T−1} (or weighs some levels far less).
    /// </summary>
    private string UnevenProfile(IReadOnlyList<Scores> runs)
    {
        var bounds = Design.Bounds;
        var first = runs[0];
        return bounds[0].Passes(first.Loss) ? NoiseBandProfile.Uneven([.. bounds.Skip(4)], first.Profile, "The loss over all noise levels is a correct training's, but") : "";
    }

    /// <summary>
    /// The feedback's grid: the images the reference sampler drew from the first run's network above as many held-out
    /// images of the same size (both as the data set shows them, in [0, 1]).
    /// </summary>
    public ImageGrid Pictures(Scores run)
    {
        ArgumentNullException.ThrowIfNull(run);
        int rows = run.Samples.size(1), columns = run.Samples.size(2);
        static double[] Pixels(Tensor images) => images.contiguous().ToDoubleArray();
        return ImageGrid.Of("Images the reference sampler (Algorithm 2) drew from your trained network, above held-out images of the data set at the same resolution (with the check's small training budget, a correct training's images are rough and noisy too; the grade rests on the losses)",
            rows, columns, ("from your network", Pixels(run.Samples), null), ("held-out images", Pixels(run.Data), null));
    }

    private static string F(double v) => v.ToString("G3", CultureInfo.InvariantCulture);
}
