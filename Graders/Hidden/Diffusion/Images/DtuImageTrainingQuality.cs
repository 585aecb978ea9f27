using System.Diagnostics;
using System.Globalization;
using Grader.Checks.Checking;
using Grader.Checks.Diffusion.Support;
using Grader.Checks.Hidden.Diffusion.Oracles;
using Grader.Checks.Results;
using Grader.Contracts.Diffusion;
using Grader.Reference.Data;
using Grader.Reference.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Checks.Hidden.Diffusion.Images;

/// <summary>
/// Sheet 004, ex. 3.5, "learn a DDPM on MNIST" (task 004/3.5/mnist, hidden): the hand-in's training on images
/// (<see cref="IMnistDdpm.Train"/>) under the grader's step budget and generator gives an ε-network whose denoising
/// loss on held-out images is a correct training's; the REFERENCE sampler (Algorithm 2, σ_t² = β_t) draws images from
/// it for the feedback.
/// </summary>
/// <remarks>
/// <para>
/// <b>Set-up</b> (<see cref="Settings"/>): from the first <see cref="UnseenImages.PoolSize"/> training images of the
/// data set (Fashion-MNIST where Debian's <c>dataset-fashion-mnist</c> is installed, a tutor's <c>--data DIR</c>), pooled
/// to 14×14 (D = 196), <see cref="Settings.TrainingImages"/> are picked per run and handed to <c>Train</c> as
/// <c>ToTensor()</c> gives them ([N, 14, 14], k/255); <see cref="Settings.HeldOut"/> others, put through the sheet's
/// transform (dequantised, mapped to [−1, 1], flattened), are the held-out images. T = 100, β linear 1e-3 … 0.2 (the
/// schedule of <see cref="DtuImageSampleWithOracle"/>), a budget of <see cref="Settings.Steps"/> optimiser steps and a
/// generator from the grading seed.
/// </para>
/// <para>
/// <b>Score</b>: the trained network's denoising loss ‖ε − ε̂(z_t, t/T)‖² / D on the held-out images, each with its own
/// t ~ U{0..T−1} and ε ~ N(0, I) (<see cref="TrainAndSample.HeldOutLoss"/>, the loss of the toy-data check over every t).
/// It is the objective of Algorithm 1 on images the network has not seen, so it judges only the training (not the
/// sampler: a bug of ex. 3.4's sampler costs 3.4, and the sampling of ex. 3.5 is judged by
/// <see cref="DtuImageSampleWithOracle"/>). Every training mutant the sheet invites moves it: a network trained on the
/// raw t or on images left in [0, 1] sees other inputs than those it is asked on; one trained to predict x₀ predicts
/// the wrong thing; a tenth of the budget leaves it far less trained; a fixed function in place of a trained network
/// is right only where the images are pure noise.
/// </para>
/// <para>
/// <b>Why no sample-quality metric decides.</b> The shipped feature classifier reads 28×28 images, and at the CPU budget
/// (the fully connected network of the sheet, 1,000 steps on 196 pixels) the samples are blurry shapes whose
/// metric would mostly measure the budget; the loss separates each named bug from a correct training by many of its
/// standard deviations (<c>docs/measurements/2026-11-24-image-training-power.md</c>). <see cref="Settings.Samples"/>
/// images are drawn with the reference sampler from the trained network and kept on the scores for the feedback's
/// pictures; a network that cannot be sampled (it throws or returns no finite numbers of the right shape) fails.
/// </para>
/// <para>
/// <b>Decision</b> (<see cref="Settings.Bounds"/>, <see cref="IndifferenceZone"/>): the first run passes with a loss
/// ≤ 0.235, fails beyond 0.25, and in between <see cref="IndifferenceZone.FreshRuns"/> fresh runs decide by their mean
/// (≤ 0.235). Calibration over grading seeds 1–20 (benchmark <c>image-training-power</c>, 2026-11-24): the reference
/// 0.1982 ± 0.0086 [0.1837, 0.2153], the Correct example 0.2011 ± 0.0087 [0.1834, 0.2196]. The clearly-good bound is the
/// pooled mean 0.1997 plus 4 sd (0.035), the clearly-bad one 5.8 sd above it: a correct training is undecided with
/// probability about 3e-5 and fails at once with about 3e-9 under a normal law (the largest of the 40 runs was 2.3 sd
/// above the mean), and an undecided run's mean of three fresh runs (sd 0.005) beyond 0.235 is 7 sd away. Every training
/// mutant and the cheat lies above 0.25 on every seed (images left in [0, 1]: 0.297 at least; the fixed network ε̂ = z_t:
/// 0.255 at least), so each is caught on the first run or by its fresh runs. Not caught: ᾱ_{t−1} used for step t
/// (0.2038 ± 0.0092, as a correct training at this budget), so it is no bundled mutant. Cost: 1.6–2.5 s of CPU per
/// hand-in (1,000 steps of batch 64 on a 196-256-256-196 network; training is 95 % of it).
/// </para>
/// </remarks>
public sealed class DtuImageTrainingQuality(DtuImageTrainingQuality.Settings? settings = null, string? dataDirectory = null) : IImageDataCheck
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
        double MaxLoss = 0.25)
    {
        public NoiseSchedule Schedule() => ScheduleTerms.Linear(T, BetaFirst, BetaLast);

        public IReadOnlyList<ScoreBound> Bounds => [new("held-out denoising loss", PassLoss, FreshLoss, MaxLoss)];
    }

    /// <summary>One training run: the held-out loss, the samples drawn from the network ([Samples, rows, columns] in [0, 1]) and the times.</summary>
    public sealed record Scores(double Loss, Tensor Samples, TimeSpan TrainTime, TimeSpan ScoreTime)
    {
        /// <summary>The scores in the order of <see cref="Settings.Bounds"/>.</summary>
        public IReadOnlyList<double> Values => [Loss];
    }

    public Settings Design { get; } = settings ?? new Settings();

    /// <summary>MNIST's task: one channel.</summary>
    public int? ImageChannels => 1;

    public string Id => "diffusion.dtu.image-training-quality";

    public string SheetRef => "sheet 004, ex. 3.5: learn a DDPM on MNIST with the DDPM of ex. 3.4 (Algorithm 1), the images dequantised and transformed to [−1, 1]";

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
        var setUp = $"{s.TrainingImages} training images of {rows}×{columns} from {source}, T = {schedule.T}, β {F(s.BetaFirst)} … {F(s.BetaLast)}, budget {s.Steps} steps";

        var clock = Stopwatch.StartNew();
        var what = "Train(images, schedule, steps, generator)";
        if (call.Run(what, () => ddpm.Train(train, schedule, s.Steps, context.NewGenerator(salt + 2)), out var network) is { } threw)
            return (threw.WithTutorDetail(setUp), null);
        if (network is null) return (call.Fail($"{what} returned null; it must return the trained ε-network.") with { TutorDetail = setUp }, null);
        var trainTime = clock.Elapsed;

        clock.Restart();
        if (TrainAndSample.HeldOutLoss(call, network, schedule, heldOut, 0, context.NewGenerator(salt + 3), out var loss) is { } badLoss)
            return (badLoss.WithTutorDetail(setUp), null);
        if (TrainAndSample.Sample(call, network, schedule, ReverseVariance.Beta, s.Samples, rows * columns, context.NewGenerator(salt + 4), out var samples, out _) is { } badSample)
            return (badSample.WithTutorDetail(setUp), null);
        var flat = new float[samples.Length];
        var k = 0;
        foreach (var v in samples) flat[k++] = (float)v;
        var shown = MnistIdx.ToUnitInterval(tensor(flat, s.Samples, rows, columns));
        return (null, new Scores(loss, shown, trainTime, clock.Elapsed));
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
        var (passed, decided) = IndifferenceZone.Decide(bounds, [.. runs.Select(r => r.Values)]);
        var setUp = $"{s.Steps} training steps on {s.TrainingImages} images of 14×14, T = {s.T}, β {F(s.BetaFirst)} … {F(s.BetaLast)}, the loss on {s.HeldOut} held-out images, {runs.Count} training run(s)";
        const string judged = "the trained network's denoising loss ‖ε − ε̂(z_t, t/T)‖² per pixel on images it was not trained on, each noised at its own t";
        return passed
            ? CheckResult.Pass(Id, $"Your training on images gives a network that denoises images it has not seen as a correct training does ({judged}): {decided}.", SheetRef) with { TutorDetail = setUp }
            : CheckResult.Fail(Id,
                $"Your training on images gives a network whose noise predictions are too far from a correct training's ({judged}): {decided}. Check Algorithm 1 on the images: the sheet's transform of the pixels, t ~ U{{0..T−1}}, ε ~ N(0, I), z_t = √ᾱ_t x + √(1 − ᾱ_t) ε, the loss ‖ε − ε_θ(z_t, t/T)‖², that the returned network takes t/T, and that the training takes every step of its budget.",
                expected: IndifferenceZone.Expected(bounds), seen: IndifferenceZone.Line(bounds, runs[0].Values), sheetRef: SheetRef) with { TutorDetail = setUp };
    }

    private static string F(double v) => v.ToString("G3", CultureInfo.InvariantCulture);
}
