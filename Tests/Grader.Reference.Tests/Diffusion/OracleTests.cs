using Grader.Reference.Diffusion;
using Grader.Reference.Diffusion.Oracles;
using static Grader.Reference.Tests.Diffusion.DiffusionTestData;

namespace Grader.Reference.Tests.Diffusion;

/// <summary>The exact denoisers: their score against finite differences, and their special cases against each other.</summary>
public class OracleTests
{
    [Test]
    public void Mixture_score_is_the_gradient_of_the_log_density()
    {
        var s = Heidelberg;
        var oracle = GaussianMixtureDenoiser.DtuTwoGaussians(s);
        double[][] points = [[0.1, -0.3], [0.5, 0.4], [-1.5, 2.0], [3.0, -3.0]];
        foreach (var t in new[] { 0, 5, 60, 249 })
            foreach (var z in points)
            {
                var score = oracle.Score(z, t);
                for (var j = 0; j < 2; j++)
                {
                    const double h = 1e-5;
                    var up = (double[])z.Clone();
                    var down = (double[])z.Clone();
                    up[j] += h;
                    down[j] -= h;
                    var numeric = (oracle.LogDensity(up, t) - oracle.LogDensity(down, t)) / (2 * h);
                    score[j].Should().BeApproximately(numeric, 1e-5 * (1 + Math.Abs(numeric)), $"t = {t}, z = ({z[0]}, {z[1]})");
                }
            }
    }

    [Test]
    public void Single_gaussian_oracle_is_the_linear_predictor_of_ml_anchors()
    {
        var s = Ho;
        var oracle = GaussianMixtureDenoiser.Single(s, [0.5, -1.0], [0.25, 2.0]);
        var z = Normal(new Generator(40), 30, 2);
        var t = Uniform(new Generator(41), 30, s.T);
        var eps = oracle.Predict(z, t).ToDoubleArray();
        var zd = z.ToDoubleArray();
        for (var i = 0; i < 30; i++)
        {
            var (k0, l0) = GaussianOutputLaw.OracleCoefficients(s, t[i], 0.5, 0.25);
            var (k1, l1) = GaussianOutputLaw.OracleCoefficients(s, t[i], -1.0, 2.0);
            eps[2 * i].Should().BeApproximately(k0 * zd[2 * i] + l0, 1e-5 * (1 + Math.Abs(eps[2 * i])));
            eps[2 * i + 1].Should().BeApproximately(k1 * zd[2 * i + 1] + l1, 1e-5 * (1 + Math.Abs(eps[2 * i + 1])));
            // The general (log-sum-exp) path gives the same numbers.
            var general = oracle.Epsilon(zd.AsSpan(2 * i, 2), t[i]);
            general[0].Should().BeApproximately(eps[2 * i], 1e-5 * (1 + Math.Abs(eps[2 * i])));
        }
    }

    [Test]
    public void Mixture_with_zero_variances_and_equal_weights_equals_the_finite_set_oracle()
    {
        var s = Heidelberg;
        var points = new double[,] { { 0, 0 }, { 1, 2 }, { -1, 0.5 }, { 2, -2 } };
        var finite = new FiniteSetDenoiser(s, points);
        var mixture = new GaussianMixtureDenoiser(s, [1, 1, 1, 1], points, new double[4, 2]);
        var z = Normal(new Generator(42), 64, 2) * 2f;
        var t = Uniform(new Generator(43), 64, s.T);
        MaxAbsDiff(finite.Predict(z, t), mixture.Predict(z, t)).Should().BeLessThan(1e-5);
    }

    [Test]
    public void Finite_set_oracle_snaps_to_the_nearest_point_at_small_t_and_is_stable_far_away()
    {
        var s = Heidelberg;
        var finite = new FiniteSetDenoiser(s, new double[,] { { 0, 0 }, { 1, 2 }, { -1, 0.5 } });
        var x0 = finite.PosteriorMeanX0([0.9, 2.1], 0);
        x0[0].Should().BeApproximately(1, 1e-12);
        x0[1].Should().BeApproximately(2, 1e-12);
        // Far from every point at t = 0 the unnormalised weights underflow; log-sum-exp keeps the answer finite.
        finite.PosteriorMeanX0([1e3, -1e3], 0).Should().OnlyContain(v => double.IsFinite(v));
        finite.Predict(tensor(new[] { 1e3, -1e3 }, 1, 2), [0]).isfinite().min().item().Should().Be(1f);
    }

    [Test]
    public void Sampling_with_the_finite_set_oracle_reproduces_training_points()
    {
        var s = Heidelberg;
        var points = new double[,] { { 1, 1 }, { -1, 1 }, { 0, -1.5 } };
        var oracle = new FiniteSetDenoiser(s, points);
        var g = new Generator(44);
        var samples = new Ddim(s, 0).Sample(oracle, randn([200, 2], g), StepNoise.None).ToDoubleArray();
        for (var i = 0; i < 200; i++)
        {
            var nearest = Enumerable.Range(0, 3).Min(k => Math.Abs(samples[2 * i] - points[k, 0]) + Math.Abs(samples[2 * i + 1] - points[k, 1]));
            nearest.Should().BeLessThan(1e-3);
        }
    }

    [Test]
    public void Oracles_reject_inputs_of_the_wrong_dimension()
    {
        var oracle = GaussianMixtureDenoiser.DtuTwoGaussians(Heidelberg);
        FluentActions.Invoking(() => oracle.Predict(zeros(4, 3), [0, 0, 0, 0])).Should().Throw<ArgumentException>().WithMessage("*[N, 2]*");
    }
}
