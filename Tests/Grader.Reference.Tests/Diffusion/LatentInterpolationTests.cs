using Grader.Reference.Diffusion;
using Grader.Reference.Diffusion.Oracles;
using static Grader.Reference.Tests.Diffusion.DiffusionTestData;

namespace Grader.Reference.Tests.Diffusion;

/// <summary>Heidelberg sheet 10, ex. 1(b)–(e): latent interpolation run through the samplers.</summary>
public class LatentInterpolationTests
{
    [Test]
    public void Line_has_500_equally_spaced_points_with_both_ends()
    {
        var (from, to) = LatentInterpolation.SegmentB;
        var line = LatentInterpolation.Line(from, to);
        line.shape.Should().Equal(500, 2);
        line[0, 0].Should().Be(-1f);
        line[0, 1].Should().Be(2f);
        line[499, 0].Should().Be(-1f);
        line[499, 1].Should().Be(-2f);
        ((double)(line[1, 1] - line[0, 1])).Should().BeApproximately(-4.0 / 499, 1e-6);
    }

    /// <summary>
    /// With the linear-Gaussian oracle, DDIM η = 0 is an affine map of the latent, so the interpolation of (e) stays a
    /// straight, equally spaced line in every frame of the trajectory (the sheet's "is the interpolation as expected").
    /// </summary>
    [Test]
    public void Deterministic_ddim_keeps_the_interpolation_straight_under_the_linear_oracle()
    {
        var s = Heidelberg;
        var oracle = GaussianMixtureDenoiser.Single(s, [0.5, 0.5], [0.25, 0.25]);
        var (from, to) = LatentInterpolation.SegmentE;
        var trajectory = LatentInterpolation.Run(new Ddim(s, 0), oracle, from, to, StepNoise.None);
        trajectory.shape.Should().Equal(251, 500, 2);
        var last = trajectory.select(0, 250).ToDoubleArray();
        var step = last[2] - last[0];
        for (var i = 1; i < 500; i++)
        {
            (last[2 * i] - last[2 * i - 2]).Should().BeApproximately(step, 1e-5);
            last[2 * i + 1].Should().BeApproximately(last[1], 1e-5);
        }
    }

    [Test]
    public void Interpolation_runs_through_every_sampler_of_the_sheet()
    {
        var s = BetaSchedule.Linear(60);
        var oracle = GaussianMixtureDenoiser.DtuTwoGaussians(s);
        var (from, to) = LatentInterpolation.SegmentB;
        ReverseSampler[] samplers =
        [
            new Ddpm(s, ReverseVariance.BetaTilde),
            new SameNoiseSampler(new Ddpm(s, ReverseVariance.BetaTilde)),
            new Ddim(s, 0),
        ];
        foreach (var sampler in samplers)
        {
            var trajectory = LatentInterpolation.Run(sampler, oracle, from, to, StepNoise.From(new Generator(50)), points: 100);
            trajectory.shape.Should().Equal(61, 100, 2);
            trajectory.isfinite().min().item().Should().Be(1f);
        }
    }
}
