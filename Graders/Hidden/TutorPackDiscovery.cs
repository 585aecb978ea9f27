using System.Reflection;
using Grader.Checks.Packs;

namespace Grader.Checks.Hidden;

/// <summary>
/// A family's <see cref="TutorPack"/>, read from what its folders hold, so that a hidden check and a reference are each
/// stated once, where they are written:
/// <list type="bullet">
/// <item>every public check class in <c>Grader.Checks.Hidden.{Family}</c> (and below) that can be made without
/// arguments is one hidden check; a check made with arguments (one class with several ids, or a visible check on the
/// tutor's inputs) is given in <c>withArguments</c>, and its class is made only as given there;</item>
/// <item>the reference of contract <c>I{Name}</c> is Grader.Reference's <c>Grader.Reference.{Family}.Handin.Reference{Name}</c>,
/// made fresh per resolve; a contract whose reference is made otherwise is given in <c>references</c>.</item>
/// </list>
/// What is missing (a declared hidden check no class implements, a contract without a reference) and what is stray (a
/// check no pack declares) is reported by <see cref="Catalog.CatalogValidator"/>, as for a pack written out by hand.
/// </summary>
public static class TutorPackDiscovery
{
    /// <summary>The tutor pack of <paramref name="pack"/>.</summary>
    /// <param name="pack">The family's pack (the side students receive).</param>
    /// <param name="withArguments">The checks made with arguments: one class with several ids, or a check of Grader.Checks on the tutor's inputs.</param>
    /// <param name="references">References made other than by <c>new Reference{Name}()</c>.</param>
    public static TutorPack Of(ExercisePack pack, IEnumerable<ICheck>? withArguments = null, IReadOnlyDictionary<Type, Func<object>>? references = null)
    {
        ArgumentNullException.ThrowIfNull(pack);
        ICheck[] given = [.. withArguments ?? []];
        return new TutorPack(pack.Family, [.. Checks(pack.Family, given.Select(c => c.GetType()).ToHashSet()), .. given], References(pack, references));
    }

    /// <summary>One instance of every check class of the family that can be made without arguments, in name order.</summary>
    private static IEnumerable<ICheck> Checks(string family, HashSet<Type> givenAsVariants)
    {
        var ns = $"{typeof(TutorPackDiscovery).Namespace}.{family}";
        return typeof(TutorPackDiscovery).Assembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICheck).IsAssignableFrom(t) && !givenAsVariants.Contains(t))
            .Where(t => t.Namespace == ns || t.Namespace?.StartsWith(ns + ".", StringComparison.Ordinal) == true)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(MakerWithoutArguments)
            .OfType<Func<object>>()
            .Select(make => (ICheck)make());
    }

    private static Dictionary<Type, Func<object>> References(ExercisePack pack, IReadOnlyDictionary<Type, Func<object>>? given)
    {
        var made = new Dictionary<Type, Func<object>>();
        foreach (var contract in pack.Contracts)
        {
            if (given?.GetValueOrDefault(contract) is { } make)
            {
                made[contract] = make;
            }
            else if (ReferenceAssembly.GetType($"Grader.Reference.{pack.Family}.Handin.Reference{contract.Name[1..]}") is { } type
                     && contract.IsAssignableFrom(type) && MakerWithoutArguments(type) is { } maker)
            {
                made[contract] = maker;
            }
        }

        return made;
    }

    /// <summary>A maker of <paramref name="type"/> through its public constructor that needs no argument (every parameter at its default); null when it has none.</summary>
    private static Func<object>? MakerWithoutArguments(Type type)
    {
        var constructor = type.GetConstructors().Where(c => c.GetParameters().All(p => p.IsOptional)).MinBy(c => c.GetParameters().Length);
        return constructor is null ? null : () => constructor.Invoke([.. constructor.GetParameters().Select(p => p.DefaultValue)]);
    }

    private static Assembly ReferenceAssembly => typeof(Reference.Data.ImageSet).Assembly;
}
