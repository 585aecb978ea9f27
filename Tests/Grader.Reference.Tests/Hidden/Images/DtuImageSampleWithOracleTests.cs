using Grader.Checks.Diffusion.Support;
using Grader.Checks.Hidden.Diffusion.Images;
using Grader.Checks.Hidden.Diffusion.Oracles;
using Grader.Reference.Diffusion.Handin;
using Grader.Reference.Tests.Grading;
using Grader.Reference.Tests.Hidden.Statistical;

namespace Grader.Reference.Tests.Hidden.Images;

/// <summary>DTU 3.5: the hand-in's sampler on images drawn for the run, with the exact denoiser of the set as its ε-network.</summary>
public sealed class DtuImageSampleWithOracleTests
{
    private static readonly DtuImageSampleWithOracle Check = new();

    private static ShownBy Shown(Grader.Contracts.Diffusion.IDtuDdpm ddpm) => new(ddpm);

    [TestCase(1UL)]
    [TestCase(2UL)]
    public void A_sampler_written_from_the_sheet_passes(ulong seed)
    {
        var clock = Stopwatch.StartNew();
        var result = Check.Run(FormulaHandins.Context(Shown(new FormulaDtuDdpm()), seed));
        TestContext.Out.WriteLine($"{clock.Elapsed.TotalSeconds:F2} s: {result.Message} | {result.TutorDetail}");
        result.Outcome.Should().Be(CheckOutcome.Passed, result.Message);
        result.Message.Should().Contain("images you have not seen").And.NotContain("14×14").And.NotContain("T = 100");
        result.TutorDetail.Should().Contain("0 of 16 samples differ");
    }

    [TestCase(DtuSampleBug.SigmaIsBeta)]
    [TestCase(DtuSampleBug.NoNoise)]
    [TestCase(DtuSampleBug.NoiseAtLastStep)]
    [TestCase(DtuSampleBug.EpsilonSign)]
    public void A_sampler_bug_fails(DtuSampleBug bug)
    {
        var result = Check.Run(FormulaHandins.Context(Shown(new FormulaDtuDdpm(bug)), 3));
        TestContext.Out.WriteLine($"{bug}: {result.Message} | {result.TutorDetail}");
        result.Outcome.Should().Be(CheckOutcome.Failed);
        result.Message.Should().StartWith("SampleImages differs from the reference's images").And.Contain("Re-read sheet 004, ex. 3.5");
        (result.Message + result.Expected + result.Seen).Should().NotContainAny("14×14", "T = 100", "N = 16", "32 images");
    }

    [Test]
    public void A_missing_last_step_fails_and_is_named()
    {
        var result = Check.Run(FormulaHandins.Context(Shown(new SkipsLastStep()), 3));
        result.Outcome.Should().Be(CheckOutcome.Failed);
        result.Message.Should().Contain("never evaluated ε_θ at t = 0");
    }

    [Test]
    public void The_posterior_variance_bug_fails_every_seed_mostly_by_the_step_replay()
    {
        // The last step returns the image nearest x₁; σ_t² = β̃_t rarely moves a chain into another image's basin (the
        // output comparison alone caught it on 2 of 20 seeds), but every step's x_{t−1} shows it.
        var results = Enumerable.Range(1, 6).Select(seed => Check.Run(FormulaHandins.Context(Shown(new FormulaDtuDdpm(DtuSampleBug.PosteriorVariance)), (ulong)seed))).ToList();
        foreach (var r in results) TestContext.Out.WriteLine($"{r.Outcome}: {r.Message}");
        results.Should().OnlyContain(r => r.Outcome == CheckOutcome.Failed);
        var replayed = results.Where(r => r.Message.StartsWith("SampleImages: Your images match the reference's", StringComparison.Ordinal)).ToList();
        replayed.Should().NotBeEmpty("on most seeds the output keeps the reference's images and only the replay sees the variance");
        replayed.Should().OnlyContain(r => r.Message.Contains("does not give μ_θ(x_t, t) + σ_t z with the noise of that step (σ_t² = β_t)", StringComparison.Ordinal));
        replayed.Select(r => r.Message + r.Expected + r.Seen).Should().OnlyContain(m => !m.Contains("T = 100") && !m.Contains("N = 16") && !m.Contains("14×14"));
    }

