using Stopwatch = System.Diagnostics.Stopwatch;
using FluentAssertions;
using Grader.Checks.Checking;
using Grader.Checks.Diffusion.Support;
using Grader.Checks.Grading;
using Grader.Checks.Handins;
using Grader.Checks.Hidden.Diffusion.Images;
using Grader.Checks.Hidden.Diffusion.Oracles;
using Grader.Checks.Results;
using Grader.Contracts.Diffusion;
using Grader.Reference.Data;
using Grader.Reference.Diffusion.Handin;
using Grader.Remote.Handins;
using Grader.Tensors;
using static Grader.Checks.Hidden.Diffusion.Images.HeidelbergImageProcessWithOracle;

namespace Grader.Reference.Tests.Hidden.Images;

/// <summary>
/// Heidelberg 1 (f): the hand-in's processes of (a), (b)/(c) and (d) on image batches, with the exact denoiser of a set of
/// unseen images as the ε-network; the bundled correct example, its mutants and the cheat of the task.
/// </summary>
public sealed class HeidelbergImageProcessWithOracleTests
{
    private static readonly HeidelbergImageProcessWithOracle[] Checks = [new(Process.Reverse), new(Process.Interpolation), new(Process.Ddim)];

    private static readonly Dictionary<string, IImageDiffusion> Compiled = [];

    private static CheckContext Context(object handin, ulong seed) =>
        new(type => type.IsInstanceOfType(handin) ? handin : null, seed, snapshotRoot: "");

    /// <summary>An example under Submissions/Examples/Diffusion ("Correct", "Mutants/…", "Cheats/…"), compiled once per test run.</summary>
    private static IImageDiffusion Example(string relative)
    {
        lock (Compiled)
        {
            if (Compiled.TryGetValue(relative, out var known)) return known;
            var source = HandinSource.Load(Path.Combine(TrainingQualityTestSupport.RepositoryRoot(), "Submissions", "Examples", "Diffusion", relative));
            var compiled = HandinCompiler.Default.Compile(source);
            var assembly = compiled.Assembly ?? throw new InvalidOperationException(compiled.Summary());
            return Compiled[relative] = (IImageDiffusion)new HandinInstance(assembly).Resolve(typeof(IImageDiffusion))!;
        }
    }

