namespace Grader.Checks.Handins;

/// <summary>One source file of a hand-in.</summary>
/// <param name="Path">Relative to the hand-in folder, with '/' separators (e.g. "Diffusion/DtuDdpm.cs"); diagnostics and stack traces name it so.</param>
/// <param name="Text">The file's text.</param>
public sealed record HandinFile(string Path, string Text);
