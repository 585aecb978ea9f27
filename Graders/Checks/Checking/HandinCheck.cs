using Grader.Checks.Catalog;

namespace Grader.Checks.Checking;

/// <summary>
/// A check of one contract: <see cref="Run"/> finds the hand-in's implementation of <typeparamref name="TContract"/>
/// (its absence, or a constructor that threw, is the check's failed result, <see cref="HandinCall.Resolve{T}"/>) and
/// hands it to <see cref="Check"/> with the <see cref="HandinCall"/> that reports on the check's behalf.
/// </summary>
/// <remarks>
/// A visible check states its own sheet reference (it is the statement of the check). A hidden check states only its id:
/// its sheet reference is the one its pack declares (<see cref="Catalog.CheckSpec.Hidden"/>), read by
/// <see cref="DeferredCheck.SheetRefOf"/>, so the two cannot drift apart.
/// </remarks>
public abstract class HandinCheck<TContract> : ICheck where TContract : class
{
    private readonly string? _sheetRef;

    /// <summary>A check that states its sheet reference: a visible check.</summary>
    /// <param name="id">The check's <see cref="ICheck.Id"/>.</param>
    /// <param name="sheetRef">The check's <see cref="ICheck.SheetRef"/>.</param>
    protected HandinCheck(string id, string sheetRef)
    {
        Id = id;
        _sheetRef = sheetRef;
    }

    /// <summary>A hidden check: its sheet reference is the one its pack declares for <paramref name="id"/>.</summary>
    /// <param name="id">The check's <see cref="ICheck.Id"/>, as its pack declares it.</param>
    protected HandinCheck(string id) => Id = id;

    public string Id { get; }

    public string SheetRef => _sheetRef ?? DeferredCheck.SheetRefOf(Id);

    public CheckResult Run(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new HandinCall(Id, SheetRef);
        return call.Resolve<TContract>(context, out var handin) ?? Check(context, call, handin);
    }

    /// <summary>The check proper, on the hand-in's <paramref name="handin"/>; <paramref name="call"/> calls it and words every failure.</summary>
    protected abstract CheckResult Check(CheckContext context, HandinCall call, TContract handin);
}
