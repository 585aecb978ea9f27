using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;

namespace Grader.Cli.Tests.Support;

/// <summary>
/// The types a student must never receive, read by reflection from the loaded assemblies of the reference solution
/// (<c>Grader.Reference</c>) and the hidden checks (<c>Grader.Checks.Hidden</c>): their namespace-qualified names
/// (every type of a <c>Grader.</c> namespace, nested ones with '.') as they would stand in source or in an assembly's
/// metadata, and a byte search for them in UTF-8 (source, metadata) and UTF-16 (string literals of an assembly).
/// </summary>
internal static class SecretTypes
{
    /// <summary>The names of the assemblies that hold the answers.</summary>
    public static IReadOnlyList<string> AssemblyNames { get; } = ["Grader.Reference", "Grader.Checks.Hidden"];

    /// <summary>The two assemblies, loaded (the tutor's tool references both).</summary>
    public static IReadOnlyList<Assembly> Assemblies { get; } = AssemblyNames.Select(n => Assembly.Load(new AssemblyName(n))).ToArray();

    /// <summary>Every type of the two assemblies in a <c>Grader.</c> namespace, namespace-qualified ("Grader.Reference.Diffusion.Ddpm").</summary>
    public static IReadOnlyList<string> FullNames { get; } = Assemblies
        .SelectMany(a => a.GetTypes())
        .Where(t => t.Namespace?.StartsWith("Grader.", StringComparison.Ordinal) == true && !t.Name.Contains('<', StringComparison.Ordinal))
        .Select(t => t.FullName!.Replace('+', '.'))
        .Distinct(StringComparer.Ordinal)
        .Order(StringComparer.Ordinal)
        .ToArray();

    private static readonly (string Name, byte[] Utf8, byte[] Utf16)[] Needles =
        FullNames.Select(n => (n, Encoding.UTF8.GetBytes(n), Encoding.Unicode.GetBytes(n))).ToArray();

    /// <summary>The secret full names that occur in <paramref name="bytes"/> as UTF-8 or UTF-16 text (source, string literals), each followed by a character that ends a name.</summary>
    public static IEnumerable<string> In(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        foreach (var (name, utf8, utf16) in Needles)
        {
            if (Contains(bytes, utf8, 1) || Contains(bytes, utf16, 2))
            {
                yield return name;
            }
        }
    }

    /// <summary>
    /// What an assembly's metadata says of the secret ones: the types it defines or references whose namespace-qualified
    /// name is secret (metadata stores namespace and name apart, so a byte search alone would miss them), and the
    /// secret assemblies it references. Empty for a file that is not a .NET assembly.
    /// </summary>
    public static IEnumerable<string> InAssembly(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata) return [];
        var metadata = pe.GetMetadataReader();
        var secret = FullNames.ToHashSet(StringComparer.Ordinal);
        string Name(StringHandle ns, StringHandle name) => $"{metadata.GetString(ns)}.{metadata.GetString(name)}";
        var defined = metadata.TypeDefinitions.Select(h => metadata.GetTypeDefinition(h)).Select(t => Name(t.Namespace, t.Name));
        var referenced = metadata.TypeReferences.Select(h => metadata.GetTypeReference(h)).Select(t => Name(t.Namespace, t.Name));
        var assemblies = metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name));
        return defined.Concat(referenced).Where(secret.Contains)
            .Concat(assemblies.Where(a => AssemblyNames.Contains(a, StringComparer.OrdinalIgnoreCase)).Select(a => $"a reference to the assembly {a}"))
            .ToList();
    }

    /// <summary>The simple names (without generic arity) of the types an assembly defines; empty for a file that is not a .NET assembly.</summary>
    public static IReadOnlyList<string> DefinedNames(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata) return [];
        var metadata = pe.GetMetadataReader();
        return metadata.TypeDefinitions.Select(h => metadata.GetString(metadata.GetTypeDefinition(h).Name).Split('`')[0]).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Whether <paramref name="needle"/> occurs in <paramref name="haystack"/> not followed by a letter, digit or '_' (so "Grader.Reference.Data" is not found in "Grader.Reference.DataSets").</summary>
    private static bool Contains(byte[] haystack, byte[] needle, int width)
    {
        var span = haystack.AsSpan();
        for (int offset = 0; offset <= span.Length - needle.Length;)
        {
            var at = span[offset..].IndexOf(needle);
            if (at < 0) return false;
            var end = offset + at + needle.Length;
            var ends = width == 1
                ? end >= span.Length || !IsNamePart(span[end])
                : end + 1 >= span.Length || span[end + 1] != 0 || !IsNamePart(span[end]);
            if (ends) return true;
            offset += at + 1;
        }

        return false;
    }

    private static bool IsNamePart(byte c) => char.IsAsciiLetterOrDigit((char)c) || c == '_';
}
