namespace Grader.Checks.Diffusion.Snapshots;

/// <summary>The reference's per-sample negative ELBO (DTU 3.4) on fixed batches, with diagnostic variants.</summary>
/// <param name="Description">How the inputs are built, for a reviewer.</param>
/// <param name="Schedule">The schedule.</param>
/// <param name="Network">The fixed ε-network (time convention t/T).</param>
/// <param name="DataScale">x = DataScale·randn.</param>
/// <param name="Batches">The batches.</param>
public sealed record NegativeElboSnapshot(string Description, ScheduleSpec Schedule, NetworkSpec Network, float DataScale, IReadOnlyList<ElboBatch> Batches)
{
    public const string Name = "negative-elbo";
}

/// <summary>One batch: its inputs (<see cref="SnapshotInputs.ElboBatch"/>), the reference's values and the variants.</summary>
/// <param name="Seed">Seed of x.</param>
/// <param name="DrawSeed">Seed of the <c>KeyedRandom</c> the hand-in draws t and ε from.</param>
/// <param name="N">Batch size.</param>
/// <param name="D">Data dimension.</param>
/// <param name="T">The code indices the reference draws (stored to detect a change of the generator).</param>
/// <param name="Expected">The reference's ‖ε − ε_θ(√ᾱ_t x + √(1 − ᾱ_t) ε, t/T)‖² per sample, on its draws.</param>
/// <param name="Variants">The same with a known bug.</param>
public sealed record ElboBatch(ulong Seed, ulong DrawSeed, int N, int D, int[] T, float[] Expected, IReadOnlyList<Variant> Variants);
