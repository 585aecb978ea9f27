using Grader.Contracts.Vae;

namespace Grader.Reference.Vae.Handin;

/// <summary>The reference solutions of the VAE contracts (TUM P2) as a hand-in (the diffusion family's <c>ReferenceHandin</c> shape).</summary>
public static class ReferenceHandin
{
    /// <summary>A fresh set of the reference's implementations, by contract interface.</summary>
    public static IReadOnlyDictionary<Type, object> Contracts() => new Dictionary<Type, object>
    {
        [typeof(ILogNormalTransformT)] = new ReferenceLogNormalTransformT(),
        [typeof(ILogNormalTransformM)] = new ReferenceLogNormalTransformM(),
        [typeof(ILogNormalTransformC)] = new ReferenceLogNormalTransformC(),
        [typeof(ILogNormalPrior)] = new ReferenceLogNormalPrior(),
    };

    /// <summary>A resolve function over a fresh <see cref="Contracts"/>: the implementation of a contract, or null.</summary>
    public static Func<Type, object?> Resolver()
    {
        var contracts = Contracts();
        return contract => contracts.TryGetValue(contract, out var implementation) ? implementation : null;
    }
}
