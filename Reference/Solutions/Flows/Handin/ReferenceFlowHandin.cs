using Grader.Contracts.Flows;

namespace Grader.Reference.Flows.Handin;

/// <summary>
/// The reference solutions of the flow contracts as a hand-in, so tests can grade the reference through the same checks
/// as a student's work: <see cref="Resolver"/> is the function a <c>CheckContext</c> takes.
/// </summary>
public static class ReferenceFlowHandin
{
    /// <summary>A fresh set of the reference's implementations, by contract interface.</summary>
    public static IReadOnlyDictionary<Type, object> Contracts() => new Dictionary<Type, object>
    {
        [typeof(IAffineCouplingBlock)] = new ReferenceAffineCouplingBlock(),
        [typeof(IInvertibleNeuralNetwork)] = new ReferenceInvertibleNeuralNetwork(),
        [typeof(IFlowNegativeLogLikelihood)] = new ReferenceFlowNegativeLogLikelihood(),
        [typeof(IEventPreprocessing)] = new ReferenceEventPreprocessing(),
        [typeof(IMostLikelyEvents)] = new ReferenceMostLikelyEvents(),
        [typeof(IInnTrainingParts)] = new ReferenceInnTrainingParts(),
        [typeof(ISigmoidTransformationValidity)] = new ReferenceSigmoidTransformationValidity(),
        [typeof(IThreeDimensionalTransformationValidity)] = new ReferenceThreeDimensionalTransformationValidity(),
        [typeof(IUnitDeterminantInverse)] = new ReferenceUnitDeterminantInverse(),
    };

    /// <summary>A resolve function over a fresh <see cref="Contracts"/>: the implementation of a contract, or null.</summary>
    public static Func<Type, object?> Resolver()
    {
        var contracts = Contracts();
        return contract => contracts.TryGetValue(contract, out var implementation) ? implementation : null;
    }
}