    [Test]
    public void A_sign_flip_is_named_as_samples_off_every_image()
    {
        var result = Check.Run(FormulaHandins.Context(Shown(new FormulaDtuDdpm(DtuSampleBug.EpsilonSign)), 4));
        result.Message.Should().Contain(". None of your images is (next to) an image of the set");
    }

    [Test]
    public void Images_left_in_minus_one_to_one_fail_and_are_named()
    {
        var result = Check.Run(FormulaHandins.Context(new ShownBy(new FormulaDtuDdpm(), display: x => x), 3));
        result.Outcome.Should().Be(CheckOutcome.Failed);
        result.Message.Should().Contain("are not in [0, 1], the range the sheet displays them in");
    }

    [Test]
    public void The_feedback_shows_the_samples_beside_the_reference_and_two_chains_frame_by_frame()
    {
        var result = Check.Run(FormulaHandins.Context(Shown(new FormulaDtuDdpm()), 3));
        result.Outcome.Should().Be(CheckOutcome.Passed, result.Message);
        result.Images.Should().HaveCount(2);
        var (samples, chains) = (result.Images![0], result.Images[1]);
        (samples.Height, samples.Width, chains.Height, chains.Width).Should().Be((14, 14, 14, 14));
        samples.Rows.Select(r => (r.Label, r.Images.Count)).Should().Equal(("your images", 8), ("the reference's", 8));
        var (yours, theirs) = (samples.Rows[0].Images.SelectMany(i => i.Levels).ToArray(), samples.Rows[1].Images.SelectMany(i => i.Levels).ToArray());
        yours.Should().HaveCount(theirs.Length);
        // The check passes a sampler within 5e-4 of the reference in [0, 1]; a grey level is 1/250, so the two rows may
        // differ by one level where a pixel sits on a rounding edge (another machine's float32 path), never by more.
        yours.Zip(theirs).Should().OnlyContain(p => Math.Abs(p.First - p.Second) <= 1, "a correct sampler ends on the reference's images");
        samples.Rows.SelectMany(r => r.Images).SelectMany(i => i.Levels).Should().OnlyContain(l => l <= GridImage.White, "no pixel of a correct sampler is marked");
        chains.Rows.Select(r => r.Label).Should().Equal("your chain, image 1", "the reference's, image 1", "your chain, image 2", "the reference's, image 2");
        chains.Rows.Should().OnlyContain(r => r.Images.Select(i => i.Caption).SequenceEqual(new[] { "x_T", "t ≈ T/2", "t ≈ T/4", "t ≈ T/8", "x_1", "returned" }));
        chains.Rows[0].Images[0].Levels.Should().Equal(chains.Rows[1].Images[0].Levels, "both chains start from the same x_T");
        chains.Rows[0].Images[^1].Levels.Should().Equal(samples.Rows[0].Images[0].Levels, "a chain ends on the image returned");
        chains.Rows[0].Images[0].Levels.Distinct().Count().Should().BeGreaterThan(50, "x_T is noise");
        result.Images.Should().OnlyContain(g => g.IsDrawable() && g.Omitted == 0);
        HiddenSetUpLeaks.In(result).Should().BeEmpty();

        var notMappedBack = Check.Run(FormulaHandins.Context(new ShownBy(new FormulaDtuDdpm(), display: x => x), 3));
        notMappedBack.Outcome.Should().Be(CheckOutcome.Failed);
        var marked = notMappedBack.Images![0].Rows[0].Images.SelectMany(i => i.Levels).ToArray();
        marked.Count(l => l == GridImage.Below).Should().BeGreaterThan(marked.Length / 4, "images left in [−1, 1] have their dark pixels below 0, marked");
        notMappedBack.Images[0].Rows[1].Images.SelectMany(i => i.Levels).Should().OnlyContain(l => l <= GridImage.White);
    }

    [Test]
    public void Images_read_back_column_by_column_fail_and_are_named()
    {
        var result = Check.Run(FormulaHandins.Context(new ShownBy(new FormulaDtuDdpm(), display: x => MnistIdx.ToUnitInterval(x).reshape(x.size(0), 14, 14).transpose(1, 2)), 3));
        result.Outcome.Should().Be(CheckOutcome.Failed);
        result.Message.Should().Contain("Your images are the reference's transposed");
    }

