using System.Globalization;
using System.Reflection;

namespace Grader.Checks.Results;

/// <summary>
/// What compiling a hand-in gave: success, the errors with file and line, how many warnings, and the loaded assembly.
/// A compile error is a result, never an exception.
/// </summary>
/// <param name="Success">True when the hand-in compiled and was loaded.</param>
/// <param name="Errors">Every error, sorted by file and line (empty on success).</param>
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

    /// <summary>The same result without the assembly, as a report keeps it.</summary>
    public CompileResult WithoutAssembly() => this with { Assembly = null };

    /// <summary>
    /// One line on success ("compiled in 0.12 s, 2 warnings"); on failure the first <see cref="ErrorsShown"/> errors,
    /// one per line, each with file and line.
    /// </summary>
    public string Summary()
    {
        var seconds = Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        var warnings = WarningCount == 1 ? "1 warning" : $"{WarningCount} warnings";
        if (Success)
        {
            return $"compiled in {seconds} s, {warnings}";
        }

        var lines = new List<string>
        {
            Errors.Count == 1 ? "the hand-in does not compile (1 error):" : $"the hand-in does not compile ({Errors.Count} errors):",
        };
        lines.AddRange(Errors.Take(ErrorsShown).Select(e => "  " + e));
        if (Errors.Count > ErrorsShown)
        {
            lines.Add($"  … and {Errors.Count - ErrorsShown} more");
        }

        return string.Join(Environment.NewLine, lines);
    }
}
