using Grader.Checks.Handins;
using Grader.Checks.Results;

namespace Grader.Checks.Tests.Handins.Allowlist;

/// <summary>Compiles inline hand-ins with <see cref="HandinCompiler.Default"/> (in memory, nothing loaded) for the allowlist tests.</summary>
internal static class AllowlistProbe
{
    /// <summary>The line <see cref="Statement"/> puts its statement on.</summary>
    public const int StatementLine = 12;

    /// <summary>The file name every probe compiles as.</summary>
    public const string FileName = "Probe.cs";

    /// <summary>Compiles one file of source.</summary>
    public static CompileResult Compile(string code) =>
        HandinCompiler.Default.Emit(new HandinSource("Probe", [new HandinFile(FileName, code)])).Result;

    /// <summary>A hand-in whose only method body is <paramref name="statement"/>, on line <see cref="StatementLine"/>.</summary>
    public static string Statement(string statement) => $$"""
        using System.Globalization;
        using System.Text;
        using Grader.Contracts.Diffusion;
        using Grader.Tensors;

        namespace Student;

        public sealed class Probe
        {
            public object Run()
            {
                {{statement}}
                return 0;
            }
        }
        """;

    /// <summary>The errors of the allowlist's rules (GRADER…), leaving the compiler's own out.</summary>
    public static IReadOnlyList<CompileDiagnostic> AllowlistErrors(this CompileResult result) =>
        result.Errors.Where(e => e.Id.StartsWith("GRADER", StringComparison.Ordinal)).ToArray();
}
