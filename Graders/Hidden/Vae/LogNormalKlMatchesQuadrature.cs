using Grader.Contracts.Vae;
using Grader.Reference.Vae;

namespace Grader.Checks.Hidden.Vae;

/// <summary>
/// TUM exam 2023, P2 (d) (sheet 002): the hand-in's KL[log N(μ_q, σ_q²) ‖ log N(μ_p, σ_p²)] equals ∫ q ln(q/p) computed by
/// the midpoint rule in t = ln z (where both are normal; 20,000 cells on μ_q ± 12σ_q, quadrature error below 1e-9
/// relative), on <see cref="Calls"/> parameter sets drawn from the run's seed (μ uniform on [−1, 1], σ on [0.3, 2]); the
/// reference's closed form must agree with the quadrature too. Tolerance 1e-6·(1 + |KL|) (a double result; a float32
/// evaluation of the closed form is within 1e-6). KL[p ‖ q] (the wrong direction) is named. Every run has σ_q far from σ_p
/// on both sides (<see cref="CaseClasses"/>: calls 0 and 1 draw σ_q on [1.2, 2] and σ_p on [0.3, 0.8], then the other way
/// round); the earlier draw, all four σ free on [0.3, 2], made that almost sure, not certain.
/// </summary>
public sealed class LogNormalKlMatchesQuadrature() : DrawnCallsCheck<ILogNormalPrior, LogNormalKlMatchesQuadrature.KlCase>(
    "vae.tum.log-normal-kl-matches-quadrature",
    Calls, $"The log-normal KL matches the quadrature for {Calls} parameter sets", Draw, Classes)
{
    /// <summary>Parameter sets per run.</summary>
    public const int Calls = 4;

    /// <summary>One call's parameters: q = log N(μ_q, σ_q²), p = log N(μ_p, σ_p²).</summary>
    public sealed record KlCase(double MuQ, double SigmaQ, double MuP, double SigmaP);

    /// <summary>
    /// Call <paramref name="c"/>'s parameters, drawn in the order μ_q, σ_q, μ_p, σ_p: μ uniform on [−1, 1]; σ uniform on
    /// [0.3, 2], except σ_q on [1.2, 2] and σ_p on [0.3, 0.8] in call 0, and the other way round in call 1.
    /// </summary>
    public static KlCase Draw(Generator g, int c)
    {
        ArgumentNullException.ThrowIfNull(g);
        static double Wide(Generator g) => 0.3 + 1.7 * g.NextDouble();
        static double Large(Generator g) => 1.2 + 0.8 * g.NextDouble();
        static double Small(Generator g) => 0.3 + 0.5 * g.NextDouble();
        double muQ = 2 * g.NextDouble() - 1, sigmaQ = c switch { 0 => Large(g), 1 => Small(g), _ => Wide(g) };
        double muP = 2 * g.NextDouble() - 1, sigmaP = c switch { 0 => Small(g), 1 => Large(g), _ => Wide(g) };
        return new KlCase(muQ, sigmaQ, muP, sigmaP);
    }

    /// <summary>
    /// σ_q far from σ_p, each way: KL[q ‖ p] − KL[p ‖ q] = sinh(2x) − 2x + ½(μ_q − μ_p)²(σ_p⁻² − σ_q⁻²) with x = ln(σ_q/σ_p),
    /// both terms of x's sign, so |x| ≥ 0.4 puts the wrong direction at least sinh(0.8) − 0.8 = 0.088 away (tolerance
    /// about 1e-6); at σ_q = σ_p the two directions are equal.
    /// </summary>
    public static CaseClasses<KlCase> Classes { get; } = new(
        new CaseClass<KlCase>("sigma-q-above-sigma-p", "𝕂𝕃[p ‖ q], the other direction (equal to 𝕂𝕃[q ‖ p] when σ_q = σ_p)", k => Math.Log(k.SigmaQ / k.SigmaP) >= 0.4),
        new CaseClass<KlCase>("sigma-q-below-sigma-p", "𝕂𝕃[p ‖ q], the other direction, with the scales the other way round", k => Math.Log(k.SigmaQ / k.SigmaP) <= -0.4));

    protected override CheckResult? Call(HandinCall call, ILogNormalPrior handin, KlCase drawn)
    {
        var (muQ, sigmaQ, muP, sigmaP) = drawn;
        var expected = Quadrature(muQ, sigmaQ, muP, sigmaP);
        var closed = LogNormalPriorKl.BetweenLogNormals(muQ, sigmaQ, muP, sigmaP);
        if (!(Math.Abs(closed - expected) <= 1e-7 * (1 + expected)))
            return call.Error(string.Create(CultureInfo.InvariantCulture, $"grader defect: the closed-form KL {closed:G10} and the quadrature {expected:G10} disagree."));
        const string what = "LogNormalKl(muQ, sigmaQ, muP, sigmaP)";
        if (call.Run(what, () => handin.LogNormalKl(muQ, sigmaQ, muP, sigmaP), out var seen) is { } threw) return threw;
        var tolerance = 1e-6 * (1 + Math.Abs(expected));
        if (Math.Abs(seen - expected) <= tolerance) return null;
        var reverse = LogNormalPriorKl.BetweenLogNormals(muP, sigmaP, muQ, sigmaQ);
        var hint = Math.Abs(seen - reverse) <= tolerance + 1e-6 * Math.Abs(reverse)
            ? " Your value is 𝕂𝕃[p ‖ q], the divergence in the other direction: the ELBO's KL term is 𝕂𝕃[q_φ(z) ‖ p(z)], the expectation under q_φ."
            : " ln z maps both log-normals to normals, and the KL divergence does not change under a bijection.";
        return call.Fail(string.Create(CultureInfo.InvariantCulture,
            $"{what} differs for μ_q = {muQ:G4}, σ_q = {sigmaQ:G4}, μ_p = {muP:G4}, σ_p = {sigmaP:G4}: expected {expected:G8}, seen {seen:G8} (tolerance {tolerance:G2}).{hint}"),
            expected: expected.ToString("G8", CultureInfo.InvariantCulture), seen: seen.ToString("G8", CultureInfo.InvariantCulture));
    }

    /// <summary>∫ q(t) ln(q(t)/p(t)) dt for the normals of ln z, midpoint rule, 20,000 cells on μ_q ± 12σ_q.</summary>
    private static double Quadrature(double muQ, double sigmaQ, double muP, double sigmaP)
    {
        const int cells = 20_000;
        double low = muQ - 12 * sigmaQ, width = 24 * sigmaQ / cells, sum = 0;
        for (int i = 0; i < cells; i++)
        {
            var t = low + (i + 0.5) * width;
            double zq = (t - muQ) / sigmaQ, zp = (t - muP) / sigmaP;
            var logQ = -0.5 * zq * zq - Math.Log(sigmaQ);
            var logP = -0.5 * zp * zp - Math.Log(sigmaP);
            sum += Math.Exp(logQ) / Math.Sqrt(2 * Math.PI) * (logQ - logP);
        }
        return sum * width;
    }
}
