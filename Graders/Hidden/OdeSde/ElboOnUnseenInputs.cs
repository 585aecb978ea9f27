using Grader.Checks.OdeSde;
using Grader.Checks.OdeSde.Snapshots;
using Grader.Checks.OdeSde.Support;
using Grader.Contracts.OdeSde;
using Grader.Reference.OdeSde;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// Sheet 003, tasks 2.1–2.3, on inputs drawn from the run's seed: the ELBO and its terms per example equal the
/// reference's, computed live on the same replayed draws, for random closed-form f, σ, α, β, likelihood widths, data and
/// batch sizes, one case with β(y, 1) ≠ b every run (<see cref="CaseClasses"/>); and what the hand-in drew is inspected (<see cref="ElboComparison"/>: each draw once, one value per
/// example, the drift read at the drawn t).
/// </summary>
public sealed class ElboOnUnseenInputs() : HandinCheck<ISdeElbo>(
    "sde.ku.elbo-on-unseen-inputs"), IDrawsCaseClasses
{
    /// <summary>One case as drawn: the networks, the data and the seed of the noise the reference replays.</summary>
    public sealed record ElboDraw(SdeSpec Spec, float[] Y, ulong NoiseSeed);

    /// <summary>The set-ups that tell the ELBO's likelihood term from its near misses.</summary>
    public static CaseClasses<ElboDraw> Classes { get; } = new(
        new CaseClass<ElboDraw>("beta-at-one-not-the-likelihood-width",
            "the likelihood's width taken from β(y, 1) (or x₁ drawn with b): equal where β(y, 1) = b, as in the notebook",
            d => d.Spec.BetaAtOne is { } end && Math.Abs(end - d.Spec.B) >= 0.3));

    /// <inheritdoc />
    public IReadOnlyList<CaseClass> CaseClasses => Classes.All;

    /// <inheritdoc />
    public IReadOnlySet<string> ClassesDrawn(ulong seed) => Classes.PresentIn(Drawn(new CheckContext(_ => null, seed, "").NewGenerator(0xE1B0)));

    protected override CheckResult Check(CheckContext context, HandinCall call, ISdeElbo handin)
    {
        var cases = Drawn(context.NewGenerator(0xE1B0)).Select(d => Case(d.Spec, d.Y, d.NoiseSeed)).ToList();
        return ElboComparison.Grade(call, handin, cases, "unseen networks, data and batch sizes");
    }

    /// <summary>The run's three cases: the first with β(y, 1) ≠ b every run, the others the notebook's β(y, 1) = b; 16 … 200 data points each, uniform on [−4, 4].</summary>
    private static List<ElboDraw> Drawn(Generator g) =>
        Enumerable.Range(0, 3).Select(i =>
        {
            var spec = i == 0 ? WithBetaAtOneNotB(Spec(g), g) : Spec(g);
            int n = (int)g.NextInt(16, 201);
            var noiseSeed = g.NextUInt64();
            var y = Enumerable.Range(0, n).Select(_ => (float)(-4 + 8 * g.NextDouble())).ToArray();
            return new ElboDraw(spec, y, noiseSeed);
        }).ToList();

    /// <summary>Random closed-form networks in ranges where σ and β stay well away from 0.</summary>
    internal static SdeSpec Spec(Generator g)
    {
        double U(double lo, double hi) => lo + (hi - lo) * g.NextDouble();
        var drift = new DriftSpec(U(-1, 1), U(-1, 1), U(-0.5, 0.5), U(-0.5, 0.5), U(0, 1), U(-1, 1), U(-1, 1), U(-1, 1));
        return new SdeSpec(drift, U(0.3, 1.2), U(0, 0.8), U(-0.5, 0.5), U(-0.5, 0.5), U(-0.5, 0.5), U(0.4, 1.5), U(0, 0.5), U(0, 0.5), U(0.1, 0.8));
    }

    /// <summary>
    /// The spec with β(y, 1) = b + U(0.3, 0.8) (b ≤ 0.8, so at least 1.375·b): where β(y, 1) = b an ELBO that draws x₁
    /// with the likelihood's b, or takes the likelihood's width from β(y, 1), is right by accident.
    /// </summary>
    internal static SdeSpec WithBetaAtOneNotB(SdeSpec spec, Generator g) => spec with { BetaAtOne = spec.B + 0.3 + 0.5 * g.NextDouble() };

    /// <summary>A case whose expected values the reference computes live on the draws of <see cref="ReplayedElboNoise"/>(seed), with the known wrong variants (<see cref="ElboInDouble"/>).</summary>
    internal static ElboCase Case(SdeSpec spec, float[] y, ulong noiseSeed)
    {
        int n = y.Length;
        SdeElboTerms terms;
        using (torch.no_grad())
        {
            terms = SdeElbo.Compute(ContractNetwork.Of(spec.Drift.Network()), ContractNetwork.Of(spec.SigmaNet()), ContractNetwork.Of(spec.AlphaNet()),
                ContractNetwork.Of(spec.BetaNet()), torch.tensor([(float)spec.B], 1), torch.tensor(y, n, 1), new ReplayedElboNoise(noiseSeed));
        }
        return new ElboCase(spec, y, noiseSeed, terms.Elbo.ToArray(), terms.Likelihood.ToArray(), terms.KlDivergence.ToArray(), terms.DriftMatching.ToArray(),
            ElboInDouble.Variants(spec, y, noiseSeed));
    }
}
