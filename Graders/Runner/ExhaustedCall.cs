using System.Reflection;
using Grader.Remote.Channel;

namespace Grader.Runner;

/// <summary>
/// A call into the hand-in that used up a limit, and so is not made again: the innermost contract method a check that
/// timed out was still waiting for, when it had been running alone for at least three quarters of the check's limit
/// (<see cref="Pick"/>; a call that came after a large share of the check's own work is not blamed: it may be slow rather
/// than endless); a call stopped by its CPU budget (<see cref="OverCpu"/>, <see cref="CallCpu"/>: exact blame); a call
/// that threw <see cref="OutOfMemoryException"/> at the worker's heap limit (<see cref="OutOfMemory"/>: a heap driven to
/// its limit takes the .NET collector from milliseconds to many seconds on the next try, so a second try would turn an
/// out-of-memory verdict into a timeout that depends on the machine). Every later check of the hand-in that makes the
/// same call (same contract interface and member, on any of the hand-in's objects, made by the check itself or from
/// inside a callback) is stopped when it makes it and fails with <see cref="Reason"/>: the verdict it would have earned
/// by making it, sooner. A timeout while no such call was in flight (the grader's own code was slow, or many short
/// calls added up) names no call, and no later check is affected.
/// </summary>
/// <param name="Contract">The full name of the interface that declares the member.</param>
/// <param name="Method">The member's method name on the wire ("DdimStep", "get_InvalidSchedules").</param>
/// <param name="Name">As a student reads it: "IDdimStep.DdimStep".</param>
/// <param name="Check">The check it used up its limit in: "000/1d/ddim (diffusion.heidelberg.ddim-step-matches-reference)".</param>
/// <param name="Reason">Why a later check that makes the same call fails.</param>
public sealed record ExhaustedCall(string Contract, string Method, string Name, string Check, string Reason)
{
    /// <summary>The limit it passed: its CPU budget (<see cref="CallCpu.BudgetOf"/>), or its check's wall-clock limit with the hang guards of its training calls.</summary>
    public TimeSpan? Limit { get; init; }

    /// <summary>The call <paramref name="call"/>, stopped in check <paramref name="check"/> for using more than <paramref name="budget"/> of CPU time.</summary>
    public static ExhaustedCall OverCpu(CallInFlight call, string check, TimeSpan budget)
    {
        ArgumentNullException.ThrowIfNull(call);
        return For(call.Contract, call.Method, call.Name, check,
            $"not run: the same call ({call.Name}) used up its CPU budget ({Seconds(budget)} s of CPU time) in check {check}, so this check was stopped when it made it") with { Limit = budget };
    }

    /// <summary>The call of <paramref name="method"/> of <paramref name="contract"/> that threw OutOfMemoryException in check <paramref name="check"/> under a heap of <paramref name="heapBytes"/>.</summary>
    public static ExhaustedCall OutOfMemory(Type contract, MethodInfo method, string check, long heapBytes)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(method);
        var name = CallInFlight.MemberName(contract, method);
        return For(contract, method, name, check,
            $"not run: the same call ({name}) ran out of memory (the worker's heap limit of {Mib(heapBytes)} MiB) in check {check}, so this check was stopped when it made it");
    }

    /// <summary>
    /// The call to blame when check <paramref name="check"/> timed out with <paramref name="inFlight"/> waiting (outermost
    /// first): the innermost one waiting for at least three quarters of <paramref name="limit"/>; null when none was.
    /// </summary>
    public static ExhaustedCall? Pick(IReadOnlyList<CallInFlight> inFlight, string check, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(inFlight);
        for (int i = inFlight.Count - 1; i >= 0; i--)
        {
            var call = inFlight[i];
            if (call.Elapsed >= limit * 0.75)
            {
                return For(call.Contract, call.Method, call.Name, check,
                    $"not run: the same call ({call.Name}) timed out in check {check} after {Seconds(limit)} s, so this check was stopped when it made it") with { Limit = limit };
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="method"/> of <paramref name="contract"/> is this call's member.</summary>
    public bool Is(Type contract, MethodInfo method) =>
        string.Equals(contract.FullName, Contract, StringComparison.Ordinal) && string.Equals(method.Name, Method, StringComparison.Ordinal);

    /// <summary>True when <paramref name="other"/> names the same member.</summary>
    public bool SameCall(ExhaustedCall other) =>
        string.Equals(other.Contract, Contract, StringComparison.Ordinal) && string.Equals(other.Method, Method, StringComparison.Ordinal);

    private static ExhaustedCall For(Type contract, MethodInfo method, string name, string check, string reason) =>
        new(contract.FullName ?? contract.Name, method.Name, name, check, reason);

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0", CultureInfo.InvariantCulture);
}