    [Test]
    public void Mapping_back_without_clamping_is_the_same_answer()
    {
        var result = Check.Run(FormulaHandins.Context(new ShownBy(new FormulaDtuDdpm(), display: x => (x + 1f) / 2f), 7));
        result.Outcome.Should().Be(CheckOutcome.Passed, result.Message);
    }

    [Test]
    public void Raw_time_is_refused_by_the_oracle()
    {
        var result = Check.Run(FormulaHandins.Context(Shown(new FormulaDtuDdpm(DtuSampleBug.RawTime)), 5));
        result.Outcome.Should().Be(CheckOutcome.Errored);
        result.Message.Should().Contain("it expects the step normalised to [0, 1) as t/T");
    }

    [Test]
    public void The_generated_set_serves_where_no_data_is_installed_and_a_given_folder_is_used()
    {
        using var scratch = new Scratch();
        var dir = scratch.Root;
        GeneratedImages.WriteIdxFolder(dir, 64, seed: 9);
        var check = new DtuImageSampleWithOracle(dataDirectory: dir);
        var result = check.Run(FormulaHandins.Context(Shown(new FormulaDtuDdpm()), 6));
        result.Outcome.Should().Be(CheckOutcome.Passed, result.Message);
        result.TutorDetail.Should().Contain($"IDX files in {dir}");
        var images = UnseenImages.Draw(8, new Generator(1), dir);
        (images.Count, images.Rows, images.Columns).Should().Be((8, 14, 14));
        images.Pixels.shape.Should().Equal(8, 196);
    }

    /// <summary>
    /// The false-fail and flip rates of the type's remarks: the sampler written from the sheet over 200 grading seeds
    /// (none may fail), and each bug over 20 seeds (the share of runs it fails). About 10 minutes niced on the 2-core machine.
    /// </summary>
    [Test]
    [Explicit("200 + 8 × 20 grading runs, about 10 minutes; the always-on tests run a few seeds")]
    public void Rates_over_seeds()
    {
        var clock = Stopwatch.StartNew();
        var correct = Enumerable.Range(0, 200).Count(k => Check.Run(FormulaHandins.Context(Shown(new FormulaDtuDdpm()), Seed(k))).Outcome == CheckOutcome.Passed);
        TestContext.Out.WriteLine($"sampler from the sheet: {correct}/200 passed ({clock.Elapsed.TotalSeconds:F0} s)");
        var bugs = new (string Name, Func<Grader.Contracts.Diffusion.IMnistDdpm> Handin)[]
        {
            ("σ² = β̃", () => Shown(new FormulaDtuDdpm(DtuSampleBug.PosteriorVariance))),
            ("σ = β", () => Shown(new FormulaDtuDdpm(DtuSampleBug.SigmaIsBeta))),
            ("no noise", () => Shown(new FormulaDtuDdpm(DtuSampleBug.NoNoise))),
            ("noise at t = 0", () => Shown(new FormulaDtuDdpm(DtuSampleBug.NoiseAtLastStep))),
            ("ε̂ sign", () => Shown(new FormulaDtuDdpm(DtuSampleBug.EpsilonSign))),
            ("last step missing", () => Shown(new SkipsLastStep())),
            ("not mapped back to [0, 1]", () => new ShownBy(new FormulaDtuDdpm(), display: x => x)),
            ("read back column by column", () => new ShownBy(new FormulaDtuDdpm(), display: x => MnistIdx.ToUnitInterval(x).reshape(x.size(0), 14, 14).transpose(1, 2))),
        };
        var caught = new Dictionary<string, int>();
        foreach (var (name, handin) in bugs)
        {
            caught[name] = Enumerable.Range(1000, 20).Count(k => Check.Run(FormulaHandins.Context(handin(), Seed(k))).Outcome != CheckOutcome.Passed);
            TestContext.Out.WriteLine($"{name}: caught in {caught[name]}/20");
        }

        TestContext.Out.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s in all");
        correct.Should().Be(200);
        caught.Should().OnlyContain(c => c.Value == 20, "every bug but σ² = β̃ moves samples off the reference's images in every run, and σ² = β̃ fails the step replay");

        static ulong Seed(int k) => Grader.Checks.Grading.HandinGrader.CheckSeed(5_000 + (ulong)k, Check.Id);
    }

