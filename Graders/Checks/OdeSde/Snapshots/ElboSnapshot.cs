using Grader.Checks.OdeSde.Support;

namespace Grader.Checks.OdeSde.Snapshots;

/// <summary>The public inputs of the visible ELBO check and the reference's terms for each example (file <c>ode-sde/elbo</c>).</summary>
public sealed record ElboSnapshot(IReadOnlyList<ElboCase> Cases)
{
    public const string Name = "elbo";
}

/// <summary>
/// One call of the ELBO: closed-form networks, the data, the seed of the <see cref="ReplayedElboNoise"/> the hand-in
/// draws from, the reference's ELBO and terms of each example (float32), and the ELBOs of known wrong variants on the
/// same draws (<see cref="ElboVariant"/>).
/// </summary>
public sealed record ElboCase(SdeSpec Spec, float[] Y, ulong NoiseSeed, float[] Elbo, float[] Likelihood, float[] KlDivergence, float[] DriftMatching, IReadOnlyList<ElboVariant> Variants);
