using System.Security.Cryptography;
using System.Text.Json;

namespace Grader.SelfCheck;

/// <summary>
/// The grader's compiled assemblies a student repository builds against (the engine, the contracts, hand-in loading and
/// the allowlist analyzer in <c>lib/</c>), held to the manifest <c>lib/assemblies.json</c> that <c>grader assign</c> wrote
/// beside them: the assigning tool's version and each file's SHA-256. A file that differs (replaced, edited, or left over
/// from another tool's repository), in <c>lib/</c> or as this run loaded it, is named, so the self-check never grades
/// against assemblies the tutor's tool does not have. The grader's own repository has no manifest and nothing to check.
/// </summary>
internal static class AssignedAssemblies
{
    /// <summary>The manifest's path from the repository root.</summary>
    public const string Manifest = "lib/assemblies.json";

    /// <summary>Why the assemblies cannot be trusted, or null when they are the manifest's (or there is no manifest).</summary>
    public static string? Problem(string? repositoryRoot)
    {
        var manifest = repositoryRoot is null ? null : Path.Combine(repositoryRoot, Manifest);
        if (manifest is null || !File.Exists(manifest))
        {
            return null;
        }

        string tool;
        Dictionary<string, string> hashes;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(manifest));
            tool = document.RootElement.GetProperty("tool").GetString() ?? "";
            hashes = document.RootElement.GetProperty("assemblies").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return $"{Manifest} is not the manifest grader assign wrote ({e.Message}). Restore it with `git checkout -- lib`, or ask your tutor.";
        }

        var loaded = AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsDynamic && a.Location.Length > 0)
            .GroupBy(a => a.GetName().Name ?? "", StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Location, StringComparer.Ordinal);
        var differing = new List<string>();
        foreach (var (file, hash) in hashes)
        {
            var path = Path.Combine(repositoryRoot!, file);
            if (!File.Exists(path) || !Hash(path).Equals(hash, StringComparison.OrdinalIgnoreCase))
            {
                differing.Add(file);
            }
            else if (loaded.TryGetValue(Path.GetFileNameWithoutExtension(file), out var location) && !Hash(location).Equals(hash, StringComparison.OrdinalIgnoreCase))
            {
                differing.Add($"{file} as this run loaded it ({location}; rebuild)");
            }
        }

        return differing.Count == 0 ? null
            : $"The grader's assemblies are not those {tool} wrote into this repository ({Manifest}): {string.Join(", ", differing)} {(differing.Count == 1 ? "differs" : "differ")}. "
              + "Your tutor grades with their own grader; restore lib/ with `git checkout -- lib`, or ask your tutor for the current repository.";
    }

    private static string Hash(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
