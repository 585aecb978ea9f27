using Grader.Checks.Diffusion.Support;
using Grader.Checks.Hidden.Diffusion.Oracles;
using Grader.Checks.Hidden.Diffusion.Statistical;
using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion;
using Grader.Reference.Diffusion.Handin;

namespace Grader.Checks.Hidden.Diffusion.Images;

/// <summary>
/// Sheet 001, ex. 1 (f) (bonus: "adapt the notebook … to also work on image data, and repeat the previous tasks"): one
/// of the hand-in's processes of (a), (b)/(c) and (d) on images (<see cref="IImageDiffusion"/>), run without training
/// anything. Its ε-network is the exact optimal denoiser of a small set of images drawn for the run
/// (<see cref="ImageSetOracle"/> over <see cref="FiniteSetOracle"/>, raw-index time, x_t as [N, C, H, W]), its noise the
/// grader's keyed source; the output is then fixed, and compared with the reference's for the same set and noise.
/// </summary>
/// <remarks>
/// <para>
/// <b>Set-up</b> (<see cref="Settings"/>): M = 32 images of the data set (<see cref="UnseenImages"/>: Fashion-MNIST where
/// Debian's <c>dataset-fashion-mnist</c> is installed, a tutor's <c>--data DIR</c>, else the generated set), picked per
/// run, pooled to 14×14, in [−1, 1], so the batches are [N, 1, 14, 14] (a tutor's CIFAR-10, <c>--data DIR</c> with its binary
/// batches: three channels pooled to 16×16, [N, 3, 16, 16], as the sheet offers "MNIST or CIFAR10"); linear β from 1e-3 to 0.2 over
/// T = 100 steps (ᾱ_T = 2e-5). <see cref="ImageProcess.Reverse"/>: N = 16 images with the process of 1 (a) (σ² = β̃);
/// <see cref="ImageProcess.Interpolation"/>: 8 latents evenly spaced between two latents drawn for the run, through the
/// same-noise process of 1 (c); <see cref="ImageProcess.Ddim"/>: N = 16 images with DDIM at η = 0 (the sheet's
/// deterministic process). Both sides are clamped to [0, 1] before the comparison, so mapping back with or without
/// clamping is the same answer.
/// </para>
/// <para>
/// <b>Tolerance</b> τ = 5e-4 per displayed pixel, an eighth of a grey level, as <see cref="DtuImageSampleWithOracle"/>:
/// the oracle pulls every chain onto one image of the set, so float32 rounding does not grow;
/// <c>HeidelbergImageProcessWithOracleTests</c> measures the largest difference of an independently written sampler (the
/// bundled correct example) from the reference, and the rates over seeds are in docs/measurements/2026-11-23-heidelberg-images.md.
/// </para>
/// <para>
/// <b>Named failures.</b> Images transposed (read back column by column); images not mapped back to [0, 1]; the
/// network's shape refused (flattened, channel axis dropped: the oracle errs with a message); one noise for all samples
/// in (a), or a noise per sample in the interpolation (read off the shapes the hand-in asked the noise source for);
/// the last step left out (ε̂ never evaluated at t = 0); otherwise which images differ.
/// </para>
/// </remarks>
public sealed class HeidelbergImageProcessWithOracle(HeidelbergImageProcessWithOracle.ImageProcess process, HeidelbergImageProcessWithOracle.Settings? settings = null, string? dataDirectory = null, Func<IImageDiffusion>? reference = null)
    : HandinCheck<IImageDiffusion>(IdOf(process)), IImageDataCheck
{
    /// <summary>Which of the contract's processes the check runs.</summary>
    public enum ImageProcess
    {
        /// <summary>(a): <see cref="IImageDiffusion.SampleImages"/>.</summary>
        Reverse,

        /// <summary>(b)/(c): <see cref="IImageDiffusion.InterpolateImages"/>.</summary>
        Interpolation,

        /// <summary>(d): <see cref="IImageDiffusion.SampleImagesDdim"/> with η = 0.</summary>
        Ddim,
    }

    /// <summary>The check's design (see the type's remarks).</summary>
    public sealed record Settings(int Images = 32, int Samples = 16, int InterpolationPoints = 8, int Steps = 100, double BetaFirst = 1e-3, double BetaLast = 0.2, double Tolerance = 5e-4)
    {
        public NoiseSchedule Schedule() => ScheduleTerms.Linear(Steps, BetaFirst, BetaLast);
    }

    private readonly Func<IImageDiffusion> _reference = reference ?? (() => new ReferenceImageDiffusion());

    public ImageProcess Runs { get; } = process;

    public Settings Design { get; } = settings ?? new Settings();

    /// <summary>"MNIST or CIFAR10": one channel or three.</summary>
    public int? ImageChannels => null;

    private static string IdOf(ImageProcess process) => "diffusion.heidelberg.images." + process switch
    {
        ImageProcess.Reverse => "reverse-process-with-oracle",
        ImageProcess.Interpolation => "same-noise-interpolation-with-oracle",
        _ => "ddim-with-oracle",
    };

    private string Call => Runs switch
    {
        ImageProcess.Reverse => "SampleImages(N, C, H, W, schedule, network, noise)",
        ImageProcess.Interpolation => "InterpolateImages(from, to, count, schedule, network, noise)",
        _ => "SampleImagesDdim(N, C, H, W, η = 0, schedule, network, noise)",
    };

    protected override CheckResult Check(CheckContext context, HandinCall call, IImageDiffusion handin)
    {
        var s = Design;
        var images = UnseenImages.Draw(s.Images, context.NewGenerator(0x1F6E), dataDirectory ?? context.DataDirectory, channels: null);
        var schedule = s.Schedule();
        var noiseSeed = context.NewGenerator(0x1F6F).NextUInt64();
        int c = images.Channels, h = images.Rows, w = images.Columns, d = c * h * w;
        var n = Runs == ImageProcess.Interpolation ? s.InterpolationPoints : s.Samples;
        int[] imageShape = [c, h, w];
        int[] shape = [n, c, h, w];
        var ends = new KeyedNoise(context.NewGenerator(0x1F70).NextUInt64()).Latent([2, c, h, w]);
        Tensor from = ends.select(0, 0).clone(), to = ends.select(0, 1).clone();

        Tensor expected;
        using (torch.no_grad())
            expected = Invoke(_reference(), new ImageSetOracle(schedule, images.Pixels, imageShape, OracleTime.RawIndex), new KeyedNoise(noiseSeed), from.clone(), to.clone());

        var oracle = new ImageSetOracle(schedule, images.Pixels, imageShape, OracleTime.RawIndex);
        var recorder = new StepReplay.Recorder(oracle, schedule.T, OracleTime.RawIndex);
        var noise = new KeyedNoise(noiseSeed);
        if (call.Run(Call, () => Invoke(handin, recorder, noise, from.clone(), to.clone()), out var output) is { } threw) return threw;
        if (call.Tensor(Call, output, shape) is { } bad) return bad;

        var raw = output.contiguous().ToDoubleArray();
        var seen = raw.Select(v => Math.Clamp(v, 0, 1)).ToArray();
        var want = expected.contiguous().ToDoubleArray();
        var (worst, differing) = DtuImageSampleWithOracle.Differences(seen, want, n, d, s.Tolerance);

        var tutor = $"{images.Count} images of {c}×{h}×{w} from {images.Source}; {Runs}: N = {n}, T = {schedule.T}, β {F(s.BetaFirst)} … {F(s.BetaLast)}; " +
                    $"{differing} of {n} images differ; largest |Δ| {F(worst)} in [0, 1]; hand-in's raw values {F(raw.Min())} … {F(raw.Max())}; " +
                    $"noise asked for {NoiseShapes(noise)}";
        const string setUp = "with the exact ε-network of a set of images you have not seen and the grader's noise";
        var method = Call[..Call.IndexOf('(')];
        // The output forgets how the chain got there (the oracle pulls every chain onto an image of the set): the whole chain is replayed.
        if (differing == 0 && Replay(recorder, schedule, noiseSeed, shape, from, to) is { } wrong)
            return call.Fail($"{method} {StepReplay.Describe(wrong, schedule.T, Runs == ImageProcess.Ddim ? null : "β̃_t", Start)} Re-read {SheetRef}.",
                expected: Runs == ImageProcess.Ddim ? "x_{t−1} = √ᾱ_{t−1}·x̂₀ + √(1 − ᾱ_{t−1})·ε̂ at every step from the latents" : "x_{t−1} = μ_θ(x_t, t) + σ_t z at every step from the latents",
                seen: wrong.NotEvaluated ? $"ε̂ never evaluated at {StepName.Of(wrong.T, schedule.T)}"
                    : wrong.T == schedule.T ? $"the first x_{{T−1}} {F(wrong.Tolerances)} tolerances from the latents"
                    : wrong.NoiseMissing ? $"no noise at {StepName.Of(wrong.T, schedule.T)}" : $"{F(wrong.Tolerances)} tolerances off at {StepName.Of(wrong.T, schedule.T)}")
                with { TutorDetail = tutor + $"; step replay: {(wrong.NotEvaluated ? $"never evaluated at t = {wrong.T}" : wrong.T == schedule.T ? "start" : $"t = {wrong.T}")} off by {F(wrong.Tolerances)} tolerances{(wrong.NoiseMissing ? ", no noise added" : "")}" };
        if (differing == 0)
            return CheckResult.Pass(Id, $"{method} gives the reference's images {setUp}: largest pixel difference {F(worst)} in [0, 1], within {F(s.Tolerance)} (an eighth of a grey level).", SheetRef)
                with { TutorDetail = tutor, Images = Pictures(raw, want, n, c, h, w) };

        var hint = Hint(raw, seen, want, n * c, h, w, noise, oracle);
        var who = differing == n ? "every image differs" : "some images differ";
        return call.Fail($"{method} differs from the reference's images {setUp}: {who}, largest pixel difference {F(worst)} > {F(s.Tolerance)} in [0, 1]. {hint} Re-read {SheetRef}.",
            expected: "the reference's images, within an eighth of a grey level", seen: $"largest pixel difference {F(worst)}") with { TutorDetail = tutor, Images = Pictures(raw, want, n, c, h, w) };
    }

    /// <summary>What the chain starts from, in the feedback's words.</summary>
    private string Start => Runs == ImageProcess.Interpolation
        ? "the points of the line between the two latents, both ends included (λ = i/(N − 1), i = 0 … N − 1)"
        : "the latents the noise source gave";

    /// <summary>
    /// The chain replayed step by step (<see cref="StepReplay"/>): the rows the ε-network was given first are the latents
    /// (the noise source's for (a) and (d), the line between <paramref name="from"/> and <paramref name="to"/> with both
    /// ends for the interpolation), every t = T − 1 … 0 is evaluated, and each step is (a)'s posterior step with the
    /// grader's noise (one noise image per step shared by the interpolation's points) or DDIM's at η = 0.
    /// </summary>
    private StepReplay.WrongStep? Replay(StepReplay.Recorder recorder, NoiseSchedule schedule, ulong noiseSeed, int[] shape, Tensor from, Tensor to)
    {
        int n = shape[0], d = shape[1] * shape[2] * shape[3];
        float[][] start;
        if (Runs == ImageProcess.Interpolation)
        {
            double[] a = from.contiguous().ToDoubleArray(), b = to.contiguous().ToDoubleArray();
            start = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, d).Select(p => (float)(a[p] + (double)i / (n - 1) * (b[p] - a[p]))).ToArray()).ToArray();
        }
        else
        {
            start = StepReplay.Rows(new KeyedNoise(noiseSeed).Latent(shape), n);
        }

        if (Runs == ImageProcess.Ddim) return StepReplay.FirstWrong(recorder, StepReplay.StepRule.Ddim(schedule.Betas), null, start);
        int[] noiseShape = Runs == ImageProcess.Reverse ? shape : [1, shape[1], shape[2], shape[3]];
        return StepReplay.FirstWrong(recorder, StepReplay.StepRule.Posterior(schedule.Betas, ReverseVariance.BetaTilde), t => StepReplay.NoiseRows(noiseSeed, t, noiseShape), start);
    }

    /// <summary>
    /// The hand-in's images as returned (values outside [0, 1] are marked in the grid) above the reference's from the same
    /// latents and noise: at most <see cref="DtuImageSampleWithOracle.ShownSamples"/> of the samples, or the whole
    /// interpolation row; colour images (CIFAR-10) as their luminance, the grids being grey. Computed from the two
    /// outputs the check compares anyway.
    /// </summary>
    private IReadOnlyList<ImageGrid> Pictures(double[] raw, double[] want, int n, int channels, int rows, int columns)
    {
        var count = Runs == ImageProcess.Interpolation ? n : Math.Min(n, DtuImageSampleWithOracle.ShownSamples);
        var what = Runs == ImageProcess.Interpolation ? "interpolation row" : "images";
        var colour = channels == 3 ? " (their luminance, 0.299 R + 0.587 G + 0.114 B)" : channels == 1 ? "" : " (their first channel)";
        return [ImageGrid.Of($"Your {what} beside the reference's from the same latents and noise, with the exact ε-network of a set of images you have not seen{colour}",
            rows, columns, ($"your {what}", Grey(raw, count, channels, rows * columns), null), ("the reference's", Grey(want, count, channels, rows * columns), null))];
    }

    /// <summary>The first <paramref name="count"/> images of [N, C, plane] values as one plane each: itself, the luminance of red, green and blue, or the first channel.</summary>
    private static double[] Grey(double[] values, int count, int channels, int plane)
    {
        var grey = new double[count * plane];
        for (var i = 0; i < count; i++)
            for (var p = 0; p < plane; p++)
            {
                var at = i * channels * plane + p;
                grey[i * plane + p] = channels == 3 ? 0.299 * values[at] + 0.587 * values[at + plane] + 0.114 * values[at + 2 * plane] : values[at];
            }

        return grey;
    }

    private Tensor Invoke(IImageDiffusion handin, IEpsilonNetwork network, INoiseSource noise, Tensor from, Tensor to)
    {
        var s = Design;
        var shape = ((ImageSetOracle)((network as StepReplay.Recorder)?.Inner ?? network)).ImageShape;
        return Runs switch
        {
            ImageProcess.Reverse => handin.SampleImages(s.Samples, shape[0], shape[1], shape[2], s.Schedule(), network, noise),
            ImageProcess.Interpolation => handin.InterpolateImages(from, to, s.InterpolationPoints, s.Schedule(), network, noise),
            _ => handin.SampleImagesDdim(s.Samples, shape[0], shape[1], shape[2], 0.0, s.Schedule(), network, noise),
        };
    }

    private string Hint(double[] raw, double[] seen, double[] want, int n, int h, int w, KeyedNoise noise, ImageSetOracle oracle)
    {
        if (h == w && DtuImageSampleWithOracle.Transposed(seen, want, n, h, Design.Tolerance))
            return "Your images are the reference's transposed: rows and columns are swapped when the images are read back or reshaped.";
        if (raw.Min() < -0.25 || raw.Max() > 1.25)
            return $"Your pixel values reach {F(raw.Min())} … {F(raw.Max())}: the images you return are not in [0, 1], the range they are displayed in.";
        if (!oracle.VisitedSteps.Contains(0))
            return "Your process never evaluated ε̂ at t = 0: the last step of the reverse process is missing.";
        var perSample = noise.StepRequests.Any(r => r.shape.Length > 0 && r.shape[0] > 1);
        var shared = noise.StepRequests.Any(r => r.shape.Length > 0 && r.shape[0] == 1);
        if (Runs == ImageProcess.Reverse && shared && !perSample)
            return "You asked the noise source for one image of noise per step and gave it to every sample: in the reverse process of (a) each sample has its own noise.";
        if (Runs == ImageProcess.Interpolation && perSample && !shared)
            return "You asked the noise source for a noise per sample: the process of (c) gives every point of the interpolation the identical noise.";
        if (Runs == ImageProcess.Ddim && noise.StepRequests.Count > 0)
            return "Your DDIM process drew noise at η = 0, where it is deterministic.";
        return "The steps move your images differently from the reference's for the same latents and noise (the coefficients of x_t and ε̂, the variance, or the latents).";
    }

    private static string NoiseShapes(KeyedNoise noise) =>
        noise.StepRequests.Count == 0 ? "no step noise" : string.Join(", ", noise.StepRequests.Select(r => "[" + string.Join(", ", r.shape) + "]").Distinct());

    private static string F(double v) => v.ToString("G3", CultureInfo.InvariantCulture);
}
