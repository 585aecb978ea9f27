using Grader.Checks.Hidden.Diffusion.Images;
using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion.Handin;
using Grader.Reference.Diffusion;
using Grader.Remote.Training;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.Hidden.Images;

/// <summary>
/// Issue 79 items 3 and 4 on sheet 004's image training check (3.5): the legitimate networks for the images
/// (<c>Submissions/Examples/Diffusion/Legit/images-*</c>, and the DTU parts' <c>dtu-silu</c>, <c>dtu-tanh</c> and
/// <c>dtu-wider-deeper</c>, whose networks for images differ from the Correct example's; <c>images-unet</c> is the sheet's U-Net) keep the point, with the
/// reference and the Correct example, on grading seeds 1 … 20 by the check's whole decision; the image cheats and
/// mutants lose it (<see cref="ImageTrainingMutantsSeedsTests"/>, <see cref="Image_cheats_lose_on_20_of_20_seeds"/>).
/// The figures are in docs/measurements/2026-11-29-images-legit.md and 2026-11-29-images-deeper.md: <c>dtu-wider-deeper</c>'s
/// three ReLU layers of 256 train too slowly for the check's 1,000 steps (0.36 against 0.20) and keep the point by the
/// check's longer training (8,000 steps per schedule, against the reference's 1,000-step losses).
/// </summary>
public sealed class ImageLegitNetworksTests
{
    private static readonly DtuImageTrainingQuality Check = new();

    /// <summary>The legitimate networks for 3.5's images: every Legit folder whose legit.json names <see cref="IMnistDdpm"/>.</summary>
    public static IEnumerable<string> ImageLegitNames() => VTrainingBoundsCalibration.LegitNames(nameof(IMnistDdpm));

    /// <summary>The DTU parts' legitimate networks whose network for images is not the Correct example's.</summary>
    private static readonly string[] PartsWithOwnImageNetwork = ["dtu-silu", "dtu-tanh", "dtu-wider-deeper"];

    public static IEnumerable<TestCaseData> Legit() =>
        ImageLegitNames().Select(name => new TestCaseData(name).SetName($"Legitimate image network {name} compiles over the Correct example and answers on images and on the toy data"));

    public static IEnumerable<TestCaseData> Everyone() =>
        new[] { "reference", "Correct" }.Concat(ImageLegitNames().Concat(PartsWithOwnImageNetwork).Select(n => "Legit/" + n))
            .Select(n => new TestCaseData(n).SetName($"Image training keeps the point on 20 of 20 seeds({n})"));

