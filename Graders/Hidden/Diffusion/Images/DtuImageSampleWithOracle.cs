using Grader.Checks.Diffusion;
using Grader.Checks.Diffusion.Support;
using Grader.Checks.Hidden.Diffusion.Oracles;
using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion;
using Grader.Reference.Diffusion.Handin;

namespace Grader.Checks.Hidden.Diffusion.Images;

/// <summary>
/// Sheet 004, ex. 3.5 ("use the DDPM implementation from exercise 3.4 to learn a DDPM on MNIST"): the hand-in's
/// <see cref="IMnistDdpm.SampleImages"/> (the sampler of ex. 3.4 on flattened images, the samples returned as images to
/// display) run without training anything. Its ε-network is the exact optimal denoiser of a small
/// set of images drawn for the run (<see cref="FiniteSetOracle"/>: the posterior-weighted mean of the set, read as t/T),
/// its noise the grader's keyed source; the output is then fixed, and compared with the reference's for the same set
/// and noise.
/// </summary>
/// <remarks>
/// <para>
/// <b>Set-up</b> (<see cref="Settings"/>): M = 32 images of the data set (Fashion-MNIST where Debian's
/// <c>dataset-fashion-mnist</c> is installed, <see cref="UnseenImages"/>), picked per run, pooled to 14×14 and put
/// through the sheet's transform to [−1, 1], flattened to D = 196; N = 16 samples [N, D]; linear β from 1e-3 to 0.2
/// over T = 100 steps (ᾱ_T = 2e-5, so x_T carries almost nothing of the data and every sample must be carried to an
/// image by the chain). A correct sampler with this network lands each sample on (next to) one image of the set.
/// Both the hand-in's images and the reference's are clamped to [0, 1] before they are compared, so mapping back with
/// or without clamping (the set's brightest pixels reach 1 + 1/255) is the same answer.
/// </para>
/// <para>
/// <b>Its own task.</b> The contract is ex. 3.5's, not ex. 3.4's <see cref="IDtuDdpm"/>: the bundled correct example's
/// file is self-contained, so a mutant of ex. 3.4's sampler costs 3.4 only. A student whose ex. 3.5 calls their ex. 3.4
/// sampler carries its bug into 3.5, as the sheet's "use the DDPM implementation from exercise 3.4" implies.
/// </para>
/// <para>
/// <b>Tolerance</b> τ = 5e-4 per displayed pixel in [0, 1], an eighth of a grey level (1e-3 in the sheet's [−1, 1]). Legitimate float32 samplers
/// differ from the reference by far less (the oracle pulls each chain onto its image, so rounding does not grow):
/// <c>DtuImageSampleWithOracleTests</c> measures the largest difference of an independently written sampler.
/// A chain can only disagree beyond τ by rounding if it passes a boundary between two images' basins within rounding
/// distance, which the same test counts over seeds. The smallest named bug, noise also added at t = 0, moves pixels by
/// √β₀·z = 0.03·z in [−1, 1], about 30 τ per pixel and far more at the largest of N·D pixels.
/// </para>
/// <para>
/// <b>What it cannot see.</b> The last step of Algorithm 2 with this network returns E[x₀ | x₁], which for a set of
/// images is the image nearest x₁; so the output is which image each chain ends on, and a bug that rarely changes that
/// mostly passes its output. σ_t² = β̃_t instead of β_t is such a bug (the output caught it in 2 of 20 grading seeds), and
/// so is a missing noise in the last steps; so when the output matches, every step is replayed with the grader's noise
/// (<see cref="StepReplay"/>: each x_{t−1} the network is given must be μ_θ(x_t, t) + √β_t·z_t), which catches both
/// on every seed (<c>DtuImageSampleWithOracleTests.Rates_over_seeds</c>). Caught in 20 of 20 seeds each: σ_t = β_t, no noise, the sign of
/// ε̂ flipped, noise also at t = 0, the last step missing, images not mapped back to [0, 1], images read back column by
/// column (transposed; named); the raw t instead of t/T errors (the oracle refuses it). Measured again on this contract
/// on 2026-11-23 (docs/measurements/2026-11-23-images.md).
/// </para>
/// <para>
/// <b>False fails</b>: a sampler written from the sheet passed 200 of 200 grading seeds (the same test; its largest
/// pixel difference from the reference is 1.8e-7, 5,000 times below τ). A rounding-made disagreement needs a chain
/// within about 1e-7 of the boundary between two images' basins when it commits to one; none was seen in 3,200 chains.
/// Cost: about 0.15 s of CPU per run (320 runs took 49.5 s of user time, the test host's start included; 2026-11-23,
/// load 80). The feedback's pictures (<see cref="Pictures"/>: the frames the two oracles record, coded as image grids)
/// add 0.9 ms (docs/measurements/2026-11-23-pictures.md).
/// </para>
/// <para>
/// <b>Seam.</b> The verdict is exact and needs no sample-quality metric; a feature metric (Fréchet or kernel distance of
/// a classifier's features, branch <c>metrics</c>) belongs to the training check, not here. The images come from
/// <c>dataDirectory</c> when given, else from the run's <see cref="CheckContext.DataDirectory"/> (the tutor's
/// <c>grader grade|check --data DIR</c>), else from the installed Fashion-MNIST.
/// </para>
/// </remarks>
public sealed class DtuImageSampleWithOracle(DtuImageSampleWithOracle.Settings? settings = null, string? dataDirectory = null, Func<IMnistDdpm>? reference = null)
    : HandinCheck<IMnistDdpm>(
        "diffusion.dtu.image-sample-with-oracle"),
    IImageDataCheck
{
    /// <summary>The check's design (see the type's remarks for why these values).</summary>
    /// <param name="Tolerance">Per displayed pixel in [0, 1]: 5e-4, an eighth of a grey level (1/255/8 = 4.9e-4).</param>
    public sealed record Settings(int Images = 32, int Samples = 16, int Steps = 100, double BetaFirst = 1e-3, double BetaLast = 0.2, double Tolerance = 5e-4)
    {
        public NoiseSchedule Schedule() => ScheduleTerms.Linear(Steps, BetaFirst, BetaLast);
    }

    private readonly Func<IMnistDdpm> _reference = reference ?? (() => new ReferenceMnistDdpm());

    public Settings Design { get; } = settings ?? new Settings();

    /// <summary>MNIST's task: one channel.</summary>
    public int? ImageChannels => 1;

    protected override CheckResult Check(CheckContext context, HandinCall call, IMnistDdpm ddpm)
    {
        var s = Design;
        var images = UnseenImages.Draw(s.Images, context.NewGenerator(0x1A6E), dataDirectory ?? context.DataDirectory);
        var schedule = s.Schedule();
        var noiseSeed = context.NewGenerator(0x1A6F).NextUInt64();
        int n = s.Samples, rows = images.Rows, columns = images.Columns, d = rows * columns;
        int[] shape = [n, rows, columns];
        var referenceOracle = new FiniteSetOracle(schedule, images.Pixels, OracleTime.FractionOfT);
        referenceOracle.RecordFrames(FrameSteps(schedule.T), ShownChains);
        Tensor expected;
        using (torch.no_grad())
            expected = _reference().SampleImages(n, rows, columns, schedule, referenceOracle, new KeyedNoise(noiseSeed));

        var oracle = new FiniteSetOracle(schedule, images.Pixels, OracleTime.FractionOfT);
        oracle.RecordFrames(FrameSteps(schedule.T), ShownChains);
        const string what = "SampleImages(N, rows, columns, schedule, network, noise)";
        var recorder = new StepReplay.Recorder(oracle, schedule.T, OracleTime.FractionOfT);
        if (call.Run(what, () => ddpm.SampleImages(n, rows, columns, schedule, recorder, new KeyedNoise(noiseSeed)), out var output) is { } threw) return threw;
        if (call.Tensor(what, output, shape) is { } bad) return bad;

        var raw = output.contiguous().ToDoubleArray();
        var seen = raw.Select(v => Math.Clamp(v, 0, 1)).ToArray();
        var want = expected.contiguous().ToDoubleArray();
        var set = images.Pixels.contiguous().ToDoubleArray();
        var (worst, differing) = Differences(seen, want, n, d, s.Tolerance);

        // Distances to the set in the sheet's [−1, 1] (the displayed values read back by 2y − 1).
        var setShown = set.Select(v => 2 * Math.Clamp(v / 2 + 0.5, 0, 1) - 1).ToArray();
        var wantBack = want.Select(v => 2 * v - 1).ToArray();
        var seenBack = seen.Select(v => 2 * v - 1).ToArray();
        var referenceDistance = Enumerable.Range(0, n).Max(i => NearestImageRms(wantBack, i, setShown, d));
        var seenDistance = Enumerable.Range(0, n).Select(i => NearestImageRms(seenBack, i, setShown, d)).ToArray();
        var tutor = $"{images.Count} images of {rows}×{columns} from {images.Source}; N = {n}, T = {schedule.T}, β {F(s.BetaFirst)} … {F(s.BetaLast)}; " +
                    $"{differing} of {n} samples differ; largest |Δ| {F(worst)} in [0, 1]; hand-in's raw values {F(raw.Min())} … {F(raw.Max())}; " +
                    $"reference samples within RMS {F(referenceDistance)} of an image, yours {F(seenDistance.Min())} … {F(seenDistance.Max())}";
        const string setUp = "with the exact ε-network of a set of images you have not seen and the grader's noise";
        var pictures = Pictures(raw, want, oracle, referenceOracle, n, rows, columns, schedule.T);
        // The output forgets the noise of the last steps (the oracle pulls every chain onto an image of the set): each step is replayed.
        if (differing == 0 && StepReplay.FirstWrong(recorder, schedule.Betas, ReverseVariance.Beta, t => StepReplay.NoiseRows(noiseSeed, t, [n, d])) is { } wrong)
            return call.Fail($"SampleImages: {StepReplay.Describe(wrong, schedule.T, ReverseVariance.Beta)} Re-read {SheetRef}.",
                    expected: "x_{t−1} = μ_θ(x_t, t) + σ_t z at every step", seen: wrong.NoiseMissing ? "a step without noise" : $"a step {F(wrong.Tolerances)} tolerances off")
                with { TutorDetail = tutor + $"; step replay: t = {wrong.T} off by {F(wrong.Tolerances)} tolerances{(wrong.NoiseMissing ? ", no noise added" : "")}", Images = pictures };
        if (differing == 0)
            return CheckResult.Pass(Id, $"SampleImages gives the reference's images {setUp}: largest pixel difference {F(worst)} in [0, 1], within {F(s.Tolerance)} (an eighth of a grey level).", SheetRef)
                with { TutorDetail = tutor, Images = pictures };

        var hints = new List<string>();
        if (rows == columns && Transposed(seen, want, n, rows, s.Tolerance))
            hints.Add("your images are the reference's transposed: the flat samples are read back column by column, where the sheet's transform flattened them row by row");
        else if (raw.Min() < -0.25)
            hints.Add($"your pixel values reach {F(raw.Min())}: the images you return are not in [0, 1], the range the sheet displays them in");
        else if (SamplerSteps.Named(oracle.VisitedSteps.Select(v => (double)v), schedule.T) is { } steps) hints.Add(DtuSampleMatchesReference.Diagnoses[steps]);
        else if (seenDistance.Max() > 4 * Math.Max(referenceDistance, 1e-3))
            hints.Add(seenDistance.Min() > 4 * Math.Max(referenceDistance, 1e-3)
                ? $"none of your images is (next to) an image of the set (RMS distance in [−1, 1] to the nearest {F(seenDistance.Min())} or more), while each of the reference's is: with the exact ε-network, Algorithm 2 carries every sample onto one of the images"
                : "some of your images end off every image of the set, while each of the reference's ends on one");
        else
            hints.Add("your images are images of the set, as they should be with this network, but other images than the reference's for the same x_T and z: the steps before the last move them differently (the coefficients of x_t and ε̂, or σ_t)");
        var hintText = " " + string.Join(" ", hints.Select(h => char.ToUpperInvariant(h[0]) + h[1..].TrimEnd('.') + "."));
        var who = differing == n ? "every image differs" : "some images differ";
        return call.Fail($"SampleImages differs from the reference's images {setUp}: {who}, largest pixel difference {F(worst)} > {F(s.Tolerance)} in [0, 1].{hintText} Re-read {SheetRef}.",
            expected: "the reference's images, within an eighth of a grey level", seen: $"largest pixel difference {F(worst)}") with { TutorDetail = tutor, Images = pictures };
    }

    /// <summary>The samples shown beside the reference's in the feedback.</summary>
    public const int ShownSamples = 8;

    /// <summary>The chains whose trajectories the feedback shows (yours and the reference's, from the same noise).</summary>
    public const int ShownChains = 2;

    private static readonly string[] FrameCaptions = ["x_T", "t ≈ T/2", "t ≈ T/4", "t ≈ T/8", "x_1"];

    /// <summary>
    /// The code indices of the trajectory's frames: x_T (T − 1), about T/2, T/4 and T/8, and x_1 (0). Denser near the
    /// end, where a linear schedule's chain turns from noise into an image (ᾱ ≈ 0.08, 0.5 and 0.85 at T/2, T/4, T/8 for
    /// the check's schedule).
    /// </summary>
    public static int[] FrameSteps(int steps) => [steps - 1, steps / 2, steps / 4, steps / 8, 0];

    /// <summary>
    /// The feedback's image grids: the first <see cref="ShownSamples"/> of the hand-in's images (as returned, so values
    /// outside [0, 1] are marked) above the reference's from the same noise; and the first <see cref="ShownChains"/>
    /// chains, yours above the reference's, as the ε-network saw x_t (shown as (x_t + 1)/2, clamped, NaN marked) at the
    /// <see cref="FrameSteps"/>, then the image returned. The frames are those the oracles recorded during the two runs
    /// the check makes anyway: no extra sampling, a few kilobytes.
    /// </summary>
    private static IReadOnlyList<ImageGrid> Pictures(double[] raw, double[] want, FiniteSetOracle yours, FiniteSetOracle reference, int n, int rows, int columns, int steps)
    {
        int d = rows * columns, shown = Math.Min(n, ShownSamples) * d;
        var samples = ImageGrid.Of("Your images beside the reference's from the same noise, with the exact ε-network of a set of images you have not seen", rows, columns,
            ("your images", raw[..shown], null), ("the reference's", want[..shown], null));
        var chains = new List<(string, IReadOnlyList<double>, IReadOnlyList<string>?)>();
        for (var k = 0; k < Math.Min(n, ShownChains); k++)
        {
            chains.Add(Chain($"your chain, image {k + 1}", yours, k, raw, d, steps));
            chains.Add(Chain($"the reference's, image {k + 1}", reference, k, want, d, steps));
        }

        var trajectory = ImageGrid.Of("Denoising trajectories from the same noise: x_t as the ε-network received it, shown as (x_t + 1)/2, then the image returned", rows, columns, chains);
        return [samples, trajectory];
    }

    private static (string, IReadOnlyList<double>, IReadOnlyList<string>?) Chain(string label, FiniteSetOracle oracle, int chain, double[] returned, int d, int steps)
    {
        var pixels = new List<double>();
        var captions = new List<string>();
        var frameSteps = FrameSteps(steps);
        for (var f = 0; f < frameSteps.Length; f++)
        {
            if (!oracle.Frames.TryGetValue(frameSteps[f], out var frame) || frame.Length < (chain + 1) * d) continue;
            for (var j = 0; j < d; j++) pixels.Add(Math.Clamp((frame[chain * d + j] + 1) / 2, 0, 1));
            captions.Add(FrameCaptions[f]);
        }

        pixels.AddRange(returned.AsSpan(chain * d, d));
        captions.Add("returned");
        return (label, pixels, captions);
    }

    /// <summary>Whether every image of <paramref name="seen"/> is the transpose of the same image of <paramref name="want"/> (both [n, side, side]) within <paramref name="tolerance"/>.</summary>
    internal static bool Transposed(double[] seen, double[] want, int n, int side, double tolerance)
    {
        for (var i = 0; i < n; i++)
            for (var r = 0; r < side; r++)
                for (var c = 0; c < side; c++)
                    if (Math.Abs(seen[(i * side + r) * side + c] - want[(i * side + c) * side + r]) > tolerance) return false;
        return true;
    }

    /// <summary>
    /// The largest |seen − want| over <paramref name="n"/> images of <paramref name="d"/> pixels each, and how many images
    /// differ somewhere by more than <paramref name="tolerance"/>.
    /// </summary>
    public static (double Worst, int Differing) Differences(double[] seen, double[] want, int n, int d, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(seen);
        ArgumentNullException.ThrowIfNull(want);
        var worst = 0.0;
        var differing = 0;
        for (var i = 0; i < n; i++)
        {
            var rowWorst = 0.0;
            for (var j = 0; j < d; j++) rowWorst = Math.Max(rowWorst, Math.Abs(seen[i * d + j] - want[i * d + j]));
            if (rowWorst > tolerance) differing++;
            worst = Math.Max(worst, rowWorst);
        }

        return (worst, differing);
    }

    /// <summary>√(mean over pixels of (x_i − image)²) for the image of the set nearest to sample <paramref name="row"/>.</summary>
    public static double NearestImageRms(double[] samples, int row, double[] set, int d)
    {
        var best = double.PositiveInfinity;
        for (var m = 0; m < set.Length / d; m++)
        {
            double sum = 0;
            for (var j = 0; j < d; j++) { var r = samples[row * d + j] - set[m * d + j]; sum += r * r; }
            best = Math.Min(best, sum);
        }

        return Math.Sqrt(best / d);
    }

    private static string F(double v) => v.ToString("G3", CultureInfo.InvariantCulture);
}
