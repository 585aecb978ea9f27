using System.Diagnostics;
using Grader.Checks.Catalog;
using Grader.Checks.Diffusion.Support;
using Grader.Checks.Hidden.Diffusion.Oracles;
using Grader.Checks.Hidden.Training;
using Grader.Contracts.Diffusion;
using Grader.Reference.Data;
using Grader.Reference.Diffusion;
using Grader.Reference.Diffusion.Handin;
using Grader.Remote.Training;

namespace Grader.Checks.Hidden.Diffusion.Images;

/// <summary>
/// Sheet 004, ex. 3.5, "use the DDPM implementation from exercise 3.4 to learn a DDPM on MNIST" (task 004/3.5/mnist,
/// hidden): the grader trains the hand-in's parts of exercise 3.4 (<see cref="IDtuTrainingParts.Model"/> with
/// d = rows·columns, its <see cref="IDtuDdpm.NegativeElbo"/> as the loss of each batch) with its own loop
/// (<see cref="IDtuTrainingRun.TrainOnImages"/>, issue 66) on images after the sheet's transform, with the learning rate
/// and batch size the hand-in chose for images (<see cref="IMnistDdpm.Settings"/>); the trained network's denoising
/// loss on held-out images is a correct training's, with the sheet's kind of schedule and with a coarse one; the
/// REFERENCE sampler (Algorithm 2, σ_t² = β_t) draws images from the first network for the feedback.
/// </summary>
/// <remarks>
/// <para>
/// <b>Set-up</b> (<see cref="Settings"/>): from the first <see cref="UnseenImages.PoolSize"/> training images of the
/// data set (Fashion-MNIST where Debian's <c>dataset-fashion-mnist</c> is installed, a tutor's <c>--data DIR</c>), pooled
/// to 14×14 (D = 196), <see cref="Settings.TrainingImages"/> are picked per run and <see cref="Settings.HeldOut"/> others;
/// both go through the sheet's transform (<see cref="MnistIdx.Dequantise"/>: k/255 + U(0, 1)/255, mapped to [−1, 1],
/// flattened row by row), the training images once per run with the grader's generator, then through the run's
/// <see cref="DrawnImageTransform"/> (issue 79 item 3: a signed permutation of the pixels, drawn per run seed, the same
/// for the fresh runs and the reference; the feedback's pictures undo it). The grader trains twice on
/// the same images, <see cref="Settings.Steps"/> Adam steps each (<see cref="DtuGraderTraining"/>: its batches, t and ε,
/// the grader's negative ELBO of the network's outputs, backward and the step; the hand-in's NegativeElbo graded first as the loss part):
/// with T = 100, β linear 1e-3 … 0.2 (the schedule of <see cref="DtuImageSampleWithOracle"/>), and with the coarse
/// T = 5, β linear 0.1 … 0.9. The trained values cross to a fresh network (<see cref="IDtuTrainingRun.Trained"/>).
/// </para>
/// <para>
/// <b>Why the grader applies the transform.</b> The sheet hands the transform out as code ("which can be done with the
/// code: …"), so it is not the student's work in 3.5; what 3.5 asks is to use 3.4's DDPM on images: the model for
/// d = rows·columns, the negative ELBO, the settings for images (the sheet's hint: batch 64) and the sampler with its
/// transform back to [0, 1] (graded by <see cref="DtuImageSampleWithOracle"/>). A transform the hand-in supplied would
/// have to be verified to the formula anyway (its output k/255 + U(0, 1/255) mapped to [−1, 1]), i.e. replaced by the
/// grader's; leaving it to the grader removes one call and a class of bugs the sheet does not grade.
/// </para>
/// <para>
/// <b>Scores</b>: each trained network's denoising loss ‖ε − ε̂(z_t, t/T)‖² / D on the held-out images under its own
/// schedule, each image with its own t ~ U{0..T−1} and ε ~ N(0, I) (<see cref="TrainAndSample.HeldOutLoss"/>). The loss
/// of every recorded step is the reference's negative ELBO of the network's own outputs (the replay), the parameters
/// change only by the grader's steps and the fresh network answers as the trained one (the loop): a scaled or
/// accumulated loss, ᾱ one step off, a loss that writes into the model and a closed-form denoiser that ignores its
/// parameters (a Wiener filter over the images it has seen) fail there, before any score. What the scores judge is the
/// rest: the model (a network able to learn ε̂ on 196 pixels) and the settings. <b>Why the coarse schedule</b>: it
/// was the only score that caught ᾱ_{t−1} for ᾱ_t while the hand-in owned the loop (T = 100: 0.2038 ± 0.0092 against
/// 0.2011 ± 0.0087); the replay now catches that on every seed, and the coarse training stays as the second, independent
/// quality measure of the model (a network that only learns the fine schedule's small steps).
/// </para>
/// <para>
/// <b>Why no sample-quality metric decides.</b> The shipped feature classifier reads 28×28 images, and at the CPU budget
/// (the fully connected network of the sheet, 1,000 steps on 196 pixels) the samples are blurry shapes whose
/// metric would mostly measure the budget. <see cref="Settings.Samples"/> images are drawn with the reference sampler
/// from the first network and shown in the feedback above as many held-out images (<see cref="Pictures"/>); a network
/// that cannot be sampled (it throws or returns no finite numbers of the right shape) fails.
/// </para>
/// <para>
/// <b>Decision</b> (<see cref="Settings.Bounds"/>, <see cref="IndifferenceZone"/>; issue 79 item 3): each bound is the
/// REFERENCE's loss on the run's draw (<see cref="Reference"/>: the reference's parts, ddpm.py's FcNetwork 256 wide at
/// Adam 1e-3 and batch 64, trained by the same loop on the same images, transform and dequantisation, with weights and
/// batches of its own, its losses measured on the same held-out images with the same t and ε) plus a margin, held to the
/// former absolute bounds as limits whatever the reference scored: clearly good ≤ r + 0.03, fresh-run mean ≤ r + 0.03,
/// clearly bad &gt; r + 0.045, none beyond 0.25 (T = 100) and 0.255 (T = 5); <see cref="IndifferenceZone.FreshRuns"/> fresh
/// runs decide in between. <b>Calibration</b> (docs/measurements/2026-11-29-images-legit.md, <c>ImageLegitNetworksTests</c>):
/// the reference, the Correct example and every legitimate network for the images (<c>Submissions/Examples/Diffusion/Legit/images-*</c>:
/// ELU, a sinusoidal time embedding with SiLU, 384 wide, Adam 2e-3 with batch 128; and <c>dtu-silu</c>, <c>dtu-tanh</c>,
/// <c>dtu-wider-deeper</c>) over grading seeds 1 … 20; and the sheet's own second network, unet.py's U-Net
/// (<c>Legit/images-unet</c>, a quarter of its channels on the 14×14 images; docs/measurements/2026-11-29-images-unet.md:
/// the drawn permutation takes its locality prior away, and it still learns ε̂ within the margin). Every legitimate fully connected network but one keeps the point on 20 of 20 seeds, every first run clearly good; per hand-in false-fail
/// rate of the first runs (normal model, 95 % upper bound of the sd: the paired difference against the relative bounds
/// and the loss against the absolute limits) ≤ 7e-4 for the worst (<c>images-sinusoidal-silu</c>, T = 5: its loss
/// 0.2256 ± 0.0067 against the limit 0.255; r + 0.0131 ± 0.0054 against the relative bounds alone, ≤ 8e-6), ≤ 5e-6 for
/// the reference's own network, far less for the rest (they train below the reference); the longer training below can
/// only turn a failure into a pass. The U-Net (docs/measurements/2026-11-29-images-20-seeds.md): kept on the 20 of 20
/// seeds reached, every first run clearly good (loss − r: T = 100 −0.0177 ± 0.0059, T = 5 +0.0005 ± 0.0169, its spread three times a fully connected network's); its first runs' false
/// fail 2e-2 per hand-in at the sample sd, 9e-2 at its upper bound, above 10⁻³ at the first runs, at the point estimates (its longer
/// training never ran: unmeasured). <b>Sequential budget</b> (issue 79, docs/measurements/2026-11-29-images-deeper.md):
/// a deeper legitimate network (<c>dtu-wider-deeper</c>, three ReLU layers of 256) trains more slowly and fails the
/// runs of <see cref="Settings.Steps"/> steps on every seed (0.36 against 0.20); the check certifies that the network
/// learns ε̂, not that it learns it as fast as ddpm.py's. So a hand-in whose runs fail on their losses, while every
/// first-run loss is below ε̂ = 0's (<see cref="ZeroPredictionLoss"/>), trains once more on the first run's draw for
/// <see cref="Settings.LongerSteps"/> steps per schedule (<see cref="MeasureLonger"/>) and passes when those losses are
/// within the fresh-run bounds over the reference's losses after <see cref="Settings.Steps"/> steps (the reference is
/// not trained longer: the bar is what ddpm.py's network reaches in the budget, the hand-in gets a multiple of the
/// budget to reach it). A hand-in the first runs pass pays nothing. <b>Power</b>: ddpm.py's network at its toy width (64 hidden units, narrower
/// than the image: r + 0.54), the Wiener-denoiser cheat (the loop) and the 14 mutants that name the check lose on 20 of 20
/// seeds; the closed form of the published images (<c>Cheats/images-closed-form-of-the-known-images</c>, a mixture over
/// the 16 symmetries and signs) is a denoiser of the wrong images under the drawn permutation and loses on the coarse
/// schedule's loss, in both stages. Fresh runs are judged against the reference trained on their own draws (<see cref="OnTheFirstDraw"/>).
/// Cost: the reference's two trainings once per run seed (≈ 3.3 s of CPU, shared by every hand-in graded with that
/// seed) beside the hand-in's two (≈ 3.2–3.5 s for a fully connected network; ≈ 2 × 60–70 s for the U-Net, whose engine
/// convolutions set the call's CPU budget: <c>CallCpu</c>).
/// </para>
/// </remarks>
public sealed class DtuImageTrainingQuality(DtuImageTrainingQuality.Settings? settings = null, string? dataDirectory = null) : IImageDataCheck, ITrainingCheck
{
    /// <summary>The check's design (see the type's remarks; the bounds' derivation is in the measurement note).</summary>
    /// <param name="TrainingImages">Images the grader trains on.</param>
    /// <param name="HeldOut">Other images on which the denoising loss is measured.</param>
    /// <param name="Steps">The grader's Adam steps per training.</param>
    /// <param name="Samples">Images drawn with the reference sampler for the feedback.</param>
    /// <param name="LongerSteps">The grader's Adam steps per training of the longer training (<see cref="MeasureLonger"/>), for a hand-in the runs of <paramref name="Steps"/> steps failed.</param>
    /// <param name="PassLoss">Clearly-good bound on the held-out denoising loss.</param>
    /// <param name="FreshLoss">Bound on the fresh runs' mean loss.</param>
    /// <param name="MaxLoss">Clearly-bad bound on the loss.</param>
    public sealed record Settings(
        int TrainingImages = 2000,
        int HeldOut = 1000,
        int Steps = 1000,
        int Samples = 16,
        int LongerSteps = 8000,
        int T = 100,
        double BetaFirst = 1e-3,
        double BetaLast = 0.2,
        int CoarseT = 5,
        double CoarseBetaFirst = 0.1,
        double CoarseBetaLast = 0.9)
    {
        public NoiseSchedule Schedule() => ScheduleTerms.Linear(T, BetaFirst, BetaLast);

        /// <summary>The second training's schedule: few steps, so consecutive ᾱ_t differ much.</summary>
        public NoiseSchedule CoarseSchedule() => ScheduleTerms.Linear(CoarseT, CoarseBetaFirst, CoarseBetaLast);

        /// <summary>
        /// The margins of the two losses over the reference's on the run's draw (<see cref="Reference"/>), with their
        /// absolute limits (the bounds of the check before issue 79: a loss beyond them fails whatever the reference scored);
        /// calibrated over the legitimate networks in docs/measurements/2026-11-29-images-legit.md.
        /// </summary>
        public IReadOnlyList<DtuToyDataTrainingQuality.ScoreMargin> Margins { get; init; } = CalibratedMargins;

        /// <summary>The calibrated margins, one list for every default design (so two default designs are equal records).</summary>
        private static readonly IReadOnlyList<DtuToyDataTrainingQuality.ScoreMargin> CalibratedMargins =
        [
            new("held-out denoising loss", 0.03, 0.03, 0.045, 0.25),
            new("held-out denoising loss with a coarse schedule", 0.03, 0.03, 0.045, 0.255),
        ];

        /// <summary>The bounds of a run's scores, in the order of <see cref="Scores.Values"/>, given the reference's scores on the run's draw (in that order).</summary>
        public IReadOnlyList<ScoreBound> Bounds(IReadOnlyList<double> reference)
        {
            ArgumentNullException.ThrowIfNull(reference);
            if (reference.Count != Margins.Count) throw new ArgumentException($"expected {Margins.Count} reference scores, got {reference.Count}", nameof(reference));
            return [.. Margins.Select((m, i) => m.Bound(reference[i]))];
        }
    }

