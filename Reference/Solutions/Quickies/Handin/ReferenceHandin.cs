using Grader.Contracts.Quickies;

namespace Grader.Reference.Quickies.Handin;

/// <summary>The reference solutions of the loss quickies (sheet 000, 3 (a) and (e)) as a hand-in (the diffusion family's <c>ReferenceHandin</c> shape).</summary>
public static class ReferenceHandin
{
    /// <summary>A fresh set of the reference's implementations, by contract interface.</summary>
    public static IReadOnlyDictionary<Type, object> Contracts() => new Dictionary<Type, object>
    {
        [typeof(IRegressionLoss)] = new ReferenceRegressionLoss(),
        [typeof(IClassificationLoss)] = new ReferenceClassificationLoss(),
        [typeof(IVaeLoss)] = new ReferenceVaeLoss(),
        [typeof(IGanLoss)] = new ReferenceGanLoss(),
        [typeof(IFlowLoss)] = new ReferenceFlowLoss(),
    };

    /// <summary>A resolve function over a fresh <see cref="Contracts"/>: the implementation of a contract, or null.</summary>
    public static Func<Type, object?> Resolver()
    {
        var contracts = Contracts();
        return contract => contracts.TryGetValue(contract, out var implementation) ? implementation : null;
    }
}
