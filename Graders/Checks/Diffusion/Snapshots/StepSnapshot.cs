namespace Grader.Checks.Diffusion.Snapshots;

/// <summary>The reference's single reverse steps (Heidelberg 1 (a), or DDIM 1 (d)) at fixed inputs, with diagnostic variants.</summary>
/// <param name="Description">How the inputs are built, for a reviewer.</param>
/// <param name="Schedule">The schedule.</param>
/// <param name="Network">The fixed ε-network (time convention raw-index).</param>
/// <param name="Cases">One case per (t, η).</param>
public sealed record StepSnapshot(string Description, ScheduleSpec Schedule, NetworkSpec Network, IReadOnlyList<StepCase> Cases)
{
    public const string ReverseStepName = "reverse-step";
    public const string DdimStepName = "ddim-step";
}

/// <summary>One step: inputs from <see cref="SnapshotInputs.Step"/>, the reference's x_{t−1} and the variants.</summary>
/// <param name="Step">The code index t.</param>
/// <param name="Eta">η (DDIM; 0 for the DDPM step).</param>
/// <param name="Seed">Seed of x_t and z.</param>
/// <param name="N">Batch size.</param>
/// <param name="D">Data dimension.</param>
/// <param name="Scale">x_t = Scale·randn.</param>
/// <param name="Expected">The reference's x_{t−1}, [N, D] flattened.</param>
/// <param name="Variants">The same with a known bug.</param>
public sealed record StepCase(int Step, double Eta, ulong Seed, int N, int D, float Scale, float[] Expected, IReadOnlyList<Variant> Variants);