    /// <summary>
    /// One run: the held-out losses of the two trainings (the schedule's and the coarse one's), the samples drawn from
    /// the first network and as many held-out images (both [Samples, rows, columns] in [0, 1]) and the times (both
    /// trainings; the scoring).
    /// </summary>
    public sealed record Scores(double Loss, double CoarseLoss, Tensor Samples, Tensor Data, TimeSpan TrainTime, TimeSpan ScoreTime)
    {
        /// <summary>The scores in the order of <see cref="Settings.Bounds"/>.</summary>
        public IReadOnlyList<double> Values => [Loss, CoarseLoss];

        /// <summary>The largest relative difference of the hand-in's NegativeElbo from the formula's in the loss part, over both trainings (<see cref="DtuTrainingOutcome.MaxLossDeviation"/>).</summary>
        public double MaxValueDeviation { get; init; } = double.NaN;

        /// <summary>The reference's scores on the run's draw (<see cref="Reference"/>), in the order of <see cref="Values"/>: the bounds follow them.</summary>
        public IReadOnlyList<double> Reference { get; init; } = [];

        /// <summary>Whether this is the longer training (<see cref="MeasureLonger"/>: <see cref="Settings.LongerSteps"/> steps on the first run's draw), not a run of <see cref="Settings.Steps"/>.</summary>
        public bool Longer { get; init; }
    }

