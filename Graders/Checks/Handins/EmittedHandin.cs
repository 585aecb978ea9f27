namespace Grader.Checks.Handins;

/// <summary>
/// A compiled hand-in before it is loaded: the compile result and, on success, the assembly image and its portable
/// PDB. Compiling is safe on the trusted side (no hand-in code runs); the image is what a worker process loads.
/// </summary>
/// <param name="Result">The compile result (never holding an assembly).</param>
/// <param name="Image">The assembly's bytes; null when compiling failed.</param>
/// <param name="Symbols">The portable PDB's bytes (file and line in stack traces); null when compiling failed.</param>
public sealed record EmittedHandin(CompileResult Result, byte[]? Image, byte[]? Symbols);
