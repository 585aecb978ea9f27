using System.Reflection;
using Grader.Remote.Channel;

namespace Grader.Cli.Runner.Host;

/// <summary>
/// The CPU budget of one call into the hand-in (<see cref="WorkerLimits.CallCpuBudget"/>): the host's CPU time
/// (<see cref="HostCpu"/>) while the call was in flight may not pass the budget; the first call that does is stopped
/// with its host, fails its check, and is blamed (<see cref="ExhaustedCall"/>, not made again). CPU time, not wall time,
/// so a loaded machine does not eat a hand-in's budget: waiting for a core, for the grader, or in a sleep costs nothing.
/// The check's wall-clock limit (<see cref="WorkerLimits.CheckTime"/>) stays the last resort (a hand-in that blocks
/// without computing). Calls of a training contract (an interface named <c>I…Training</c>: the hand-in's training loop
/// under the grader's step budget) have no CPU budget, only that wall-clock limit.
/// </summary>
public static class CallCpu
{
    /// <summary>
    /// 3 s: no check but the training checks used more than 0.48 s of host CPU, all its calls together, on any hand-in of
    /// the bundled cohort (the largest: a flows check's Forward on a 320×320 grid; ≤ 0.27 s on sheets 001–004's correct
    /// examples; see the README), so a correct hand-in whose one call is 6× slower than that whole check still passes; an
    /// endless loop costs 3 s of CPU (it cost 10 s, the whole pass waiting for it at the end of the queue).
    /// </summary>
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromSeconds(3);

    /// <summary>
    /// True when calls of <paramref name="method"/> on <paramref name="contract"/> have a CPU budget: every contract member
    /// but a training contract's and a <c>Train</c> member of another contract (3.5's <c>IMnistDdpm.Train</c>, ≈ 2 s of
    /// CPU under the grader's budget); those are bounded by the check's wall-clock limit alone.
    /// </summary>
    public static bool Applies(Type contract, MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(method);
        return !contract.Name.EndsWith("Training", StringComparison.Ordinal) && method.Name != "Train";
    }

    /// <summary>
    /// The innermost call of <paramref name="inFlight"/> (outermost first) with a budget that has used more than
    /// <paramref name="budget"/> since it started: the host's CPU time <paramref name="now"/> minus its reading when the
    /// call was first seen (<paramref name="started"/>); null when none has.
    /// </summary>
    public static CallInFlight? OverBudget(IReadOnlyList<CallInFlight> inFlight, IReadOnlyDictionary<CallInFlight, TimeSpan> started, TimeSpan now, TimeSpan budget)
    {
        ArgumentNullException.ThrowIfNull(inFlight);
        ArgumentNullException.ThrowIfNull(started);
        for (int i = inFlight.Count - 1; i >= 0; i--)
        {
            var call = inFlight[i];
            if (Applies(call.Contract, call.Method) && started.TryGetValue(call, out var at) && now - at > budget)
            {
                return call;
            }
        }

        return null;
    }
}
