using Grader.Checks.Diffusion;
using Grader.Checks.Diffusion.Snapshots;
using Grader.Checks.Diffusion.Support;
using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion.Handin;

namespace Grader.Checks.Hidden.Diffusion.Unseen;

/// <summary>
/// Sheet 004, ex. 3.4, <c>DDPM.sample</c>: the claim of <see cref="DtuSampleMatchesReference"/> — Algorithm 2 with
/// σ_t² = β_t gives the reference's samples for the grader's keyed noise — on a set-up drawn from the check's seed:
/// T ∈ [60, 140], β₁ ∈ [5e-5, 3e-4], β_T ∈ [0.015, 0.025] (the chain's amplification stays near the visible
/// snapshot's); N ∈ [20, 100] samples (not a visible size), d ∈ {2, 3}; the noise seed and the fixed network's seed
/// drawn (time t/T). Expected: the reference's samples (<see cref="ReferenceDtuDdpm"/>); tolerance:
/// <c>ChainTolerance</c> with the spread of <see cref="LegitimateChains"/> measured on this set-up at the run.
/// </summary>
public sealed class DtuSampleOnUnseenInputs(Func<IDtuDdpm>? reference = null) : UnseenComparison<IDtuDdpm, DtuSampleSnapshot>(
    "diffusion.dtu.sample-on-unseen-inputs",
    reference ?? (() => new ReferenceDtuDdpm()),
    DtuSampleMatchesReference.Against, "Sample", DtuSampleMatchesReference.Diagnoses.Values)
{
    /// <summary>The set-up of one run, with the reference's samples and their measured spread.</summary>
    protected override DtuSampleSnapshot Draw(UnseenSetup setup, IDtuDdpm reference)
    {
        var spec = setup.Schedule(60, 140, 0.015, 0.025);
        int n = setup.BatchSize(20, 100), d = setup.Dimension();
        int[] shape = [n, d];
        var network = setup.Network(d, NetworkSpec.Normalised);
        var noiseSeed = setup.Seed();
        Tensor expected;
        using (torch.no_grad()) expected = reference.Sample((int[])shape.Clone(), spec.ToNoiseSchedule(), network.Create(spec.T), new KeyedNoise(noiseSeed));
        var latents = new KeyedNoise(noiseSeed).Latent(shape);
        var spread = LegitimateChains.Spread([latents.ToArray(), expected.ToArray()], spec, network, normalisedTime: true, posteriorVariance: false,
            latents, () => new KeyedNoise(noiseSeed), sharedNoise: false, finalOnly: true);
        return new DtuSampleSnapshot("drawn for this run", spec, network, noiseSeed, n, d, expected.ToArray(), spread[^1], []);
    }
}