    /// <summary>The mutants and cheats of 1 (f) with the checks their json names.</summary>
    public static IEnumerable<TestCaseData> Broken()
    {
        var root = Path.Combine(TrainingQualityTestSupport.RepositoryRoot(), "Submissions", "Examples", "Diffusion");
        foreach (var kind in new[] { "Mutants", "Cheats" })
            foreach (var dir in Directory.EnumerateDirectories(Path.Combine(root, kind)).Order(StringComparer.Ordinal))
            {
                var json = Path.Combine(dir, kind == "Mutants" ? "mutant.json" : "cheat.json");
                if (!File.Exists(json)) continue;
                using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json));
                if (doc.RootElement.GetProperty("contract").GetString() != nameof(IImageDiffusion)) continue;
                var named = doc.RootElement.GetProperty("check").EnumerateArray().Select(e => e.GetString()!).ToArray();
                yield return new TestCaseData($"{kind}/{Path.GetFileName(dir)}", named).SetArgDisplayNames(Path.GetFileName(dir));
            }
    }

    [Test]
    public void The_correct_example_and_the_reference_pass_every_process()
    {
        foreach (var (name, handin) in new (string, IImageDiffusion)[] { ("correct", Example("Correct")), ("reference", new ReferenceImageDiffusion()) })
            foreach (var check in Checks)
            {
                var result = check.Run(Context(handin, HandinGrader.CheckSeed(3, check.Id)));
                TestContext.Out.WriteLine($"{name} {check.Runs}: {result.Message} | {result.TutorDetail}");
                result.Outcome.Should().Be(CheckOutcome.Passed, result.Message);
                result.Message.Should().Contain("images you have not seen").And.NotContainAny("14×14", "T = 100", "N = 16", "32 images");
            }
    }

    [TestCaseSource(nameof(Broken))]
    public void Each_broken_handin_is_caught_by_the_checks_it_names_and_passes_the_others(string example, string[] named)
    {
        named.Should().NotBeEmpty();
        var handin = Example(example);
        foreach (var check in Checks)
        {
            var result = check.Run(Context(handin, HandinGrader.CheckSeed(4, check.Id)));
            TestContext.Out.WriteLine($"{check.Id}: {result.Outcome}: {result.Message}");
            if (named.Contains(check.Id)) result.Outcome.Should().NotBe(CheckOutcome.Passed, $"{example} names {check.Id}");
            else result.Outcome.Should().Be(CheckOutcome.Passed, $"{example} does not name {check.Id}: {result.Message}");
        }
    }

    [TestCase("Mutants/images-transposed", Process.Ddim, "Your images are the reference's transposed")]
    [TestCase("Mutants/images-not-mapped-back-to-unit-range", Process.Reverse, "are not in [0, 1], the range they are displayed in")]
    [TestCase("Mutants/images-one-noise-for-all", Process.Reverse, "one image of noise per step and gave it to every sample")]
    [TestCase("Mutants/images-interpolation-noise-per-sample", Process.Interpolation, "the process of (c) gives every point of the interpolation the identical noise")]
    [TestCase("Mutants/images-network-sees-flat-images", Process.Reverse, "expects x_t as a batch of images [N, C, H, W]")]
    public void The_likely_bug_is_named(string example, Process process, string named)
    {
        var check = Checks.Single(c => c.Runs == process);
        var result = check.Run(Context(Example(example), HandinGrader.CheckSeed(5, check.Id)));
        result.Message.Should().Contain(named);
    }

    [Test]
    public void A_given_data_folder_is_used()
    {
        var dir = Directory.CreateTempSubdirectory("heidelberg-images-").FullName;
        try
        {
            GeneratedImages.WriteIdxFolder(dir, 64, seed: 11);
            var result = new HeidelbergImageProcessWithOracle(Process.Interpolation, dataDirectory: dir).Run(Context(new ReferenceImageDiffusion(), 6));
            result.Outcome.Should().Be(CheckOutcome.Passed, result.Message);
            result.TutorDetail.Should().Contain($"IDX files in {dir}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// The tolerance's margin: the largest pixel difference between the correct example (written independently of the
    /// reference, in float32) and the reference, over every process and a few seeds.
    /// </summary>
    [Test]
    public void The_correct_example_agrees_with_the_reference_far_inside_the_tolerance()
    {
        var worst = 0.0;
        foreach (var check in Checks)
            for (ulong seed = 20; seed < 22; seed++)
                worst = Math.Max(worst, LargestDifference(check, Example("Correct"), seed));
        TestContext.Out.WriteLine($"largest |Δ| {worst:G3} in [0, 1]");
        worst.Should().BeLessThan(Checks[0].Design.Tolerance / 10);
    }

    /// <summary>
    /// The rates of the type's remarks: the correct example and the reference over 200 grading seeds of each process
    /// (none may fail), and every 1 (f) mutant and cheat over 20 seeds on the checks it names (each must fail every one).
    /// </summary>
    [Test]
    [Explicit("2 × 200 × 3 + 20 × (named checks) grading runs, about 4 minutes niced on the 2-core machine; the always-on tests run a few seeds")]
    public void Rates_over_seeds()
    {
        var clock = Stopwatch.StartNew();
        var worst = 0.0;
        foreach (var (name, handin) in new (string, IImageDiffusion)[] { ("correct example", Example("Correct")), ("reference", new ReferenceImageDiffusion()) })
            foreach (var check in Checks)
            {
                var passed = Enumerable.Range(0, 200).Count(k => check.Run(Context(handin, HandinGrader.CheckSeed(7_000 + (ulong)k, check.Id))).Passed);
                TestContext.Out.WriteLine($"{name}, {check.Id}: {passed}/200 passed ({clock.Elapsed.TotalSeconds:F0} s)");
                passed.Should().Be(200);
            }

        foreach (var check in Checks)
            for (ulong seed = 7_000; seed < 7_020; seed++)
                worst = Math.Max(worst, LargestDifference(check, Example("Correct"), seed));
        TestContext.Out.WriteLine($"correct example against the reference, 20 seeds × 3 processes: largest |Δ| {worst:G3} in [0, 1]");

        foreach (var data in Broken())
        {
            var (example, named) = ((string)data.Arguments[0]!, (string[])data.Arguments[1]!);
            foreach (var check in Checks.Where(c => named.Contains(c.Id)))
            {
                var caught = Enumerable.Range(0, 20).Count(k => !check.Run(Context(Example(example), HandinGrader.CheckSeed(8_000 + (ulong)k, check.Id))).Passed);
                TestContext.Out.WriteLine($"{example}, {check.Id}: caught in {caught}/20");
                caught.Should().Be(20);
            }
        }

        TestContext.Out.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s in all");
    }

    private static double LargestDifference(HeidelbergImageProcessWithOracle check, IImageDiffusion handin, ulong seed)
    {
        var s = check.Design;
        var images = UnseenImages.Draw(s.Images, new Generator(seed));
        var schedule = s.Schedule();
        int[] shape = [1, images.Rows, images.Columns];
        var ends = new KeyedNoise(seed + 1).Latent([2, .. shape]);
        Tensor Run(IImageDiffusion h)
        {
            var oracle = new ImageSetOracle(schedule, images.Pixels, shape, OracleTime.RawIndex);
            var noise = new KeyedNoise(seed);
            using var _ = torch.no_grad();
            return check.Runs switch
            {
                Process.Reverse => h.SampleImages(s.Samples, 1, images.Rows, images.Columns, schedule, oracle, noise),
                Process.Interpolation => h.InterpolateImages(ends.select(0, 0), ends.select(0, 1), s.InterpolationPoints, schedule, oracle, noise),
                _ => h.SampleImagesDdim(s.Samples, 1, images.Rows, images.Columns, 0.0, schedule, oracle, noise),
            };
        }

        var a = Run(new ReferenceImageDiffusion()).ToDoubleArray();
        var b = Run(handin).ToDoubleArray();
        return a.Zip(b, (u, v) => Math.Abs(u - v)).Max();
    }
}
