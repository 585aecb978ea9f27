using Grader.Contracts.Gan;

namespace Grader.Reference.Gan.Handin;

/// <summary>The reference solutions of the GAN contracts (TUM P3) as a hand-in (the diffusion family's <c>ReferenceHandin</c> shape).</summary>
public static class ReferenceHandin
{
    /// <summary>A fresh set of the reference's implementations, by contract interface.</summary>
    public static IReadOnlyDictionary<Type, object> Contracts() => new Dictionary<Type, object>
    {
        [typeof(IOptimalDiscriminator)] = new ReferenceOptimalDiscriminator(),
        [typeof(IJensenShannonDivergence)] = new ReferenceJensenShannonDivergence(),
        [typeof(IGanObjective)] = new ReferenceGanObjective(),
    };

    /// <summary>A resolve function over a fresh <see cref="Contracts"/>: the implementation of a contract, or null.</summary>
    public static Func<Type, object?> Resolver()
    {
        var contracts = Contracts();
        return contract => contracts.TryGetValue(contract, out var implementation) ? implementation : null;
    }
}
