using Grader.Checks.Hidden.Diffusion.Statistical;
using Grader.Checks.Hidden.Diffusion.Oracles;
using Grader.Checks.Diffusion.Support;

namespace Grader.Reference.Tests.Hidden.Statistical;

public sealed class SameNoiseIsSharedTests
{
    private static readonly SameNoiseIsShared Check = new();

    [Test]
    public void Per_sample_noise_fails_claim_one_with_the_shape_hint()
    {
        var result = FormulaHandins.Fails(Check, new FormulaSameNoise(SameNoiseBug.PerSampleNoise), 3);
        result.Message.Should().StartWith("Samples 0 and 4 start from the same latent but their trajectories differ by ")
            .And.Contain("after 1 reverse step(s) (run 1")
            .And.Contain("Hint: the sampler asked the noise source for noise of shape [N, d] (one vector per sample); ask for [1, d]");
    }

    [Test]
    public void A_sampler_without_noise_fails_claim_three()
    {
        var result = FormulaHandins.Fails(Check, new FormulaSameNoise(SameNoiseBug.NoNoise), 3);
        result.Message.Should().StartWith("The trajectories of two runs with different noise differ by at most 0 ").And.Contain("the reverse process adds no noise");
    }

    [Test]
    public void A_trajectory_without_the_latents_fails_on_its_shape_told_in_symbols()
    {
        var result = FormulaHandins.Fails(Check, new FormulaSameNoise(SameNoiseBug.WrongShape), 3);
        result.Message.Should().Contain("returned a tensor of another shape than the trajectory [T + 1, N, d], the latents first and the samples last (dimension 0 has fewer entries than the contract states).")
            .And.NotContain("[250", "the hidden T is the tutor's").And.NotContain("never evaluated", "every step was taken");
        result.TutorDetail.Should().Contain("returned a tensor of shape [250, 8, 2]");
    }

    /// <summary>The tolerance's justification: float32 rounding of a correct sampler moves the differences by far less than 1e-4.</summary>
    [Test]
    public void Float32_rounding_of_a_correct_sampler_stays_far_below_the_tolerance()
    {
        var s = Check.Design;
        var schedule = s.Schedule();
        var sampler = new FormulaSameNoise();
        var latents = torch.randn([8, 2], new Generator(5));
        double[] Run(ulong seed) => sampler.SampleSameNoise(latents, schedule, new LinearGaussianOracle(schedule, s.DataMean, s.DataVariance, OracleTime.RawIndex), new KeyedNoise(seed)).ToDoubleArray();
        var a = Run(1);
        var b = Run(2);
        var worst = 0.0;
        for (var k = 0; k < a.Length; k += 2 * 8)
        for (var i = 1; i < 8; i++)
        for (var j = 0; j < 2; j++)
            worst = Math.Max(worst, Math.Abs((a[k + i * 2 + j] - a[k + j]) - (b[k + i * 2 + j] - b[k + j])));
        TestContext.Out.WriteLine($"largest float32 disagreement of sample differences between two noise seeds: {worst:G3}");
        worst.Should().BeLessThan(s.RelativeTolerance / 20);
    }
}