    public Settings Design { get; } = settings ?? new Settings();

    /// <summary>MNIST's task: one channel.</summary>
    public int? ImageChannels => 1;

    public string Id => "diffusion.dtu.image-training-quality";

    public string SheetRef => DeferredCheck.SheetRefOf(Id);

    public CheckResult Run(CheckContext context) => Decide(context).Result;

    /// <summary>
    /// The decision with the scores of every run it took: the first, the fresh runs when the first was undecided, and,
    /// when those fail on their losses, the longer training (<see cref="MeasureLonger"/>, the last, <see cref="Scores.Longer"/>).
    /// </summary>
    public (CheckResult Result, IReadOnlyList<Scores> Runs) Decide(CheckContext context)
    {
        var (failure, first) = Measure(context, 0);
        if (failure is not null) return (failure, []);
        var runs = new List<Scores> { first! };
        if (IndifferenceZone.Of(Design.Bounds(first!.Reference), first.Values) == IndifferenceZone.Zone.Undecided)
            for (var run = 1; run <= IndifferenceZone.FreshRuns; run++)
            {
                var (failed, fresh) = Measure(context, run);
                if (failed is not null) return (failed, runs);
                runs.Add(fresh!);
            }

        var verdict = Verdict(runs);
        // Sequential budget: a hand-in whose network the runs of Steps steps failed on its losses, but which learned
        // something in them (every loss below ε̂ = 0's), trains once more, longer.
        if (verdict.Outcome != CheckOutcome.Failed || !first.Values.All(v => v < ZeroPredictionLoss)) return (verdict, runs);
        var (failedLonger, longer) = MeasureLonger(context);
        if (failedLonger is not null) return (failedLonger, runs);
        runs.Add(longer!);
        return (Verdict(runs), runs);
    }

