using Grader.Checks.Diffusion;
using Grader.Checks.Diffusion.Snapshots;
using Grader.Checks.Diffusion.Support;
using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion.Handin;

namespace Grader.Checks.Hidden.Diffusion.Unseen;

/// <summary>
/// Sheet 004, ex. 3.4, <c>DDPM.negative_elbo</c>: the claim of <see cref="NegativeElboMatchesReference"/> — one value
/// per sample, ‖ε − ε_θ(√ᾱ_t x + √(1 − ᾱ_t) ε, t/T)‖² — on batches drawn from the check's seed: T ∈ [200, 1000],
/// β₁ ∈ [5e-5, 3e-4], β_T ∈ [0.01, 0.03]; two batches of N ∈ [20, 100] (not a visible size), d ∈ {2, 3},
/// x = s·randn with s ∈ [1, 2], t and ε drawn by the hand-in from a <see cref="Grader.Checks.Diffusion.Support.KeyedRandom"/>
/// whose seed makes the reference's t hit both ends 0 and T − 1; the fixed network's seed drawn (time t/T). Expected:
/// the reference's values (<see cref="ReferenceDtuDdpm"/>, drawing from the same keyed source); tolerance: the visible
/// check's derived per-sample bound.
/// </summary>
/// <remarks>
/// The sheet's case every run (<see cref="CaseClasses"/>, issue 45 item 4): code index 0, the paper's first step, among
/// the reference's draws of every batch (the keyed seed's search, <see cref="SnapshotInputs.ElboBatch"/>). The other
/// end, T − 1, is drawn every run too, but no near miss is known that agrees with the sheet's value everywhere but
/// there: the wrong ranges of t (1 … T − 1, 0 … T − 2) draw other numbers from the keyed source, so they differ on most
/// samples.
/// </remarks>
public sealed class NegativeElboOnUnseenInputs(Func<IDtuDdpm>? reference = null) : UnseenComparison<IDtuDdpm, NegativeElboSnapshot>(
    "diffusion.dtu.negative-elbo-on-unseen-inputs",
    reference ?? (() => new ReferenceDtuDdpm()),
    NegativeElboMatchesReference.Against, "NegativeElbo", NegativeElboMatchesReference.Diagnoses.Values), IDrawsCaseClasses
{
    /// <summary>The class every run draws: a batch whose drawn t include code index 0.</summary>
    public static CaseClasses<ElboBatch> Classes { get; } = new(
        new CaseClass<ElboBatch>("first-step",
            "Algorithm 2's z = 0 at its last step carried into the loss: x not noised at code index 0 (x_t = √ᾱ_0·x), the paper's t = 1 of Algorithm 1 (mutant elbo-no-noise-at-first-step)",
            b => b.T.Contains(0)));

    /// <inheritdoc />
    public IReadOnlyList<CaseClass> CaseClasses => Classes.All;

    /// <inheritdoc />
    public IReadOnlySet<string> ClassesDrawn(ulong seed) => Classes.PresentIn(Replay(seed).Batches);

    /// <summary>The batches of one run, with the reference's values.</summary>
    protected override NegativeElboSnapshot Draw(UnseenSetup setup, IDtuDdpm reference)
    {
        var spec = setup.Schedule(200, 1000, 0.01, 0.03);
        var schedule = spec.ToNoiseSchedule();
        var d = setup.Dimension();
        var network = setup.Network(d, NetworkSpec.Normalised);
        var scale = (float)setup.Uniform(1, 2);
        var batches = new List<ElboBatch>();
        for (var b = 0; b < 2; b++)
        {
            var n = setup.BatchSize(20, 100);
            var seed = setup.Seed();
            var (x, drawSeed) = SnapshotInputs.ElboBatch(seed, n, d, spec.T, scale);
            var (t, _) = SnapshotInputs.ElboDraws(drawSeed, n, d, spec.T);
            float[] expected;
            using (torch.no_grad()) expected = reference.NegativeElbo(x, schedule, network.Create(spec.T), new KeyedRandom(drawSeed)).ToArray();
            batches.Add(new ElboBatch(seed, drawSeed, n, d, t, expected, []));
        }

        return new NegativeElboSnapshot("drawn for this run", spec, network, scale, batches);
    }
}
