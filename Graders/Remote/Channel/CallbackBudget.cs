using System.Globalization;

namespace Grader.Remote.Channel;

/// <summary>
/// What one check lets a hand-in ask of the grader's callbacks (its noise sources and networks, trusted code that runs
/// in the grader on the hand-in's behalf): elements per call and in all, and calls. Elements are counted in
/// <c>long</c> from the arguments (<see cref="Values.WireType.Elements"/>: tensor entries, and an <c>int[]</c> as the
/// shape it requests) before the callback runs, so a refused call costs the grader nothing; what a callback records
/// per call is bounded with it.
/// </summary>
/// <param name="ElementsPerCall">The most elements one call may ask for.</param>
/// <param name="Elements">The most elements all calls of one check may ask for together.</param>
/// <param name="Calls">The most calls one check may make.</param>
/// <param name="Cpu">
/// The most processor time the grader may spend running one check's callbacks (measured on the thread that runs each,
/// so a loaded machine does not count against it); null for no limit. Elements bound it only as far as each element is
/// cheap for the callback it is asked of (64 valid calls of 2¹⁹ rows to the ODE drift network, 2²⁶ elements, stayed
/// under 6 s here and were refused at the 65th call by the elements in all).
/// </param>
public sealed record CallbackBudget(long ElementsPerCall, long Elements, long Calls, TimeSpan? Cpu = null)
{
    /// <summary>
    /// 2²⁰ elements per call, 2²⁶ per check, 2¹⁶ calls: at least four times what any check needs with a correct
    /// hand-in (measured by <c>CallbackBudgetTests</c>, which prints every check's use: at most 131,072 elements in one
    /// call since the unseen-input checks, 10,000,000 in all and 998 calls), and small enough that the grader's memory
    /// stays flat (a call of 2²⁰ float32 elements is 4 MiB); and 10 s of the grader's processor time per check, about six times the most a correct hand-in's check used (ode.ku.log-likelihood-on-unseen-inputs, 3,164 calls: 978, 1,602 and 1,736 ms in three runs on a machine at load 60-78 on 2 cores, so the time varies with the load; most checks use under 50 ms).
    /// </summary>
    public static readonly CallbackBudget Default = new(1L << 20, 1L << 26, 1L << 16, TimeSpan.FromSeconds(10));

    /// <summary>"1,048,576".</summary>
    internal static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