    /// <summary>
    /// The held-out loss of ε̂ = 0 (E‖ε‖²/D = 1): a first run at or above it in either schedule learned nothing in its
    /// steps (or diverged: NaN), so the longer training is not run for it.
    /// </summary>
    public const double ZeroPredictionLoss = 1.0;

    /// <summary>
    /// The longer training: the first run's draw (the same images, transform, held-out images, t and ε), both schedules
    /// trained for <see cref="Settings.LongerSteps"/> steps with weights and batches of their own, the held-out losses of
    /// the fresh networks, the reference's losses of the first run (its training of <see cref="Settings.Steps"/> steps) beside them.
    /// </summary>
    public (CheckResult? Failure, Scores? Scores) MeasureLonger(CheckContext context) => Measure(context, 0, longer: true);

    /// <summary>
    /// Training run <paramref name="run"/> (0: the first; 1, 2, …: fresh runs with every generator salted apart): the
    /// images drawn and transformed, the grader's two trainings of the hand-in's parts, the replay of their recorded
    /// steps, the held-out losses of the fresh networks and the samples, with the reference's losses on the first run's
    /// draw (<see cref="Reference"/>); a failure of the hand-in's code or parts ends it.
    /// </summary>
    public (CheckResult? Failure, Scores? Scores) Measure(CheckContext context, int run) => Measure(context, run, longer: false);