    /// <summary>
    /// The always-on twin of the sweep, one per network (≈ 0.5 s: a compilation and two forward calls; a training costs
    /// 3 s and the reference's another 3 s, so the trainings are the sweep's): declared for 3.5 with a reason, settings
    /// within the loop's bounds, a network for d = 196 and for the toy data's d = 2 that answers [N, d].
    /// </summary>
    [TestCaseSource(nameof(Legit))]
    public void Compiles_and_answers(string name)
    {
        ImageLegitNames().Should().Contain(["images-elu", "images-sinusoidal-silu", "images-wider", "images-other-lr-batch", "images-unet"]);
        var folder = Path.Combine(RepositoryRoot(), "Submissions", "Examples", "Diffusion", "Legit", name);
        using (var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "legit.json"))))
        {
            json.RootElement.GetProperty("base").GetString().Should().Be("Correct");
            json.RootElement.GetProperty("task").GetString().Should().Be("004/3.5/mnist");
            json.RootElement.GetProperty("why").GetString().Should().NotBeNullOrWhiteSpace();
        }

        File.Exists(Path.Combine(folder, "README.md")).Should().BeTrue("each legitimate hand-in says what it is");
        var context = DtuContext("Legit/" + name, Check.Id, 1);
        var settings = context.TryHandin<IMnistDdpm>()!.Settings();
        settings.LearningRate.Should().BeInRange(GraderTraining.LearningRates.Min, GraderTraining.LearningRates.Max);
        settings.BatchSize.Should().BeInRange(GraderTraining.BatchSizes.Min, GraderTraining.BatchSizes.Max);
        var parts = context.TryHandin<IDtuTrainingParts>()!;
        foreach (var d in new[] { 2, 196 })
        {
            var network = parts.Model(d, 100, new Generator(7));
            network.Parameters().Should().NotBeEmpty();
            network.Forward(torch.zeros(3, d), torch.full([3, 1], 0.5f)).shape.Should().Equal([3, d], $"{name} at d = {d}");
        }
    }

    /// <summary>
    /// The sweep: <paramref name="name"/> ("reference", "Correct" or "Legit/…") by the check's whole decision on grading
    /// seeds 1 … 20 (IMAGE_SEEDS="1 2 3" for others), two at a time; one line per seed with the first run's losses and the
    /// reference's on the same draw, also appended to the file GRADER_IMAGE_LEGIT_TSV when set. Every seed must pass.
    /// </summary>
    [TestCaseSource(nameof(Everyone))]
    [Order(1)]
    [Explicit("20 seeds × two trainings of the network and of the reference (shared per seed), fresh runs where undecided: about 2–4 minutes of CPU per network (images-unet, the sheet's U-Net: about 45 minutes); the longer training where the runs fail (dtu-wider-deeper: about 30 minutes of CPU)")]
    public void Keeps_the_point_on_20_of_20_seeds(string name)
    {
        var failed = new System.Collections.Concurrent.ConcurrentBag<ulong>();
        Sweep(name, seed => DtuContext(name, Check.Id, seed), (seed, passed) => { if (!passed) failed.Add(seed); });
        failed.Should().BeEmpty($"{name} is a legitimate hand-in of 3.5 and must keep the point on every seed");
    }

    /// <summary>
    /// The image training cheats (cheat.json names the check), compiled without the purity rule that refuses them
    /// (GRADER005), so the grader's loop is the line proven: each loses the check on grading seeds 1 … 20 in process.
    /// <c>images-training-static-memory</c> keeps its memory in a static field, which a fresh network in the same process
    /// shares: in process it is the compile-time refusal that stops it (and on a host, the fresh host: FreshHostTests), so it
    /// is not swept here.
    /// </summary>
    [TestCase("images-parts-wiener-denoiser")]
    [TestCase("images-closed-form-of-the-known-images")]
    [Order(2)]
    [Explicit("20 seeds of a cheat: the Wiener denoiser fails within its first training (about a minute of CPU), the closed form of the known images after its longer training (minutes per seed)")]
    public void Image_cheats_lose_on_20_of_20_seeds(string slug)
    {
        var passedSeeds = new System.Collections.Concurrent.ConcurrentBag<ulong>();
        var compiled = TrainingCheatsSweep.Compile(slug);
        Sweep("Cheats/" + slug, seed => new CheckContext(compiled.Resolve, HandinGrader.CheckSeed(seed, Check.Id), snapshotRoot: ""), (seed, passed) => { if (passed) passedSeeds.Add(seed); });
        passedSeeds.Should().BeEmpty($"{slug} must lose the image training check on every seed");
    }

    /// <summary>
    /// The power target the sweep found among the sheet's own choices (docs/measurements/2026-11-29-images-legit.md):
    /// ddpm.py's FcNetwork at the toy data's width, 64 hidden units, on 196 pixels. It cannot pass z_t through at rank d,
    /// and at large t the best ε̂ is nearly z_t itself, so it misses at least 132/196 = 0.67 of the noise there whatever
    /// its training: a held-out loss of about 0.74 against the reference's 0.20. It loses the check on grading seeds 1 … 20.
    /// </summary>
    [Test]
    [Order(3)]
    [Explicit("20 seeds × two trainings of a narrow network and the reference's (shared per seed): about a minute of CPU")]
    public void A_network_narrower_than_the_image_loses_on_20_of_20_seeds()
    {
        var passedSeeds = new System.Collections.Concurrent.ConcurrentBag<ulong>();
        Sweep("toy-width-64", seed => new CheckContext(type => type == typeof(IDtuTrainingParts) ? new ToyWidthParts()
            : type == typeof(IDtuDdpm) ? new ReferenceDtuDdpm() : type == typeof(IMnistDdpm) ? new ReferenceMnistDdpm() : null,
            HandinGrader.CheckSeed(seed, Check.Id), snapshotRoot: ""), (seed, passed) => { if (passed) passedSeeds.Add(seed); });
        passedSeeds.Should().BeEmpty("a network narrower than the image does not learn ε̂");
    }

    /// <summary>ddpm.py's FcNetwork with its default 64 hidden units for every d, the reference's settings for images. Parameterless: the loop makes fresh instances.</summary>
    private sealed class ToyWidthParts : IDtuTrainingParts
    {
        public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) => new Trainable(new FcNetwork(dataDimension, generator));

        public TrainingSettings Settings() => new ReferenceMnistDdpm().Settings();

        private sealed class Trainable(FcNetwork network) : ITrainableEpsilonNetwork
        {
            private readonly Tensor[] _parameters = [.. network.parameters()];

            public IReadOnlyList<Tensor> Parameters() => _parameters;

            public Tensor Forward(Tensor zt, Tensor t) => network.Forward(zt, t);
        }
    }

    private static void Sweep(string name, Func<ulong, CheckContext> contextOf, Action<ulong, bool> outcome)
    {
        var seeds = Environment.GetEnvironmentVariable("IMAGE_SEEDS") is { Length: > 0 } chosen
            ? chosen.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ulong.Parse).ToList()
            : [.. Enumerable.Range(1, 20).Select(i => (ulong)i)];
        var tsv = Environment.GetEnvironmentVariable("GRADER_IMAGE_LEGIT_TSV") is { Length: > 0 } p ? p : null;
        var gate = new object();
        Parallel.ForEach(seeds, new ParallelOptions { MaxDegreeOfParallelism = 2 }, seed =>
        {
            var context = contextOf(seed);
            var (result, runs) = Check.Decide(context);
            var reference = Check.Reference(context);
            static string F(IEnumerable<double> v) => string.Join('\t', v.Select(x => x.ToString("F5", CultureInfo.InvariantCulture)));
            var first = runs.Count > 0 ? runs[0].Values : [double.NaN, double.NaN];
            var fresh = runs.Skip(1).Where(r => !r.Longer).Select(r => r.Values).ToList();
            var longer = runs.FirstOrDefault(r => r.Longer) is { } l ? F(l.Values) : "-";
            var line = $"{name}\t{seed}\t{(result.Passed ? "pass" : "FAIL")}\t{runs.Count}\t{F(first)}\t{F(reference)}\t{string.Join(' ', fresh.Select(F))}\t{longer}\t{DtuImageTrainingQuality.Transform(context).Describe()}";
            TestContext.Progress.WriteLine(line + (result.Passed ? "" : " | " + result.Message));
            if (tsv is not null) lock (gate) File.AppendAllText(tsv, line + "\n");
            outcome(seed, result.Passed);
        });
    }
}
