namespace Grader.Worker.Compile;

/// <summary>What a compile server answers: the compiler's verdict, and the image when it compiled.</summary>
/// <param name="Success">Whether it compiled (and passed the allowlist), perhaps without <paramref name="Excluded"/>.</param>
/// <param name="Errors">The errors with file and line.</param>
/// <param name="Warnings">How many warnings.</param>
/// <param name="Seconds">How long compiling took in the server.</param>
/// <param name="Image">The assembly, when it compiled.</param>
/// <param name="Symbols">Its portable PDB, when it compiled.</param>
/// <param name="OutOfMemory">The compiler ran out of memory; the server exits after answering.</param>
/// <param name="Excluded">The files left out of a successful compilation (<see cref="CompileResult.Excluded"/>).</param>
public sealed record CompileReply(bool Success, IReadOnlyList<CompileDiagnostic> Errors, int Warnings, double Seconds, byte[]? Image, byte[]? Symbols, bool OutOfMemory,
    IReadOnlyList<ExcludedFile>? Excluded = null);
