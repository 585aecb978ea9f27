namespace Grader.Checks.Diffusion.Snapshots;

/// <summary>The reference's same-noise trajectory (Heidelberg 1 (c)) for fixed latents and a keyed noise source.</summary>
/// <param name="Description">How the inputs are built and how the spread was measured, for a reviewer.</param>
/// <param name="Schedule">The schedule.</param>
/// <param name="Network">The fixed ε-network (time convention raw-index).</param>
/// <param name="LatentSeed">Seed of the latents (<see cref="SnapshotInputs.Latents"/>).</param>
/// <param name="NoiseSeed">Seed of the <c>KeyedNoise</c>.</param>
/// <param name="N">Number of samples.</param>
/// <param name="D">Data dimension.</param>
/// <param name="Trajectory">T + 1 rows, each [N, D] flattened: the latents first, the samples last.</param>
/// <param name="Spread">Per row, the largest deviation from the reference of four float32 implementations of the sheet's formulas (see <c>ChainTolerance</c>).</param>
public sealed record SameNoiseSnapshot(string Description, ScheduleSpec Schedule, NetworkSpec Network, ulong LatentSeed, ulong NoiseSeed, int N, int D,
    float[][] Trajectory, double[] Spread)
{
    public const string Name = "same-noise-trajectory";
}
