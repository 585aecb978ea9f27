using Grader.Contracts.Vae;

namespace Grader.Checks.Hidden.Vae;

/// <summary>
/// TUM exam 2023, P2 (d) (sheet 002): the hand-in's KL[N(μ_q, σ_q²) ‖ log N(μ_p, σ_p²)] is +∞ for <see cref="Calls"/>
/// parameter sets drawn from the run's seed: q gives z ≤ 0 positive probability where the prior's density is 0, however
/// small. Every run has both cases: a q with large mass below 0 (μ_q/σ_q uniform on [−2, 1]) and a q whose mass below 0
/// is negligible (μ_q/σ_q uniform on [6, 10], Φ(−6) ≈ 1e-9; <see cref="CaseClasses"/>), then two with μ_q uniform on [−1, 3]. (The earlier draw,
/// μ_q uniform on [−1, 3] for all four, left out the negligible case on 51 of 60 seeds, so a KL that is +∞ only where the
/// mass below 0 is visible passed.) A finite value fails with that reason.
/// </summary>
public sealed class NormalKlIsInfinite() : DrawnCallsCheck<ILogNormalPrior, NormalKlIsInfinite.KlCase>(
    "vae.tum.normal-kl-is-infinite",
    Calls, "The KL of a normal q_φ against the log-normal prior is +∞", Draw, Classes)
{
    /// <summary>Parameter sets per run.</summary>
    public const int Calls = 4;

    /// <summary>Why the divergence is infinite, as the feedback says it.</summary>
    public const string Reason = "A normal q_φ(z) puts positive probability on z ≤ 0, where the log-normal prior's density is 0, so log(q_φ/p) is +∞ "
        + "on a set q_φ gives positive mass: the supports differ and the KL term diverges.";

    /// <summary>One call's parameters: q = N(μ_q, σ_q²), the prior log N(μ_p, σ_p²).</summary>
    public sealed record KlCase(double MuQ, double SigmaQ, double MuP, double SigmaP);

    /// <summary>Call <paramref name="c"/>'s parameters: call 0 has large mass below 0, call 1 a negligible one, the others μ_q uniform on [−1, 3].</summary>
    public static KlCase Draw(Generator g, int c)
    {
        ArgumentNullException.ThrowIfNull(g);
        double sigmaQ = 0.3 + 1.7 * g.NextDouble(), muP = 2 * g.NextDouble() - 1, sigmaP = 0.3 + 1.7 * g.NextDouble();
        double muQ = c switch
        {
            0 => sigmaQ * (3 * g.NextDouble() - 2),
            1 => sigmaQ * (6 + 4 * g.NextDouble()),
            _ => 4 * g.NextDouble() - 1,
        };
        return new KlCase(muQ, sigmaQ, muP, sigmaP);
    }

    /// <summary>The q's mass below 0, Φ(−μ_q/σ_q): visible, and negligible but positive.</summary>
    public static CaseClasses<KlCase> Classes { get; } = new(
        new CaseClass<KlCase>("large-mass-below-zero", "a finite KL (the log-normal formula applied to a normal q): finite for every q", k => k.MuQ / k.SigmaQ <= 1),
        new CaseClass<KlCase>("negligible-mass-below-zero", "+∞ only where q's mass below 0 is visible (Φ(−μ_q/σ_q) above a cut-off such as 1e-6), finite where it is negligible",
            k => k.MuQ / k.SigmaQ >= 6));

    protected override CheckResult? Call(HandinCall call, ILogNormalPrior handin, KlCase drawn)
    {
        var (muQ, sigmaQ, muP, sigmaP) = drawn;
        const string what = "NormalKl(muQ, sigmaQ, muP, sigmaP)";
        if (call.Run(what, () => handin.NormalKl(muQ, sigmaQ, muP, sigmaP), out var seen) is { } threw) return threw;
        if (double.IsPositiveInfinity(seen)) return null;
        return call.Fail(string.Create(CultureInfo.InvariantCulture,
            $"{what} returned {seen:G8} for μ_q = {muQ:G4}, σ_q = {sigmaQ:G4}, μ_p = {muP:G4}, σ_p = {sigmaP:G4}; expected +∞. ") + Reason,
            expected: "+∞", seen: seen.ToString("G8", CultureInfo.InvariantCulture));
    }
}
