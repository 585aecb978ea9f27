using Grader.Contracts.Attention;

namespace Grader.Reference.Attention.Handin;

/// <summary>
/// The reference solutions of the attention contracts as a hand-in, so tests can grade the reference through the same
/// checks as a student's work (the diffusion family's <c>ReferenceHandin</c> shape).
/// </summary>
public static class ReferenceHandin
{
    /// <summary>A fresh set of the reference's implementations, by contract interface.</summary>
    public static IReadOnlyDictionary<Type, object> Contracts() => new Dictionary<Type, object>
    {
        [typeof(IMultiHeadAttention)] = new ReferenceMultiHeadAttention(),
    };

    /// <summary>A resolve function over a fresh <see cref="Contracts"/>: the implementation of a contract, or null.</summary>
    public static Func<Type, object?> Resolver()
    {
        var contracts = Contracts();
        return contract => contracts.TryGetValue(contract, out var implementation) ? implementation : null;
    }
}
