namespace Grader.Checks.Results;

/// <summary>One compiler error in a hand-in, where a student can find it.</summary>
/// <param name="File">The file, relative to the hand-in folder, with '/' separators (e.g. "Diffusion/DtuDdpm.cs").</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Id">The compiler's id, e.g. "CS1002", or an allowlist rule's id.</param>
/// <param name="Message">The compiler's message.</param>
public sealed record CompileDiagnostic(string File, int Line, int Column, string Id, string Message)
{
    /// <summary>"Diffusion/DtuDdpm.cs:12:5: error CS1002: ; expected" — the shape editors and CI annotations parse.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: error {Id}: {Message}";
}
