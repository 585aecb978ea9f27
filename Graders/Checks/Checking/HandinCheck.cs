namespace Grader.Checks.Checking;

/// <summary>
/// A check of one contract: <see cref="Run"/> finds the hand-in's implementation of <typeparamref name="TContract"/>
/// (its absence, or a constructor that threw, is the check's failed result, <see cref="HandinCall.Resolve{T}"/>) and
/// hands it to <see cref="Check"/> with the <see cref="HandinCall"/> that reports on the check's behalf.
/// </summary>
/// <param name="id">The check's <see cref="ICheck.Id"/>.</param>
/// <param name="sheetRef">The check's <see cref="ICheck.SheetRef"/>.</param>
public abstract class HandinCheck<TContract>(string id, string sheetRef) : ICheck where TContract : class
{
    public string Id { get; } = id;

    public string SheetRef { get; } = sheetRef;

    public CheckResult Run(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new HandinCall(Id, SheetRef);
        return call.Resolve<TContract>(context, out var handin) ?? Check(context, call, handin);
    }

    /// <summary>The check proper, on the hand-in's <paramref name="handin"/>; <paramref name="call"/> calls it and words every failure.</summary>
    protected abstract CheckResult Check(CheckContext context, HandinCall call, TContract handin);
}
