using Grader.Contracts.Diffusion;

namespace Grader.Reference.Diffusion.Handin;

/// <summary>
/// The reference solutions of the diffusion contracts as a hand-in, so tests can grade the reference through the same
/// checks as a student's work: <see cref="Resolve"/> is the function a <c>CheckContext</c> takes.
/// </summary>
public static class ReferenceHandin
{
    /// <summary>A fresh set of the reference's implementations, by contract interface.</summary>
    public static IReadOnlyDictionary<Type, object> Contracts() => new Dictionary<Type, object>
    {
        [typeof(IDtuDdpm)] = new ReferenceDtuDdpm(),
        [typeof(IReverseStep)] = new ReferenceReverseStep(),
        [typeof(IDdimStep)] = new ReferenceDdimStep(),
        [typeof(ISameNoiseSampler)] = new ReferenceSameNoiseSampler(),
        [typeof(ILatentInterpolation)] = new ReferenceLatentInterpolation(),
        [typeof(IBetaScheduleValidity)] = new ReferenceBetaScheduleValidity(),
        [typeof(IBetaScheduleAnswer)] = new ReferenceBetaScheduleAnswer(),
    };

    /// <summary>A resolve function over a fresh <see cref="Contracts"/>: the implementation of a contract, or null.</summary>
    public static Func<Type, object?> Resolver()
    {
        var contracts = Contracts();
        return contract => contracts.TryGetValue(contract, out var implementation) ? implementation : null;
    }
}
