namespace Grader.Checks.Hidden.Diffusion.Unseen;

/// <summary>
/// The run every exact check on unseen inputs shares, so that a check keeps only what is its own (its contract, its
/// reference, the inputs it draws, its visible check's comparison and words): find the hand-in's implementation of the
/// contract; draw the run's set-up from the check's seed (generator 1 of <see cref="CheckContext.NewGenerator"/>) with
/// the reference's values as the expected ones; compare the hand-in with them as the visible check does; tell the
/// student what <see cref="UnseenResult"/> lets through.
/// </summary>
/// <param name="reference">The reference implementation of the contract, made only once the hand-in is found.</param>
/// <param name="compare">The visible check's comparison of the hand-in with the set-up.</param>
/// <param name="what">The member compared, in the student's message (see <see cref="UnseenResult.Conceal"/>).</param>
/// <param name="diagnoses">The sentences the comparison names known bugs with.</param>
public abstract class UnseenComparison<TContract, TSnapshot>(
    string id,
    Func<TContract> reference,
    Func<HandinCall, TSnapshot, TContract, CheckResult> compare,
    string what,
    IEnumerable<string> diagnoses) : HandinCheck<TContract>(id)
    where TContract : class
{
    protected sealed override CheckResult Check(CheckContext context, HandinCall call, TContract handin)
    {
        var snapshot = Draw(new UnseenSetup(context.NewGenerator(1)), reference());
        return UnseenResult.Conceal(compare(call, snapshot, handin), what, diagnoses);
    }

    /// <summary>The set-up a run with <paramref name="seed"/> (its <see cref="CheckContext.Seed"/>) draws, without a hand-in (for <see cref="IDrawsCaseClasses"/>).</summary>
    protected TSnapshot Replay(ulong seed) => Draw(new UnseenSetup(new CheckContext(_ => null, seed, "").NewGenerator(1)), reference());

    /// <summary>The set-up of one run, drawn from <paramref name="setup"/>, with <paramref name="reference"/>'s values as the expected ones.</summary>
    protected abstract TSnapshot Draw(UnseenSetup setup, TContract reference);
}
