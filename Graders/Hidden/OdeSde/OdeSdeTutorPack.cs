using Grader.Checks.OdeSde;
using Grader.Checks.Packs;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// The tutor's side of <see cref="OdeSdePack"/>: the hidden checks it declares (exact comparisons on unseen inputs with
/// the reference live, the order property, the ELBO's statistics, the two trainings) and the reference of each contract.
/// </summary>
public static class OdeSdeTutorPack
{
    /// <summary>The pack, as <see cref="TutorCatalog"/> registers it.</summary>
    public static TutorPack Pack { get; } = TutorPackDiscovery.Of(OdeSdePack.Pack,
    [
        new ExpectedLogLikelihoodMatchesGenerator(ExpectedLogLikelihoodMatchesGenerator.DataSet.Gaussian, DataSetLogDensity.Answer),
        new ExpectedLogLikelihoodMatchesGenerator(ExpectedLogLikelihoodMatchesGenerator.DataSet.LaplaceMixture, DataSetLogDensity.Answer),
        new ExpectedLogLikelihoodMatchesGenerator(ExpectedLogLikelihoodMatchesGenerator.DataSet.Laplace, DataSetLogDensity.Answer),
    ]);
}
