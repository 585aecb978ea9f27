namespace Grader.Checks.Results;

/// <summary>
/// A file of a hand-in that was left out of its compilation: it does not compile (a compiler error or an API the
/// allowlist refuses), or it uses a file that was left out. The rest of the hand-in is compiled and graded without it;
/// a task whose contracts it implements is blocked (<see cref="CompileResult.BlockReason"/>).
/// </summary>
/// <param name="Path">The file, relative to the hand-in folder, with '/' separators.</param>
/// <param name="Errors">Its own errors, with file and line; empty when it was left out only for using a left-out file.</param>
/// <param name="Uses">The left-out files it uses (whose types or members it names), so it could not compile without them.</param>
/// <param name="Contracts">
/// The contracts the types it declares implement: full names ("Grader.Contracts.Diffusion.IDtuDdpm"), or the simple name
/// as written when the compiler could not resolve it (a missing using).
/// </param>
public sealed record ExcludedFile(string Path, IReadOnlyList<CompileDiagnostic> Errors, IReadOnlyList<string> Uses, IReadOnlyList<string> Contracts)
{
    /// <summary>True when a type this file declares implements <paramref name="contract"/>.</summary>
    public bool Implements(Type contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        return Contracts.Any(c => string.Equals(c, contract.FullName, StringComparison.Ordinal) || string.Equals(c, contract.Name, StringComparison.Ordinal));
    }
}
