using System.Reflection;
using Grader.Checks.Hidden.Diffusion.Schedules;

namespace Grader.Reference.Tests.Shipped;

/// <summary>
/// The answer of sheet 002, problem 4 (b)–(d) (which β schedules a diffusion model can be trained with) is a rule, and
/// Grader.Checks ships to students as source (<c>grader assign</c>): no public member of it may decide a schedule's
/// validity. Probed by behaviour, not by name: every public static method of one double, double[],
/// <see cref="IReadOnlyList{T}"/> or <see cref="IEnumerable{T}"/> of double returning bool, and every public type
/// constructible from one such value whose bool properties or parameterless bool methods can then be read, is called on
/// schedules of every kind the sheet asks about (β in (0, 1), β = 0, β &lt; 0, β = 1, β &gt; 1, NaN, ±∞, the first
/// double past each edge); one that agrees with <see cref="ScheduleValidityProperty.Rule"/> (for one double: with
/// 0 &lt; β &lt; 1) on all of them is a leak. <see cref="The_probe_finds_a_pasted_rule"/> shows it can fail.
/// </summary>
public sealed class NoScheduleRuleInShippedChecksTests
{
    private static readonly double[] Values =
    [
        0.5, 1e-4, 0.02, 0.999, 1e-300, double.Epsilon, Math.BitDecrement(1.0),
        0, -0.0, -1e-4, -2, 1, Math.BitIncrement(1.0), 1.5, 40, double.NaN, double.PositiveInfinity, double.NegativeInfinity,
    ];

    private static readonly double[][] Schedules =
    [
        .. Values.Select(v => new[] { v }),
        [1e-4, 0.01, 0.02], [0.1, 0.5, 0.9, 0.999], [1e-4, 0.5, 1], [0, 0.1, 0.2], [0.3, -0.1, 0.2], [0.2, 1.5, 0.2],
        [0.1, double.NaN], [0.2, 0.3, double.PositiveInfinity], [Math.BitIncrement(1.0), 0.5], [0.5, Math.BitDecrement(1.0), 1e-300],
    ];

    [Test]
    public void No_shipped_member_decides_whether_a_schedule_is_valid()
    {
        RuleMatches(typeof(ICheck).Assembly).Should().BeEmpty("the rule of sheet 002, problem 4 (b)–(d) lives on the tutor's side");
    }

    [Test]
    public void The_probe_finds_a_pasted_rule()
    {
        RuleMatches(typeof(Pasted).Assembly).Where(m => m.StartsWith("Pasted", StringComparison.Ordinal)).Should().BeEquivalentTo(
            "Pasted.InOpenUnitInterval", "Pasted.Usable(Double[])", "Pasted.UsableList(IReadOnlyList`1)", "PastedSchedule.IsUsable", "PastedSchedule.Check()");
    }

    /// <summary>Copies of the rule as a student might paste them, and near misses the probe must not report.</summary>
    public static class Pasted
    {
        public static bool InOpenUnitInterval(double beta) => beta > 0 && beta < 1;

        public static bool InClosedUnitInterval(double beta) => beta >= 0 && beta <= 1;

        public static bool Usable(double[] betas) => betas.All(b => b > 0 && b < 1);

        public static bool UsableList(IReadOnlyList<double> betas) => !betas.Any(b => !(b > 0) || !(b < 1));

        public static bool BelowOneOnly(double[] betas) => betas.All(b => b < 1);

        public static bool NotEmpty(IEnumerable<double> betas) => betas.Any();
    }

    public sealed class PastedSchedule(double[] betas)
    {
        public bool IsUsable => betas.All(b => b is > 0 and < 1);

        public bool IsLong => betas.Length > 2;

        public bool Check() => IsUsable;
    }

    /// <summary>"Type.Member" for each public member of <paramref name="assembly"/> that agrees with the rule on every probe.</summary>
    private static IEnumerable<string> RuleMatches(Assembly assembly)
    {
        var types = assembly.GetTypes().Where(t => (t.IsPublic || t.IsNestedPublic) && !t.ContainsGenericParameters).ToList();
        foreach (var m in types.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
                     .Where(m => m.ReturnType == typeof(bool) && !m.IsGenericMethodDefinition && m.GetParameters().Length == 1))
        {
            var parameter = m.GetParameters()[0].ParameterType;
            if (parameter == typeof(double))
            {
                if (Values.All(v => Invoke(() => m.Invoke(null, [v])) is bool seen && seen == v is > 0 and < 1)) yield return $"{m.DeclaringType!.Name}.{m.Name}";
            }
            else if (TakesSchedule(parameter) && Schedules.All(s => Invoke(() => m.Invoke(null, [s])) is bool seen && seen == ScheduleValidityProperty.Rule(s)))
            {
                yield return $"{m.DeclaringType!.Name}.{m.Name}({parameter.Name})";
            }
        }

        foreach (var type in types.Where(t => !t.IsAbstract))
        {
            var constructor = type.GetConstructors().FirstOrDefault(c => c.GetParameters() is [var p] && TakesSchedule(p.ParameterType));
            if (constructor is null) continue;
            var readers = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.PropertyType == typeof(bool) && p.GetIndexParameters().Length == 0)
                .Select(p => (Name: p.Name, Read: (Func<object, object?>)(o => p.GetValue(o))))
                .Concat(type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                    .Where(m => m.ReturnType == typeof(bool) && !m.IsSpecialName && m.GetParameters().Length == 0)
                    .Select(m => (Name: $"{m.Name}()", Read: (Func<object, object?>)(o => m.Invoke(o, [])))));
            foreach (var (name, read) in readers)
            {
                if (Schedules.All(s => Invoke(() => read(constructor.Invoke([s]))) is bool seen && seen == ScheduleValidityProperty.Rule(s)))
                {
                    yield return $"{type.Name}.{name}";
                }
            }
        }
    }

    private static bool TakesSchedule(Type parameter) =>
        parameter == typeof(double[]) || parameter == typeof(IReadOnlyList<double>) || parameter == typeof(IEnumerable<double>)
        || parameter == typeof(IList<double>) || parameter == typeof(ICollection<double>) || parameter == typeof(IReadOnlyCollection<double>);

    /// <summary>The call's result, or null when it threw (a member that throws on some schedule does not agree with the rule).</summary>
    private static object? Invoke(Func<object?> call)
    {
        try
        {
            return call();
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }
}
