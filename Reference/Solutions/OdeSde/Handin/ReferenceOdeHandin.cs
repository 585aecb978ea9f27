using Grader.Contracts.OdeSde;

namespace Grader.Reference.OdeSde.Handin;

/// <summary>
/// The reference solutions of the ODE contracts of sheet 003 as a hand-in, so tests can grade the reference through the
/// same checks as a student's work: <see cref="Resolver"/> is the function a <c>CheckContext</c> takes.
/// </summary>
public static class ReferenceOdeHandin
{
    /// <summary>A fresh set of the reference's implementations, by contract interface.</summary>
    public static IReadOnlyDictionary<Type, object> Contracts() => new Dictionary<Type, object>
    {
        [typeof(IOdeSolver)] = new ReferenceOdeSolver(),
        [typeof(IOdeLogLikelihood)] = new ReferenceOdeLogLikelihood(),
        [typeof(IExpectedLogLikelihood)] = new ReferenceExpectedLogLikelihood(),
        [typeof(IOdeTrainingParts)] = new ReferenceOdeTrainingParts(),
    };

    /// <summary>A resolve function over a fresh <see cref="Contracts"/>: the implementation of a contract, or null.</summary>
    public static Func<Type, object?> Resolver()
    {
        var contracts = Contracts();
        return contract => contracts.TryGetValue(contract, out var implementation) ? implementation : null;
    }
}
