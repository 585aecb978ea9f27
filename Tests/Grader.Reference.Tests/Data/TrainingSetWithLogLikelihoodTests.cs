using MathNet.Numerics.Integration;

namespace Grader.Reference.Tests.Data;

/// <summary>
/// Sheet 003's data generator (<c>TrainingSetWithLogLikelihood</c>): the three laws, their densities, the printed
/// "expected log likelihood" and its exact value. Exact values are checked against closed forms and against mpmath
/// (30 digits; <c>mp.quad</c> of p·log p split at the means), statistical ones with a false-fail rate of 1e-6.
/// </summary>
public sealed class TrainingSetWithLogLikelihoodTests
{
    /// <summary>Two-sided z for a false-fail rate of 1e-6.</summary>
    private const double Z1e6 = 4.8916;

    /// <summary>E[log p(Y)] of the notebooks' mixture (k = 5, spacing 4, scale 1), mpmath at 30 digits.</summary>
    private const double MixtureExact = -2.98755284708777287821;

    /// <summary>sd of log p(Y) of that mixture, mpmath.</summary>
    private const double MixtureSd = 0.605783612861432741366;

    /// <summary>What the stored notebooks printed (seed-origins §4, §5): ODE.ipynb's training and validation sets, then SDE.ipynb's.</summary>
    private static readonly double[] NotebookPrinted = [-2.9929802417755127, -2.983510971069336, -2.980099678039551, -2.993553638458252];

    [Test]
    public void Mixture_means_follow_numpy_arange()
    {
        TrainingSetWithLogLikelihood.MixtureMeans(5, 4).Should().Equal(-8, -4, 0, 4, 8);
        TrainingSetWithLogLikelihood.MixtureMeans(4, 4).Should().Equal(-6, -2, 2, 6); // np.arange(-6.0, 10.0, 4.0)
        TrainingSetWithLogLikelihood.MixtureMeans(1, 3).Should().Equal(0);
        TrainingSetWithLogLikelihood.MixtureMeans(3, 2.5).Should().Equal(-2.5, 0, 2.5);
    }

