using Grader.Checks.Diffusion;
using Grader.Checks.Diffusion.Snapshots;
using Grader.Checks.Diffusion.Support;
using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion.Handin;

namespace Grader.Checks.Hidden.Diffusion.Unseen;

/// <summary>
/// Sheet 000, ex. 1 (c): the claim of <see cref="SameNoiseTrajectoryMatchesReference"/> — the hand-in's same-noise
/// trajectory equals the reference's, row by row — on a set-up drawn from the check's seed: T ∈ [100, 250],
/// β₁ ∈ [5e-5, 3e-4], β_T ∈ [0.01, 0.02] (Σβ ≤ 2.5, as the visible snapshot's); N ∈ [3, 24] latents (not a visible
/// size), d ∈ {2, 3}; latent and noise seeds and the fixed network's seed drawn (raw-index time). Expected: the
/// reference's trajectory (<see cref="ReferenceSameNoiseSampler"/>); tolerance: <c>ChainTolerance</c> with the spread
/// of the four float32 implementations (<see cref="LegitimateChains"/>) measured on this set-up at the run.
/// </summary>
public sealed class SameNoiseTrajectoryOnUnseenInputs(Func<ISameNoiseSampler>? reference = null) : UnseenComparison<ISameNoiseSampler, SameNoiseSnapshot>(
    "diffusion.heidelberg.same-noise-trajectory-on-unseen-inputs",
    reference ?? (() => new ReferenceSameNoiseSampler()),
    SameNoiseTrajectoryMatchesReference.Against, "The same-noise trajectory",
    SameNoiseTrajectoryMatchesReference.Diagnoses.Values)
{
    /// <summary>The set-up of one run, with the reference's trajectory and its measured spread.</summary>
    protected override SameNoiseSnapshot Draw(UnseenSetup setup, ISameNoiseSampler reference)
    {
        var spec = setup.Schedule(100, 250, 0.01, 0.02);
        int n = setup.BatchSize(3, 24), d = setup.Dimension();
        var network = setup.Network(d, NetworkSpec.RawIndex);
        ulong latentSeed = setup.Seed(), noiseSeed = setup.Seed();
        var latents = SnapshotInputs.Latents(latentSeed, n, d);
        Tensor trajectory;
        using (torch.no_grad()) trajectory = reference.SampleSameNoise(latents, spec.ToNoiseSchedule(), network.Create(spec.T), new KeyedNoise(noiseSeed));
        var rows = Enumerable.Range(0, spec.T + 1).Select(s => trajectory.select(0, s).ToArray()).ToArray();
        var spread = LegitimateChains.Spread(rows, spec, network, normalisedTime: false, posteriorVariance: true, latents, () => new KeyedNoise(noiseSeed), sharedNoise: true);
        return new SameNoiseSnapshot("drawn for this run", spec, network, latentSeed, noiseSeed, n, d, rows, spread);
    }
}
