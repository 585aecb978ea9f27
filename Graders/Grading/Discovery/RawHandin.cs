namespace Grader.Grading.Discovery;

/// <summary>
/// What a hand-in's folder or zip holds before anything is read: its <c>.cs</c> files (not yet opened), the files that
/// are not C#, and the links that were not followed. Hidden entries, <c>bin/</c>, <c>obj/</c> and <c>__MACOSX/</c> are
/// already left out.
/// </summary>
internal sealed class RawHandin
{
    /// <summary>The <c>.cs</c> files.</summary>
    public List<RawSource> Sources { get; } = [];

    /// <summary>The files that are not C#, by their path in the hand-in ('/' separated).</summary>
    public List<string> NotCSharp { get; } = [];

    /// <summary>For a zip, the declared size and entry name of every file that is not C# (a written report's file is read from there).</summary>
    public Dictionary<string, (long Size, string Entry)> NotCSharpEntries { get; } = new(StringComparer.Ordinal);

    /// <summary>Symbolic links inside the hand-in that were left out, each described for the tutor.</summary>
    public List<string> Unfollowed { get; } = [];

    /// <summary>True for a folder or file name that is never read: hidden names (leading '.') and macOS's <c>__MACOSX</c>.</summary>
    public static bool IsHidden(string name) => name.StartsWith('.') || string.Equals(name, "__MACOSX", StringComparison.Ordinal);

    /// <summary>True for a folder that is never read: a hidden one, or build output (<c>bin/</c>, <c>obj/</c>) as <see cref="Grader.Checks.Handins.HandinSource"/> skips it.</summary>
    public static bool IsSkippedFolder(string name) =>
        IsHidden(name) || string.Equals(name, "bin", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "obj", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for a C# source file's name (the extension in any case).</summary>
    public static bool IsCSharp(string name) => name.EndsWith(".cs", StringComparison.OrdinalIgnoreCase);
}