    [Test]
    public void Log_densities_match_the_textbook_formulas()
    {
        var gaussian = TrainingSetWithLogLikelihood.Gaussian();
        var laplace = TrainingSetWithLogLikelihood.Laplace();
        var mixture = TrainingSetWithLogLikelihood.LaplaceMixture();
        foreach (var y in new[] { -11.0, -8.0, -3.3, -0.2, 0.0, 1.7, 4.0, 9.5 })
        {
            gaussian.LogDensity(y).Should().BeApproximately(Math.Log(Math.Exp(-(y + 1) * (y + 1) / 8) / Math.Sqrt(2 * Math.PI * 4)), 1e-12);
            laplace.LogDensity(y).Should().BeApproximately(-Math.Abs(y) - Math.Log(2), 1e-12);
            double p = new[] { -8.0, -4, 0, 4, 8 }.Sum(m => Math.Exp(-Math.Abs(y - m)) / 2) / 5;
            mixture.LogDensity(y).Should().BeApproximately(Math.Log(p), 1e-12);
        }
        mixture.Law.LogProb(tensor(new[] { 0.5, -4.0 }, 2, 1)).ToDoubleArray().Should()
            .BeEquivalentTo(new[] { mixture.LogDensity(0.5), mixture.LogDensity(-4) }, o => o.Using<double>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-6)).WhenTypeIs<double>());
    }

    [Test]
    public void Each_density_integrates_to_one_by_an_independent_quadrature()
    {
        foreach (var set in Sets())
        {
            set.TotalProbability().Should().BeApproximately(1, 1e-12, set.Distribution);
            // MathNet's double-exponential rule, on its own, over each piece between the kinks.
            double total = 0;
            double[] cuts = set.Distribution == "gaussian" ? [-81, -1, 79] : [-60, -8, -4, 0, 4, 8, 60];
            for (int i = 0; i + 1 < cuts.Length; i++)
                total += DoubleExponentialTransformation.Integrate(y => Math.Exp(set.LogDensity(y)), cuts[i], cuts[i + 1], 1e-13);
            total.Should().BeApproximately(1, 1e-10, set.Distribution);
        }
    }

    /// <summary>
    /// The exact expected log-likelihoods (minus the entropies): −½ ln(2πe·4) = −2.112086 for N(−1, 2²), −(1 + ln 2) =
    /// −1.693147 for Laplace(0, 1), and −2.987553 for the mixture (mpmath).
    /// </summary>
    [Test]
    public void Exact_expected_log_likelihoods_match_closed_forms_and_mpmath()
    {
        TrainingSetWithLogLikelihood.Gaussian().ExactExpectedLogLikelihood().Should().BeApproximately(-0.5 * Math.Log(2 * Math.PI * Math.E * 4), 1e-12);
        TrainingSetWithLogLikelihood.Laplace().ExactExpectedLogLikelihood().Should().BeApproximately(-(1 + Math.Log(2)), 1e-12);
        var mixture = TrainingSetWithLogLikelihood.LaplaceMixture();
        mixture.ExactExpectedLogLikelihood().Should().BeApproximately(MixtureExact, 1e-12);
        mixture.LogDensityStandardDeviation().Should().BeApproximately(MixtureSd, 1e-10);
        TrainingSetWithLogLikelihood.Gaussian().LogDensityStandardDeviation().Should().BeApproximately(Math.Sqrt(0.5), 1e-10);
        TrainingSetWithLogLikelihood.Laplace().LogDensityStandardDeviation().Should().BeApproximately(1, 1e-10);
    }

    /// <summary>
    /// The four values the stored notebooks printed are four independent means over n = 1000 draws, so their average
    /// has sd 0.6058/√4000 = 0.0096 around the exact −2.98755: it must lie within 4.89 sd (false-fail 1e-6; it lies
    /// 1e-5 away). The same band rejects each nearby parameter set (scale 1.2 or 0.8, spacing 3 or 5, k = 4 or 6), so
    /// the printed numbers pin the notebook's parameters.
    /// </summary>
    [Test]
    public void The_notebooks_printed_values_pin_the_mixture_parameters()
    {
        double printed = NotebookPrinted.Average();
        double band = Z1e6 * MixtureSd / Math.Sqrt(4000);
        printed.Should().BeApproximately(MixtureExact, band);
        foreach (var (k, spacing, scale) in new[] { (5, 4.0, 1.2), (5, 4.0, 0.8), (5, 3.0, 1.0), (5, 5.0, 1.0), (4, 4.0, 1.0), (6, 4.0, 1.0) })
        {
            double other = TrainingSetWithLogLikelihood.LaplaceMixture(k, spacing, scale).ExactExpectedLogLikelihood();
            Math.Abs(printed - other).Should().BeGreaterThan(band, $"k = {k}, spacing {spacing}, scale {scale} would have printed about {other:F4}");
        }
    }

    [Test]
    public void Generate_returns_n_by_one_and_the_mean_log_density_of_exactly_those_draws()
    {
        foreach (var set in Sets())
        {
            var (data, printed) = set.Generate(1000, new Generator(3));
            data.shape.Should().Equal(1000, 1);
            printed.Should().BeApproximately(data.ToDoubleArray().Average(set.LogDensity), 1e-12);
            set.ExpectedLogLikelihood(data.reshape(1000)).Should().Be(printed);
        }
    }

    /// <summary>
    /// Over n = 1000 draws the printed value is a mean with sd sd(log p)/√1000 (0.0224, 0.0316, 0.0192 for the three
    /// laws); for 20 seeds each it lies within 4.89 sd of the exact value (false-fail 1e-6 per draw, 6e-5 for the test).
    /// </summary>
    [Test]
    public void The_printed_value_scatters_around_the_exact_one_as_a_mean_should()
    {
        foreach (var set in Sets())
        {
            double exact = set.ExactExpectedLogLikelihood(), sd = set.LogDensityStandardDeviation() / Math.Sqrt(1000);
            for (int seed = 0; seed < 20; seed++)
                set.Generate(1000, new Generator(100 + seed)).ExpectedLogLikelihood.Should().BeApproximately(exact, Z1e6 * sd, $"{set}, seed {seed}");
        }
    }

    /// <summary>
    /// The draws follow the law: the KS distance of 20,000 draws to the exact CDF (closed form per component) stays within
    /// the DKW envelope √(ln(2/α)/(2n)) at α = 1e-6 (0.0190); a mixture with spacing 3.5 instead of 4 is 0.03 away.
    /// </summary>
    [Test]
    public void Mixture_draws_pass_a_DKW_test_against_the_exact_CDF()
    {
        const int n = 20_000;
        var mixture = TrainingSetWithLogLikelihood.LaplaceMixture();
        var y = mixture.Generate(n, new Generator(7)).Data.ToDoubleArray();
        Array.Sort(y);
        static double LaplaceCdf(double v, double m) => v < m ? 0.5 * Math.Exp(v - m) : 1 - 0.5 * Math.Exp(m - v);
        double Cdf(double v, double spacing) => new[] { -2.0, -1, 0, 1, 2 }.Average(j => LaplaceCdf(v, j * spacing));
        double Ks(double spacing)
        {
            double d = 0;
            for (int i = 0; i < n; i++)
            {
                double f = Cdf(y[i], spacing);
                d = Math.Max(d, Math.Max(Math.Abs(f - (double)i / n), Math.Abs(f - (double)(i + 1) / n)));
            }
            return d;
        }
        double envelope = Math.Sqrt(Math.Log(2 / 1e-6) / (2 * n));
        Ks(4).Should().BeLessThan(envelope);
        Ks(3.5).Should().BeGreaterThan(envelope, "the test has power against a wrong spacing");
    }

    [Test]
    public void Bad_parameters_are_refused_with_a_message()
    {
        FluentActions.Invoking(() => TrainingSetWithLogLikelihood.Gaussian(0, -1)).Should().Throw<ArgumentException>().WithMessage("*std*");
        FluentActions.Invoking(() => TrainingSetWithLogLikelihood.LaplaceMixture(0)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => TrainingSetWithLogLikelihood.LaplaceMixture(5, 4, 0)).Should().Throw<ArgumentException>().WithMessage("*scale*");
        FluentActions.Invoking(() => TrainingSetWithLogLikelihood.Laplace().ExpectedLogLikelihood(zeros(3, 2))).Should().Throw<ArgumentException>().WithMessage("*[n, 1]*");
    }

    private static IEnumerable<TrainingSetWithLogLikelihood> Sets() =>
        [TrainingSetWithLogLikelihood.Gaussian(), TrainingSetWithLogLikelihood.Laplace(), TrainingSetWithLogLikelihood.LaplaceMixture()];
}
