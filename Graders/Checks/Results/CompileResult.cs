using System.Reflection;

namespace Grader.Checks.Results;

/// <summary>
/// What compiling a hand-in gave: success, the errors with file and line, how many warnings, and the loaded assembly.
/// A compile error is a result, never an exception. A hand-in whose files partly compile succeeds without the files that
/// do not (<see cref="Excluded"/>): its <see cref="Errors"/> are theirs, and the tasks they block are named by
/// <see cref="BlockReason"/>.
/// </summary>
/// <param name="Success">True when the hand-in (perhaps without <see cref="Excluded"/>) compiled and was loaded.</param>
/// <param name="Errors">Every error, sorted by file and line: on success, those of the left-out files (else empty).</param>
/// <param name="WarningCount">How many warnings the compiler gave (warnings never fail a hand-in).</param>
/// <param name="Elapsed">Wall time of parsing, compiling, emitting and loading.</param>
/// <param name="Assembly">
/// The hand-in, loaded into its own collectible load context; null when compiling failed, and null in a
/// <see cref="HandinReport"/> (a report never holds the hand-in's code, so the context can be unloaded).
/// </param>
public sealed record CompileResult(
    bool Success,
    IReadOnlyList<CompileDiagnostic> Errors,
    int WarningCount,
    TimeSpan Elapsed,
    Assembly? Assembly)
{
    /// <summary>How many errors a summary lists before it says "and N more".</summary>
    public const int ErrorsShown = 5;

    /// <summary>The files left out of a successful compilation because they do not compile, or use one that does not; empty when every file compiled.</summary>
    public IReadOnlyList<ExcludedFile> Excluded { get; init; } = [];

    /// <summary>True when the hand-in compiled without some of its files.</summary>
    public bool Partial => Success && Excluded.Count > 0;

    /// <summary>The same result without the assembly, as a report keeps it.</summary>
    public CompileResult WithoutAssembly() => this with { Assembly = null };

    /// <summary>
    /// One line on success ("compiled in 0.12 s, 2 warnings"); on failure the first <see cref="ErrorsShown"/> errors,
    /// one per line, each with file and line, and a <see cref="ContractNamespaceHint"/> when one applies.
    /// </summary>
    public string Summary()
    {
        var seconds = Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        var warnings = WarningCount == 1 ? "1 warning" : $"{WarningCount} warnings";
        if (Success && Excluded.Count == 0)
        {
            return $"compiled in {seconds} s, {warnings}";
        }

        if (Success)
        {
            var left = Excluded.Select(f => f.Path).ToArray();
            var partial = new List<string>
            {
                $"compiled in {seconds} s, {warnings}, without {(left.Length == 1 ? "1 file" : $"{left.Length} files")} that do not compile: {string.Join(", ", left)}",
            };
            partial.AddRange(ErrorLines(Errors));
            return string.Join(Environment.NewLine, partial);
        }

        var lines = new List<string>
        {
            Errors.Count == 1 ? "the hand-in does not compile (1 error):" : $"the hand-in does not compile ({Errors.Count} errors):",
        };
        lines.AddRange(ErrorLines(Errors));
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>The left-out file that blocks a task whose checks call <paramref name="contracts"/>: the first that implements one of them; null when none does.</summary>
    public ExcludedFile? Blocking(IEnumerable<Type> contracts)
    {
        ArgumentNullException.ThrowIfNull(contracts);
        var needed = contracts.ToArray();
        return Excluded.FirstOrDefault(f => needed.Any(f.Implements));
    }

    /// <summary>
    /// Why a task whose checks call <paramref name="contracts"/> cannot be graded, with the file that blocks it and the
    /// compiler's errors (file and line) that left it out; null when no left-out file implements one of them.
    /// </summary>
    public string? BlockReason(IEnumerable<Type> contracts)
    {
        ArgumentNullException.ThrowIfNull(contracts);
        var needed = contracts.ToArray();
        if (Blocking(needed) is not { } file)
        {
            return null;
        }

        var contract = needed.First(file.Implements).Name;
        var roots = Roots(file);
        var errors = roots.SelectMany(r => r.Errors).ToArray();
        var head = file.Errors.Count > 0
            ? $"blocked by {file.Path}: it does not compile, so it was left out, and this task's {contract} is implemented there ({Count(errors.Length)}):"
            : $"blocked by {file.Path}: it uses {string.Join(", ", file.Uses)}, left out because {string.Join(", ", roots.Select(r => r.Path))} {(roots.Count == 1 ? "does" : "do")} not compile, so it was left out too, and this task's {contract} is implemented there ({Count(errors.Length)}):";
        return string.Join(Environment.NewLine, new[] { head }.Concat(ErrorLines(errors)));
    }

    /// <summary>The left-out files with errors of their own that <paramref name="file"/> was left out for (itself, when it has errors).</summary>
    private List<ExcludedFile> Roots(ExcludedFile file)
    {
        var byPath = Excluded.GroupBy(f => f.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var roots = new List<ExcludedFile>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<ExcludedFile>([file]);
        while (queue.TryDequeue(out var next))
        {
            if (!seen.Add(next.Path))
            {
                continue;
            }

            if (next.Errors.Count > 0)
            {
                roots.Add(next);
            }

            foreach (var used in next.Uses)
            {
                if (byPath.TryGetValue(used, out var u))
                {
                    queue.Enqueue(u);
                }
            }
        }

        return roots;
    }

    private static string Count(int errors) => errors == 1 ? "1 error" : $"{errors} errors";

    /// <summary>The first <see cref="ErrorsShown"/> errors, one indented line each ("  File.cs:12:5: error CS1002: ; expected"), "… and N more", and a namespace hint when one applies.</summary>
    internal static IEnumerable<string> ErrorLines(IReadOnlyList<CompileDiagnostic> errors)
    {
        foreach (var e in errors.Take(ErrorsShown))
        {
            yield return "  " + e;
        }

        if (errors.Count > ErrorsShown)
        {
            yield return $"  … and {errors.Count - ErrorsShown} more";
        }

        if (ContractNamespaceHint.For(errors) is { } hint)
        {
            yield return "  " + hint;
        }
    }
}
