using Grader.Contracts.OdeSde;

namespace Grader.Reference.OdeSde.Handin;

/// <summary>
/// The reference solutions of the SDE contracts of sheet 003 as a hand-in (see <see cref="ReferenceOdeHandin"/> for the
/// ODE ones): <see cref="Resolver"/> is the function a <c>CheckContext</c> takes.
/// </summary>
public static class ReferenceSdeHandin
{
    /// <summary>A fresh set of the reference's implementations, by contract interface.</summary>
    public static IReadOnlyDictionary<Type, object> Contracts() => new Dictionary<Type, object>
    {
        [typeof(ISdeElbo)] = new ReferenceSdeElbo(),
        [typeof(ISdeTrainingParts)] = new ReferenceSdeTrainingParts(),
    };

    /// <summary>A resolve function over a fresh <see cref="Contracts"/>: the implementation of a contract, or null.</summary>
    public static Func<Type, object?> Resolver()
    {
        var contracts = Contracts();
        return contract => contracts.TryGetValue(contract, out var implementation) ? implementation : null;
    }
}