    /// <summary>
    /// The tolerance's margin: the largest pixel difference between an independently written float32 sampler and the
    /// reference, and how far the reference's samples end from the nearest image, over a few seeds (the benchmark
    /// <c>ImageSamplerSpread</c> runs 200).
    /// </summary>
    [Test]
    public void Legitimate_samplers_agree_far_inside_the_tolerance_and_land_on_images()
    {
        var design = Check.Design;
        var schedule = design.Schedule();
        double worst = 0, farthest = 0;
        for (ulong seed = 10; seed < 13; seed++)
        {
            var images = UnseenImages.Draw(design.Images, new Generator(seed));
            int[] shape = [design.Samples, 196];
            Tensor a, b;
            using (torch.no_grad())
            {
                a = new ReferenceDtuDdpm().Sample(shape, schedule, new FiniteSetOracle(schedule, images.Pixels, OracleTime.FractionOfT), new KeyedNoise(seed));
                b = new FormulaDtuDdpm().Sample(shape, schedule, new FiniteSetOracle(schedule, images.Pixels, OracleTime.FractionOfT), new KeyedNoise(seed));
            }

            var x = a.ToDoubleArray();
            var y = b.ToDoubleArray();
            worst = Math.Max(worst, x.Zip(y, (u, v) => Math.Abs(u - v)).Max());
            var set = images.Pixels.ToDoubleArray();
            for (var i = 0; i < design.Samples; i++) farthest = Math.Max(farthest, DtuImageSampleWithOracle.NearestImageRms(x, i, set, 196));
        }

        TestContext.Out.WriteLine($"largest |Δ| {worst:G3}; reference samples within RMS {farthest:G3} of an image");
        worst.Should().BeLessThan(2 * design.Tolerance / 10, "the tolerance is in [0, 1], these samples in [−1, 1]");
        farthest.Should().BeLessThan(0.05);
    }
}

/// <summary>Ex. 3.5 as a student writes it on top of ex. 3.4: <paramref name="ddpm"/>'s sampler on [N, rows·columns], reshaped, shown by <paramref name="display"/> (y/2 + 0.5 clamped, as the sheet's, by default).</summary>
internal sealed class ShownBy(Grader.Contracts.Diffusion.IDtuDdpm ddpm, Func<Tensor, Tensor>? display = null) : Grader.Contracts.Diffusion.IMnistDdpm
{
    public Tensor SampleImages(int count, int rows, int columns, Grader.Contracts.Diffusion.NoiseSchedule schedule, Grader.Contracts.Diffusion.IEpsilonNetwork network, Grader.Contracts.Diffusion.INoiseSource noise) =>
        (display ?? MnistIdx.ToUnitInterval)(ddpm.Sample([count, rows * columns], schedule, network, noise)).reshape(count, rows, columns);

    /// <summary>Not called by the sampler check.</summary>
    public Grader.Contracts.Diffusion.TrainingSettings Settings() => throw new NotSupportedException("the sampler check trains nothing");
}

/// <summary>Algorithm 2 from the sheet with the last step (code index 0) left out: the chain stops at x₀ = x_1's successor one step early.</summary>
internal sealed class SkipsLastStep : Grader.Contracts.Diffusion.IDtuDdpm
{
    public Tensor NegativeElbo(Tensor x, Grader.Contracts.Diffusion.NoiseSchedule schedule, Grader.Contracts.Diffusion.IEpsilonNetwork network, Grader.Contracts.Diffusion.IRandomSource random) =>
        new FormulaDtuDdpm().NegativeElbo(x, schedule, network, random);

    public Tensor Sample(int[] shape, Grader.Contracts.Diffusion.NoiseSchedule schedule, Grader.Contracts.Diffusion.IEpsilonNetwork network, Grader.Contracts.Diffusion.INoiseSource noise)
    {
        var abar = FormulaHandins.AlphaBar(schedule);
        var x = noise.Latent(shape);
        for (var t = schedule.T - 1; t >= 1; t--)
        {
            var beta = schedule.Betas[t];
            var eps = network.Forward(x, torch.full([shape[0], 1], (float)((double)t / schedule.T)));
            x = (x - (float)(beta / Math.Sqrt(1 - abar[t])) * eps) / (float)Math.Sqrt(1 - beta) + (float)Math.Sqrt(beta) * noise.ForStep(t, shape);
        }

        return x;
    }
}
