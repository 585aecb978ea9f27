using Grader.Checks.OdeSde;
using Grader.Checks.Packs;
using Grader.Contracts.OdeSde;
using Grader.Reference.OdeSde.Handin;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// The tutor's side of <see cref="OdeSdePack"/>: the hidden checks it declares (exact comparisons on unseen inputs with
/// the reference live, the order property, the ELBO's statistics, the two trainings) and the reference of each contract.
/// </summary>
public static class OdeSdeTutorPack
{
    /// <summary>Trains the ODE model on the mixture under the grading budget.</summary>
    public static ICheck OdeTraining { get; } = new OdeTrainingQuality();

    /// <summary>Trains the SDE model under the grading budget.</summary>
    public static ICheck SdeTraining { get; } = new SdeTrainingQuality();

    /// <summary>The checks that train a network: what a quick pass leaves out.</summary>
    public static IReadOnlyList<ICheck> TrainingChecks { get; } = [OdeTraining, SdeTraining];

    /// <summary>The pack, as <see cref="TutorCatalog"/> registers it.</summary>
    public static TutorPack Pack { get; } = new(
        OdeSdePack.Pack.Family,
        [
            new LogLikelihoodOnUnseenInputs(),
            new ExpectedLogLikelihoodMatchesGenerator(ExpectedLogLikelihoodMatchesGenerator.DataSet.Gaussian, DataSetLogDensity.Answer),
            new ExpectedLogLikelihoodMatchesGenerator(ExpectedLogLikelihoodMatchesGenerator.DataSet.LaplaceMixture, DataSetLogDensity.Answer),
            new ExpectedLogLikelihoodMatchesGenerator(ExpectedLogLikelihoodMatchesGenerator.DataSet.Laplace, DataSetLogDensity.Answer),
            new SolverStepOnUnseenInputs(),
            new SolverConvergesWithItsOrder(),
            OdeTraining,
            new ElboOnUnseenInputs(),
            new ElboIsAnUnbiasedBound(),
            SdeTraining,
        ],
        new Dictionary<Type, Func<object>>
        {
            [typeof(IOdeSolver)] = () => new ReferenceOdeSolver(),
            [typeof(IOdeLogLikelihood)] = () => new ReferenceOdeLogLikelihood(),
            [typeof(IExpectedLogLikelihood)] = () => new ReferenceExpectedLogLikelihood(),
            [typeof(IOdeTraining)] = () => new ReferenceOdeTraining(),
            [typeof(ISdeElbo)] = () => new ReferenceSdeElbo(),
            [typeof(ISdeTraining)] = () => new ReferenceSdeTraining(),
        })
    {
        TrainingChecks = TrainingChecks,
    };
}
