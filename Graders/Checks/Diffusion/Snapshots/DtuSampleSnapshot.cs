namespace Grader.Checks.Diffusion.Snapshots;

/// <summary>The reference's DTU Algorithm-2 samples (σ² = β) for a keyed noise source, with diagnostic variants.</summary>
/// <param name="Description">How the inputs are built and how the spread was measured, for a reviewer.</param>
/// <param name="Schedule">The schedule.</param>
/// <param name="Network">The fixed ε-network (time convention t/T).</param>
/// <param name="NoiseSeed">Seed of the <c>KeyedNoise</c> the sampler draws x_T and every z from.</param>
/// <param name="N">Number of samples.</param>
/// <param name="D">Data dimension.</param>
/// <param name="Expected">The reference's samples x₀, [N, D] flattened.</param>
/// <param name="Spread">The largest deviation from the reference of four float32 implementations of the sheet's formulas (see <c>ChainTolerance</c>).</param>
/// <param name="Variants">The samples with a known bug.</param>
public sealed record DtuSampleSnapshot(string Description, ScheduleSpec Schedule, NetworkSpec Network, ulong NoiseSeed, int N, int D,
    float[] Expected, double Spread, IReadOnlyList<Variant> Variants)
{
    public const string Name = "dtu-sample";
}
