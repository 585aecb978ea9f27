using System.Globalization;

namespace Grader.Remote;

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
public sealed record CallbackBudget(long ElementsPerCall, long Elements, long Calls)
{
    /// <summary>
    /// 2²⁰ elements per call, 2²⁸ per check, 2¹⁸ calls: far above what the checks need (the heaviest measured uses
    /// are in <c>CallbackBudgetTests</c>' output), far below what hurts the grader (a call of 2²⁰ float32 elements is
    /// 4 MiB).
    /// </summary>
    public static readonly CallbackBudget Default = new(1L << 20, 1L << 28, 1L << 18);

    /// <summary>"1,048,576".</summary>
    internal static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
