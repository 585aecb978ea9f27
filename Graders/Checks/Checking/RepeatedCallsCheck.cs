namespace Grader.Checks.Checking;

/// <summary>
/// A check of one contract by <paramref name="calls"/> calls on inputs drawn from the run's seed (one generator,
/// unsalted, drawn in call order): <see cref="Call"/> draws one call's inputs, calls the hand-in and compares; the first
/// failing call is the result, and when none fails the check passes with <paramref name="passed"/>.
/// </summary>
/// <param name="id">The check's id, as its pack declares it (a hidden check: its sheet reference is the declaration's).</param>
/// <param name="calls">Calls per run.</param>
/// <param name="passed">The pass message.</param>
public abstract class RepeatedCallsCheck<TContract>(string id, int calls, string passed) : HandinCheck<TContract>(id)
    where TContract : class
{
    protected sealed override CheckResult Check(CheckContext context, HandinCall call, TContract handin)
    {
        var g = CallsGenerator(context.Seed);
        for (int c = 0; c < calls; c++)
            if (Call(call, handin, g, c) is { } failed) return failed;
        return CheckResult.Pass(Id, passed, SheetRef);
    }

    /// <summary>
    /// The cases the calls of a run with <paramref name="seed"/> draw, without a hand-in: <paramref name="draw"/> per
    /// call on the generator the calls use (for <see cref="IDrawsCaseClasses"/>; it must be all a call takes from it).
    /// </summary>
    protected IReadOnlyList<TCase> Replay<TCase>(ulong seed, Func<Generator, int, TCase> draw)
    {
        ArgumentNullException.ThrowIfNull(draw);
        var g = CallsGenerator(seed);
        return Enumerable.Range(0, calls).Select(c => draw(g, c)).ToList();
    }

    private static Generator CallsGenerator(ulong seed) => new CheckContext(_ => null, seed, "").NewGenerator();

    /// <summary>Call <paramref name="c"/>: draws its inputs from <paramref name="g"/>, calls the hand-in and compares; null when it matches.</summary>
    protected abstract CheckResult? Call(HandinCall call, TContract handin, Generator g, int c);
}