    /// <summary>Run <paramref name="run"/> of <see cref="Settings.Steps"/> steps with samples, or (<paramref name="longer"/>) the longer training on its draw.</summary>
    private (CheckResult? Failure, Scores? Scores) Measure(CheckContext context, int run, bool longer)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<IDtuTrainingParts>(context, out var parts) is { } unresolved) return (unresolved, null);
        if (call.Resolve<IDtuDdpm>(context, out var ddpm) is { } noLoss) return (noLoss, null);
        if (call.Resolve<IMnistDdpm>(context, out var mnist) is { } noSettings) return (noSettings, null);
        // The grader's loop where the hand-in lives (its host answers the run's contract with it); in process, on the parts here.
        var training = context.TryHandin<IDtuTrainingRun>() ?? DtuTrainingRun.InProcess(parts, ddpm, mnist);
        // The trained values cross into a fresh process of the hand-in (a second host beside a hand-in, issue 66 item 1; in process the same one).
        var freshTraining = context.TryFresh<IDtuTrainingRun>() ?? training;
        var (failure, scores) = longer
            ? Train(context, call, training, freshTraining, mnist.Settings, run, LongerSalt, sample: false, Design.LongerSteps)
            : Train(context, call, training, freshTraining, mnist.Settings, run, RunSalt(run), sample: true, Design.Steps);
        // The reference trains only for a hand-in whose training ran (a part the loop refused needs no bound).
        return (failure, scores is null ? null : scores with { Reference = Reference(context, run), Longer = longer });
    }

    /// <summary>The salts of run <paramref name="run"/>'s generators: +1 the images, +2/+5 the two networks' weights, +10/+11 their batches, +3/+6 the held-out losses, +4 the samples.</summary>
    private static ulong RunSalt(int run) => 0x1A7000UL + 16UL * (ulong)run;

    /// <summary>The salt of the run's transform (<see cref="DrawnImageTransform"/>): one per run seed, the same for the first and the fresh runs and for the reference.</summary>
    private const ulong TransformSalt = 0x1A7F00UL;

    /// <summary>The salt of the longer training's weights and batches (<see cref="MeasureLonger"/>): its own, on the first run's images.</summary>
    private const ulong LongerSalt = 0x1A7D00UL;

    /// <summary>The salt of the reference's weights and batches: its own, so its training is independent of the hand-in's.</summary>
    private const ulong ReferenceSalt = 0x1A7E00UL;

    /// <summary>The reference's losses per run seed, run and the settings they depend on: a run grades many hand-ins on one seed, so the reference trains once.</summary>
    private static readonly SeedCache<(ulong Seed, int Run, Settings Design, string? Data), IReadOnlyList<double>> References = new(capacity: 64);

    /// <summary>
    /// The reference's losses on run <paramref name="run"/>'s draw (0: the first run's; a fresh run's when it is one), in
    /// the order of <see cref="Scores.Values"/>: the reference's parts (ddpm.py's FcNetwork 256 wide for images,
    /// <see cref="ReferenceDtuTrainingParts"/>; Adam 1e-3, batch 64, <see cref="ReferenceMnistDdpm"/>) trained by the same
    /// loop on that run's images (same subset, same transform, same dequantisation) with weights and batches of its own,
    /// its held-out losses measured on the same held-out images with the same t and ε as the hand-in's run (so the two
    /// differ by their trainings alone). Computed once per run seed, run and settings in this process.
    /// </summary>
    public IReadOnlyList<double> Reference(CheckContext context, int run = 0)
    {
        ArgumentNullException.ThrowIfNull(context);
        return References.For((context.Seed, run, Design, dataDirectory), () =>
        {
            var settings = new ReferenceMnistDdpm();
            var training = DtuTrainingRun.InProcess(new ReferenceDtuTrainingParts(), new ReferenceDtuDdpm(), settings);
            var (failure, scores) = Train(context, new HandinCall(Id, SheetRef), training, training, settings.Settings, run, ReferenceSalt + 16UL * (ulong)run, sample: false, Design.Steps);
            return failure is null ? [.. scores!.Values] : throw new InvalidOperationException($"the reference's training failed on the run's images (a grader defect): {failure.Message}");
        });
    }

    /// <summary>
    /// Run <paramref name="run"/>'s images, the two trainings with weights and batches from <paramref name="trainingSalt"/>
    /// (the run's own, or the reference's), the held-out losses and, when <paramref name="sample"/>, the samples; <paramref name="settings"/> gives the batch size the probes are verified at.
    /// </summary>
    private (CheckResult? Failure, Scores? Scores) Train(CheckContext context, HandinCall call, IDtuTrainingRun training, IDtuTrainingRun freshTraining, Func<TrainingSettings?> settings, int run, ulong trainingSalt, bool sample, int steps)
    {
        var s = Design;
        var salt = RunSalt(run);
        var transform = Transform(context);
        var (train, heldOut, rows, columns, source) = Images(context.NewGenerator(salt + 1), transform);
        var schedule = s.Schedule();
        var coarse = s.CoarseSchedule();
        var setUp = $"{s.TrainingImages} training images of {rows}×{columns} from {source}, {transform.Describe()} (the sheet's transform applied by the grader), T = {schedule.T}, β {F(s.BetaFirst)} … {F(s.BetaLast)}, and T = {coarse.T}, β {F(s.CoarseBetaFirst)} … {F(s.CoarseBetaLast)}, {steps} of the grader's Adam steps each";
        var trainTime = TimeSpan.Zero;
        var scoreTime = TimeSpan.Zero;
        var deviation = 0.0;

        (CheckResult? Failure, IEpsilonNetwork? Network, double Loss, SamplingProbes? Probes, DtuTrainingOutcome? Outcome) TrainAndScore(NoiseSchedule on, ulong modelSalt, ulong batchSalt, ulong lossSalt)
        {
            var clock = Stopwatch.StartNew();
            // The loop grades NegativeElbo as the loss part before its first step: a wrong loss fails before any training.
            var failed = call.Run($"the grader's training of your parts (Model with d = {rows}·{columns}, IMnistDdpm.Settings; your NegativeElbo graded first as the loss) on images, T = {on.T}",
                () => training.TrainOnImages(train, on, steps, context.NewGenerator(modelSalt), context.NewGenerator(batchSalt)), out var outcome);
            trainTime += clock.Elapsed;
            if (failed is not null) return (failed.WithTutorDetail(setUp), null, double.NaN, null, null);
            if (outcome is null) return (call.Error("the grader's training returned no outcome (a grader defect).") with { TutorDetail = setUp }, null, double.NaN, null, null);
            if (outcome.FailedPart is { } part)
                return (call.Fail(DtuToyDataTrainingQuality.Stopped("images", part, outcome.Reason, PartName)) with { TutorDetail = setUp }, null, double.NaN, null, null);
            deviation = Math.Max(deviation, outcome.MaxLossDeviation);
            if (call.Run("Model(d, T, generator) for the fresh network the trained values go into",
                    () => freshTraining.Trained(rows * columns, on.T, context.NewGenerator(modelSalt), outcome.Values), out var fresh) is { } noFresh)
                return (noFresh.WithTutorDetail(setUp), null, double.NaN, null, null);
            if (fresh is null) return (call.Fail("a fresh network from your Model(d, T, generator) was null.") with { TutorDetail = setUp }, null, double.NaN, null, null);
            // Every call of the scoring and the sampling probed (issue 79 item 2): rows kept for the training's process, earlier calls again between them.
            var probes = new SamplingProbes(on.T, context.NewGenerator(modelSalt + 0x9B));
            var network = probes.Wrap(Grader.Remote.Channel.RemoteProxy.InCallersGradMode(fresh));
            clock.Restart();
            var bad = TrainAndSample.HeldOutLoss(call, network, on, heldOut, 0, context.NewGenerator(lossSalt), out var loss);
            scoreTime += clock.Elapsed;
            return (bad?.WithTutorDetail(setUp), network, loss, probes, outcome);
        }

        // The probes of a training's scoring (and the fine one's sampling) verified on a network holding the trained values in the training's process.
        CheckResult? SameFunction(NoiseSchedule on, ulong modelSalt, SamplingProbes probes, DtuTrainingOutcome outcome) =>
            TrainAndSample.SameFunction(call, probes, () => training.Trained(rows * columns, on.T, context.NewGenerator(modelSalt), outcome.Values), TrainAndSample.TrainingBatch(call, settings))?.WithTutorDetail(setUp);

        static string PartName(string part) => part == "settings" ? "settings for images (IMnistDdpm.Settings: learning rate and batch size)" : DtuToyDataTrainingQuality.PartName(part);

        var (failedFine, network, loss, probes, outcome) = TrainAndScore(schedule, trainingSalt + 2, trainingSalt + 10, salt + 3);
        if (failedFine is not null) return (failedFine, null);
        var shown = torch.zeros([0, rows, columns]);
        if (sample)
        {
            var sampling = Stopwatch.StartNew();
            if (TrainAndSample.Sample(call, network!, schedule, ReverseVariance.Beta, s.Samples, rows * columns, context.NewGenerator(salt + 4), out var samples, out _) is { } badSample)
                return (badSample.WithTutorDetail(setUp), null);
            scoreTime += sampling.Elapsed;
            var flat = new float[samples.Length];
            var k = 0;
            foreach (var v in samples) flat[k++] = (float)v;
            // Shown as the data set shows them: the run's transform undone.
            shown = MnistIdx.ToUnitInterval(transform.Undo(tensor(flat, s.Samples, rows * columns), rows, columns).reshape(-1, rows, columns));
        }

        if (SameFunction(schedule, trainingSalt + 2, probes!, outcome!) is { } changed) return (changed, null);
        var (coarseFailed, _, coarseLoss, coarseProbes, coarseOutcome) = TrainAndScore(coarse, trainingSalt + 5, trainingSalt + 11, salt + 6);
        if (coarseFailed is not null) return (coarseFailed, null);
        if (SameFunction(coarse, trainingSalt + 5, coarseProbes!, coarseOutcome!) is { } coarseChanged) return (coarseChanged, null);
        var data = MnistIdx.ToUnitInterval(transform.Undo(heldOut.narrow(0, 0, Math.Min(s.Samples, heldOut.size(0))), rows, columns).reshape(-1, rows, columns));
        return (null, new Scores(loss, coarseLoss, shown, data, trainTime, scoreTime) { MaxValueDeviation = deviation });
    }

    /// <summary>The run's transform of the images (<see cref="DrawnImageTransform"/>), drawn from the run seed.</summary>
    public static DrawnImageTransform Transform(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return DrawnImageTransform.Draw(context.NewGenerator(TransformSalt));
    }

    /// <summary>
    /// The run's images after the sheet's transform (<see cref="MnistIdx.Dequantise"/>: dequantised, mapped to [−1, 1],
    /// flattened), all pooled to 14×14, then put through the run's <paramref name="transform"/>: <see cref="Settings.TrainingImages"/>
    /// to train on, [N, rows·columns], and <see cref="Settings.HeldOut"/> others, [M, rows·columns].
    /// </summary>
    public (Tensor Train, Tensor HeldOut, int Rows, int Columns, string Source) Images(Generator generator, DrawnImageTransform? transform = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        transform ??= DrawnImageTransform.Identity;
        var s = Design;
        var needed = s.TrainingImages + s.HeldOut;
        var (all, source) = UnseenImages.Pool(needed, generator, dataDirectory);
        if (all.Count < needed) throw new InvalidDataException($"{source} holds {all.Count} images; the check needs {needed}.");
        var picked = generator.Permutation(all.Count).Take(needed).ToArray();
        var train = all.Select(picked[..s.TrainingImages]).Pooled(UnseenImages.PoolFactor);
        var heldOut = all.Select(picked[s.TrainingImages..]).Pooled(UnseenImages.PoolFactor);
        var transformedHeldOut = MnistIdx.Dequantise(heldOut, generator);
        return (transform.Apply(MnistIdx.Dequantise(train, generator), train.Rows, train.Columns), transform.Apply(transformedHeldOut, train.Rows, train.Columns), train.Rows, train.Columns, source);
    }
    /// <summary>
    /// The check's result for the first run's loss and, when that is undecided, the fresh runs'; when those fail and the
    /// longer training is among <paramref name="runs"/> (<see cref="Scores.Longer"/>), its losses decide: within the
    /// fresh-run bounds of the first run's draw (the reference's losses after <see cref="Settings.Steps"/> steps plus the
    /// margin, held to the absolute limits) the check passes.
    /// </summary>
    public CheckResult Verdict(IReadOnlyList<Scores> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var s = Design;
        var longer = runs.FirstOrDefault(r => r.Longer);
        runs = [.. runs.Where(r => !r.Longer)];
        if (runs.Count == 0) throw new ArgumentException("no run to decide", nameof(runs));
        var bounds = s.Bounds(runs[0].Reference);
        var reference = string.Join(" and ", runs[0].Reference.Select(v => v.ToString("G4", CultureInfo.InvariantCulture)));
        var setUp = $"the grader's loop: {s.Steps} Adam steps of your parts on {s.TrainingImages} images of 14×14 drawn for the run, their pixels in a drawn order with drawn signs (the sheet's transform applied by the grader) with T = {s.T}, β {F(s.BetaFirst)} … {F(s.BetaLast)} and again with T = {s.CoarseT}, β {F(s.CoarseBetaFirst)} … {F(s.CoarseBetaLast)}, Adam on the grader's negative ELBO of your network's outputs (your NegativeElbo graded first on 8 of each training's batches with the grader's network: within {runs[0].MaxValueDeviation:G3} of the formula, relative), the loss on {s.HeldOut} held-out images of a fresh network holding the trained values, the bounds over the reference's losses on the same images ({reference}), {runs.Count} run(s)";
        const string judged = "the denoising loss ‖ε − ε̂(z_t, t/T)‖² per pixel, on images it was not trained on, each noised at its own t, of the network the grader trained from your parts";
        var result = IndifferenceZone.Verdict(Id, SheetRef, bounds, OnTheFirstDraw(runs), setUp,
            decided => $"The grader's training of your parts on images gives a network that denoises images it has not seen as a correct training does ({judged}): {decided}.",
            decided => $"The grader's training of your parts on images gives a network whose noise predictions are too far from a correct training's ({judged}): {decided}. The grader trained your parts with its own loop, on its own negative ELBO of your network's outputs (your NegativeElbo passed its check first), so the parts that decide this are your settings for images (IMnistDdpm.Settings: the learning rate, ddpm.py's Adam uses 1e-3, and the batch size, the sheet suggests 64) and your model: a network for d = rows·columns able to learn ε̂ from z_t and t/T.") with { Images = [Pictures(runs[0])] };
        if (longer is null || result.Outcome != CheckOutcome.Failed) return result;
        // The sequential budget's second stage: the longer training on the first run's draw, against the same reference losses.
        var line = string.Join(", ", bounds.Zip(longer.Values).Select(p => $"{p.First.Name} = {F(p.Second)} ({p.First.FreshText})"));
        var times = (s.LongerSteps / (double)s.Steps).ToString("G3", CultureInfo.InvariantCulture);
        var again = $"trained once more from fresh random numbers with {times} times as many of the grader's steps (a network may learn more slowly than ddpm.py's and still learn ε̂), the same held-out images give {line}";
        var detail = $"{setUp}; the longer training: {s.LongerSteps} Adam steps per schedule on the first run's images, judged by the fresh-run bounds over the reference's losses after {s.Steps} steps";
        return IndifferenceZone.FreshPasses(bounds, longer.Values)
            ? CheckResult.Pass(Id, $"The grader's training of your parts on images gives a network that denoises images it has not seen as a correct training does ({judged}), given more steps than ddpm.py's network needs: {IndifferenceZone.Decide(bounds, OnTheFirstDraw(runs)).Text}; {again}.", SheetRef) with { TutorDetail = detail, Images = result.Images }
            : result with { Message = $"{result.Message} It does not learn it with more steps either: {again}.", TutorDetail = detail };
    }

    /// <summary>
    /// The runs' losses for the bounds of the first run's draw: the first run's as measured, each fresh run's as its
    /// difference from the reference's on its own draw added to the first run's reference (v − r_k + r_0), so a fresh
    /// run is judged against the reference on the same images, t and ε as the first run is.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<double>> OnTheFirstDraw(IReadOnlyList<Scores> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var first = runs[0].Reference;
        return [.. runs.Select((r, k) => k == 0 || r.Reference.Count != first.Count ? r.Values : (IReadOnlyList<double>)[.. r.Values.Select((v, i) => v - r.Reference[i] + first[i])])];
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
