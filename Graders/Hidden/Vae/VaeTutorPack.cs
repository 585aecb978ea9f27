using Grader.Checks.Packs;
using Grader.Checks.Vae;
using Grader.Contracts.Vae;
using Grader.Reference.Vae.Handin;

namespace Grader.Checks.Hidden.Vae;

/// <summary>The tutor's side of <see cref="VaePack"/>: the checks on inputs drawn from the run's seed, and the reference of each contract.</summary>
public static class VaeTutorPack
{
    /// <summary>The pack, as <see cref="TutorCatalog"/> registers it.</summary>
    public static TutorPack Pack { get; } = new(
        VaePack.Pack.Family,
        [
            new TMatchesReference(),
            new MMatchesReference(),
            new CMatchesReference(),
            new CSamplesFollowLogNormal(),
            new NormalKlIsInfinite(),
            new LogNormalKlMatchesQuadrature(),
            new PathwiseGradientMatchesAnalytic(),
        ],
        new Dictionary<Type, Func<object>>
        {
            [typeof(ILogNormalTransformT)] = () => new ReferenceLogNormalTransformT(),
            [typeof(ILogNormalTransformM)] = () => new ReferenceLogNormalTransformM(),
            [typeof(ILogNormalTransformC)] = () => new ReferenceLogNormalTransformC(),
            [typeof(ILogNormalPrior)] = () => new ReferenceLogNormalPrior(),
        });
}
