using Grader.Checks.Gan;
using Grader.Checks.Packs;
using Grader.Contracts.Gan;
using Grader.Reference.Gan.Handin;

namespace Grader.Checks.Hidden.Gan;

/// <summary>The tutor's side of <see cref="GanPack"/>: the checks against the reference on densities drawn from the run's seed, and the reference of each contract.</summary>
public static class GanTutorPack
{
    /// <summary>The pack, as <see cref="TutorCatalog"/> registers it.</summary>
    public static TutorPack Pack { get; } = new(
        GanPack.Pack.Family,
        [
            new OptimalDiscriminatorMatchesReference(),
            new ValueAtOptimumIsJsdMinusLog2(),
            new JensenShannonMatchesQuadrature(),
            new ObjectiveMatchesQuadrature(),
        ],
        new Dictionary<Type, Func<object>>
        {
            [typeof(IOptimalDiscriminator)] = () => new ReferenceOptimalDiscriminator(),
            [typeof(IJensenShannonDivergence)] = () => new ReferenceJensenShannonDivergence(),
            [typeof(IGanObjective)] = () => new ReferenceGanObjective(),
        });
}
