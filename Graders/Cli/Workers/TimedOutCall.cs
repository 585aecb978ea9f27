using System.Globalization;
using System.Reflection;
using Grader.Remote;

namespace Grader.Cli.Workers;

/// <summary>
/// A call into the hand-in that a check timed out in: the innermost contract method the grader was still waiting for
/// that had been running alone for at least three quarters of the check's limit when the check was stopped (a call
/// that came after a large share of the check's own work is not blamed: it may be slow rather than endless). Every later check of
/// the hand-in that makes the same call (same contract interface and member, on any of the hand-in's objects, made by
/// the check itself or from inside a callback) is stopped when it makes it and fails with <see cref="Reason"/>: the
/// verdict it would have earned by waiting out its own limit, sooner. A timeout while no such call was in flight (the
/// grader's own code was slow, or many short calls added up) names no call, and no later check is affected. A call
/// stopped by its CPU budget (<see cref="CallCpu"/>) is blamed the same way, with <see cref="CpuTime"/> set.
/// </summary>
/// <param name="Contract">The full name of the interface that declares the member.</param>
/// <param name="Method">The member's method name on the wire ("DdimStep", "get_InvalidSchedules").</param>
/// <param name="Name">As a student reads it: "IDdimStep.DdimStep".</param>
/// <param name="Check">The check it timed out in: "000/1d/ddim (diffusion.heidelberg.ddim-step-matches-reference)".</param>
/// <param name="Limit">The check's time limit it ran out, or the call's CPU budget when <paramref name="CpuTime"/>.</param>
/// <param name="CpuTime">True when the call used up its CPU budget (<see cref="CallCpu"/>) rather than the check's wall-clock limit.</param>
public sealed record TimedOutCall(string Contract, string Method, string Name, string Check, TimeSpan Limit, bool CpuTime = false)
{
    /// <summary>Why a later check that makes the same call fails.</summary>
    public string Reason => CpuTime
        ? $"not run: the same call ({Name}) used up its CPU budget ({Seconds(Limit)} s of CPU time) in check {Check}, so this check was stopped when it made it"
        : $"not run: the same call ({Name}) timed out in check {Check} after {Seconds(Limit)} s, so this check was stopped when it made it";

    /// <summary>The call <paramref name="call"/>, stopped in check <paramref name="check"/> for using more than <paramref name="budget"/> of CPU time.</summary>
    public static TimedOutCall OverCpu(CallInFlight call, string check, TimeSpan budget)
    {
        ArgumentNullException.ThrowIfNull(call);
        return new TimedOutCall(call.Contract.FullName ?? call.Contract.Name, call.Method.Name, call.Name, check, budget, CpuTime: true);
    }

    /// <summary>True when <paramref name="method"/> of <paramref name="contract"/> is this call's member.</summary>
    public bool Is(Type contract, MethodInfo method) =>
        string.Equals(contract.FullName, Contract, StringComparison.Ordinal) && string.Equals(method.Name, Method, StringComparison.Ordinal);

    /// <summary>True when <paramref name="other"/> names the same member.</summary>
    public bool SameCall(TimedOutCall other) =>
        string.Equals(other.Contract, Contract, StringComparison.Ordinal) && string.Equals(other.Method, Method, StringComparison.Ordinal);

    /// <summary>
    /// The call to blame when check <paramref name="check"/> timed out with <paramref name="inFlight"/> waiting (outermost
    /// first): the innermost one waiting for at least three quarters of <paramref name="limit"/>; null when none was.
    /// </summary>
    public static TimedOutCall? Pick(IReadOnlyList<CallInFlight> inFlight, string check, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(inFlight);
        for (int i = inFlight.Count - 1; i >= 0; i--)
        {
            var call = inFlight[i];
            if (call.Elapsed >= limit * 0.75)
            {
                return new TimedOutCall(call.Contract.FullName ?? call.Contract.Name, call.Method.Name, call.Name, check, limit);
            }
        }

        return null;
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
