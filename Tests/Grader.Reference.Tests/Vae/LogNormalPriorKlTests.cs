using Grader.Reference.Vae;
using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace Grader.Reference.Tests.Vae;

/// <summary>
/// TUM exam 2023, P2 (d): the KL term of a VAE with a log-normal prior. The closed form for two log-normals against
/// adaptive Gauss–Kronrod quadrature of ∫ q log(q/p) dz over z &gt; 0 with the sheet's density written out here; and
/// the normal q, for which the reference answers +∞, against the quadrature of ∫ q log(q/max(p, δ)) dz, which grows
/// without bound as δ → 0 (by at least P_q(z ≤ 0)·ln 10 per decade).
/// </summary>
public sealed class LogNormalPriorKlTests
{
    /// <summary>ln q_{μ,σ²}(z) of the sheet: −ln(zσ√(2π)) − (ln z − μ)²/(2σ²) for z &gt; 0, −∞ otherwise.</summary>
    private static double LogNormalLogPdf(double z, double mu, double sigma) =>
        z <= 0 ? double.NegativeInfinity : -Math.Log(z * sigma * Math.Sqrt(2 * Math.PI)) - Math.Pow(Math.Log(z) - mu, 2) / (2 * sigma * sigma);

    private static double NormalLogPdf(double z, double mu, double sigma) => Normal.PDFLn(mu, sigma, z);

    /// <summary>∫ f over (a, b) by adaptive Gauss–Kronrod (61 points) with its error estimate.</summary>
    private static (double Value, double Error) Quad(Func<double, double> f, double a, double b, double relativeError = 1e-13, int depth = 25)
    {
        var value = Integrate.GaussKronrod(f, a, b, out var error, out _, relativeError, depth, 61);
        return (value, error);
    }

    [TestCase(0.0, 1.0, 0.0, 1.0)]
    [TestCase(0.5, 0.8, 0.0, 1.0)]
    [TestCase(-0.3, 1.5, 0.2, 0.6)]
    [TestCase(1.0, 0.3, 0.0, 1.0)]
    [TestCase(0.0, 1.0, 1.0, 2.0)]
    public void The_log_normal_KL_is_the_quadrature_of_q_log_q_over_p(double muQ, double sigmaQ, double muP, double sigmaP)
    {
        double Integrand(double z)
        {
            var lq = LogNormalLogPdf(z, muQ, sigmaQ);
            return lq == double.NegativeInfinity ? 0 : Math.Exp(lq) * (lq - LogNormalLogPdf(z, muP, sigmaP));
        }
        var median = Math.Exp(muQ);
        var (low, e1) = Quad(Integrand, 0, median);
        var (high, e2) = Quad(Integrand, median, double.PositiveInfinity);
        var closed = LogNormalPriorKl.BetweenLogNormals(muQ, sigmaQ, muP, sigmaP);
        var tol = 10 * (e1 + e2) + 1e-10;
        TestContext.Out.WriteLine($"KL = {closed:R}, quadrature {low + high:R} (error estimate {e1 + e2:G3})");
        Assert.That(low + high, Is.EqualTo(closed).Within(tol));
        Assert.That(closed, Is.GreaterThanOrEqualTo(0));
    }

    [Test]
    public void The_log_normal_KL_is_0_only_for_equal_parameters_and_is_not_symmetric()
    {
        Assert.That(LogNormalPriorKl.BetweenLogNormals(0.4, 0.9, 0.4, 0.9), Is.EqualTo(0).Within(1e-15));
        var forward = LogNormalPriorKl.BetweenLogNormals(0.5, 0.8, 0, 1);
        var backward = LogNormalPriorKl.BetweenLogNormals(0, 1, 0.5, 0.8);
        Assert.That(forward, Is.GreaterThan(0));
        Assert.That(Math.Abs(forward - backward), Is.GreaterThan(0.01), "a check can tell KL[q ‖ p] from KL[p ‖ q] at these parameters");
    }

    /// <summary>
    /// q = N(μ_q, σ_q²) against p = log N(μ_p, σ_p²): I(δ) = ∫ q log(q/max(p, δ)) dz, by quadrature on (−∞, 0) and
    /// (0, ∞), grows by at least P_q(z ≤ 0)·ln(10²⁰) for every 20 decades of δ — the KL (δ → 0) is +∞, as the
    /// reference says.
    /// </summary>
    [TestCase(1.0, 1.0, 0.0, 1.0)]
    [TestCase(2.0, 0.5, 0.5, 0.7)]
    [TestCase(-0.5, 2.0, 0.0, 1.0)]
    public void A_normal_q_against_a_log_normal_prior_has_infinite_KL(double muQ, double sigmaQ, double muP, double sigmaP)
    {
        Assert.That(LogNormalPriorKl.NormalAgainstLogNormal(muQ, sigmaQ, muP, sigmaP), Is.EqualTo(double.PositiveInfinity));

        double I(double delta)
        {
            double Integrand(double z)
            {
                var lq = NormalLogPdf(z, muQ, sigmaQ);
                return Math.Exp(lq) * (lq - Math.Max(LogNormalLogPdf(z, muP, sigmaP), Math.Log(delta)));
            }
            // q < e⁻⁸⁰⁰ beyond μ_q ± 40σ_q; the kink where p crosses δ needs no more than 1e-9 relative accuracy here.
            double lo = Math.Min(muQ - 40 * sigmaQ, -1), hi = Math.Max(muQ + 40 * sigmaQ, 1);
            return Quad(Integrand, lo, 0, 1e-9, 15).Value + Quad(Integrand, 0, hi, 1e-9, 15).Value;
        }
        var massOutside = Normal.CDF(muQ, sigmaQ, 0);
        var perStep = massOutside * Math.Log(1e20);
        var values = new[] { 1e-20, 1e-40, 1e-80, 1e-160 }.Select(I).ToArray();
        TestContext.Out.WriteLine($"P_q(z ≤ 0) = {massOutside:G4}; I(δ) for δ = 1e-20, 1e-40, 1e-80, 1e-160: {string.Join(", ", values.Select(v => v.ToString("G6")))}");
        Assert.That(massOutside, Is.GreaterThan(0));
        Assert.That(values[1] - values[0], Is.GreaterThanOrEqualTo(perStep * (1 - 1e-6)));
        Assert.That(values[2] - values[1], Is.GreaterThanOrEqualTo(2 * perStep * (1 - 1e-6)));
        Assert.That(values[3] - values[2], Is.GreaterThanOrEqualTo(4 * perStep * (1 - 1e-6)));
    }
}
