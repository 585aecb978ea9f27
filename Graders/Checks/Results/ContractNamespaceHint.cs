using System.Text.RegularExpressions;

namespace Grader.Checks.Results;

/// <summary>
/// One line of advice for a hand-in whose <c>using</c> names a namespace of Grader.Contracts that does not exist
/// (CS0234), e.g. one written before sheet 003's Grader.Contracts.Ode and Grader.Contracts.Sde became
/// Grader.Contracts.OdeSde: the compiler's own message says only that the namespace does not exist.
/// </summary>
public static partial class ContractNamespaceHint
{
    /// <summary>Former namespaces under Grader.Contracts and the one each became.</summary>
    private static readonly IReadOnlyDictionary<string, string> Renamed = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Ode"] = "OdeSde",
        ["Sde"] = "OdeSde",
    };

    /// <summary>
    /// The hint for <paramref name="errors"/>: "hint: Grader.Contracts.Ode and Grader.Contracts.Sde are now one namespace,
    /// Grader.Contracts.OdeSde: write `using Grader.Contracts.OdeSde;` instead"; for a name that never existed, the
    /// namespaces there are. Null when no error names a missing namespace of Grader.Contracts.
    /// </summary>
    public static string? For(IEnumerable<CompileDiagnostic> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var missing = errors
            .Where(e => e.Id == "CS0234")
            .Select(e => MissingInContracts().Match(e.Message))
            .Where(m => m.Success)
            .Select(m => m.Groups["name"].Value)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (missing.Length == 0)
        {
            return null;
        }

        if (missing.All(Renamed.ContainsKey))
        {
            var now = missing.Select(n => Renamed[n]).Distinct(StringComparer.Ordinal).ToArray();
            var were = And(missing.Select(n => $"Grader.Contracts.{n}"));
            var become = now.Length == 1 && missing.Length > 1
                ? $"are now one namespace, Grader.Contracts.{now[0]}"
                : $"{(missing.Length == 1 ? "is" : "are")} now {And(now.Select(n => $"Grader.Contracts.{n}"))}";
            return $"hint: {were} {become}: write {And(now.Select(n => $"`using Grader.Contracts.{n};`"))} instead";
        }

        return $"hint: Grader.Contracts has no namespace {And(missing)}; the contracts are in {string.Join(", ", Namespaces().Select(n => $"Grader.Contracts.{n}"))}";
    }

    /// <summary>The namespaces right under Grader.Contracts that hold contracts, sorted.</summary>
    private static IEnumerable<string> Namespaces() =>
        typeof(Contracts.OdeSde.IOdeSolver).Assembly.GetExportedTypes()
            .Select(t => t.Namespace)
            .OfType<string>()
            .Where(n => n.StartsWith("Grader.Contracts.", StringComparison.Ordinal))
            .Select(n => n["Grader.Contracts.".Length..].Split('.')[0])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

    private static string And(IEnumerable<string> items)
    {
        var all = items.ToArray();
        return all.Length <= 1 ? string.Join("", all) : $"{string.Join(", ", all[..^1])} and {all[^1]}";
    }

    [GeneratedRegex(@"^The type or namespace name '(?<name>[A-Za-z0-9_]+)' does not exist in the namespace 'Grader\.Contracts'", RegexOptions.CultureInvariant)]
    private static partial Regex MissingInContracts();
}
