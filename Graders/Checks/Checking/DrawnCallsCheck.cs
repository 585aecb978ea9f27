namespace Grader.Checks.Checking;

/// <summary>
/// A <see cref="RepeatedCallsCheck{TContract}"/> whose calls each take one case drawn by <paramref name="draw"/> and
/// that names the case classes those draws hold (<see cref="IDrawsCaseClasses"/>): <see cref="CaseClasses"/> are
/// <paramref name="classes"/>', and <see cref="ClassesDrawn"/> replays a run's draws without a hand-in. A subclass
/// compares one call on its drawn case (<see cref="Call(HandinCall, TContract, TCase)"/>).
/// </summary>
/// <param name="id">The check's id, as its pack declares it.</param>
/// <param name="calls">Calls per run.</param>
/// <param name="passed">The pass message.</param>
/// <param name="draw">Call c's case from the calls' generator; all a call takes from it.</param>
/// <param name="classes">The case classes of the drawn cases.</param>
public abstract class DrawnCallsCheck<TContract, TCase>(string id, int calls, string passed, Func<Generator, int, TCase> draw, CaseClasses<TCase> classes)
    : RepeatedCallsCheck<TContract>(id, calls, passed), IDrawsCaseClasses
    where TContract : class
{
    /// <inheritdoc />
    public IReadOnlyList<CaseClass> CaseClasses => classes.All;

    /// <inheritdoc />
    public IReadOnlySet<string> ClassesDrawn(ulong seed) => classes.PresentIn(Replay(seed, draw));

    protected sealed override CheckResult? Call(HandinCall call, TContract handin, Generator g, int c) => Call(call, handin, draw(g, c));

    /// <summary>Calls the hand-in on one drawn case and compares; null when it matches.</summary>
    protected abstract CheckResult? Call(HandinCall call, TContract handin, TCase drawn);
}
