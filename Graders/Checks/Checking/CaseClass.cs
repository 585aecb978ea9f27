namespace Grader.Checks.Checking;

/// <summary>
/// A class of drawn inputs that tells the sheet's formula from a near miss of it (a parity, a method's order, the
/// smallest or largest valid value, a degenerate dimension): the class's name and the near miss that only it catches.
/// </summary>
/// <param name="Name">Short and stable, kebab case ("even-component-count").</param>
/// <param name="NearMiss">The wrong formula that agrees with the sheet's everywhere outside the class.</param>
public sealed record CaseClass(string Name, string NearMiss);

/// <summary>
/// A case class with its test on one drawn case: what a check declares (<see cref="CaseClasses{TCase}"/>) and
/// <see cref="IDrawsCaseClasses"/> reports.
/// </summary>
public sealed record CaseClass<TCase>(string Name, string NearMiss, Func<TCase, bool> Holds)
{
    /// <summary>The class without its test.</summary>
    public CaseClass Class => new(Name, NearMiss);
}

/// <summary>A check's case classes: which of them a run's drawn cases contain.</summary>
public sealed class CaseClasses<TCase>(params CaseClass<TCase>[] classes)
{
    /// <summary>The classes, without their tests.</summary>
    public IReadOnlyList<CaseClass> All { get; } = classes.Select(c => c.Class).ToArray();

    /// <summary>The names of the classes at least one of <paramref name="cases"/> belongs to.</summary>
    public IReadOnlySet<string> PresentIn(IEnumerable<TCase> cases)
    {
        var drawn = cases.ToList();
        return classes.Where(c => drawn.Any(c.Holds)).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The names of the classes among the cases <paramref name="draw"/> gives for a run with <paramref name="seed"/> (a check's draw replayed without a hand-in).</summary>
    public IReadOnlySet<string> DrawnBy(Func<CheckContext, IEnumerable<TCase>> draw, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(draw);
        return PresentIn(draw(new CheckContext(_ => null, seed, "")));
    }
}

/// <summary>
/// A check on inputs drawn for the run whose draw covers every one of its <see cref="CaseClasses"/> in every run, by
/// construction (the rest drawn freely). <see cref="ClassesDrawn"/> replays the check's own draw for a seed without a
/// hand-in, so a test can show each class present in every run over many seeds.
/// </summary>
public interface IDrawsCaseClasses : ICaseClassDraw
{
    /// <summary>The check's id.</summary>
    string Id { get; }
}

/// <summary>
/// Inputs drawn for a run that name their case classes: a check's own draw (<see cref="IDrawsCaseClasses"/>), or a
/// source of cases a check is built on, which the check reports as its own.
/// </summary>
public interface ICaseClassDraw
{
    /// <summary>The classes that tell the sheet's formula from its near misses.</summary>
    IReadOnlyList<CaseClass> CaseClasses { get; }

    /// <summary>The names of the classes among the cases the check draws when it runs with <paramref name="seed"/> (its <see cref="CheckContext.Seed"/>).</summary>
    IReadOnlySet<string> ClassesDrawn(ulong seed);
}
