using System.Text.Json;

namespace Grader.Checks.Handins;

/// <summary>
/// What a mutant hand-in's <c>mutant.json</c> says: the example it changes, the bug it plants, the task whose points it
/// must lose, the check(s) expected to catch it and the contract it breaks (design §Checks 6: every check is proven by a
/// mutant it catches). A mutant loses the points of every task its checks are bound to, and of no other.
/// </summary>
/// <param name="Base">The folder name of the hand-in it is overlaid on, e.g. "Correct" (or "Diffusion/Correct" from another folder).</param>
/// <param name="Bug">The planted bug, in words.</param>
/// <param name="Task">The task id whose points it should lose, e.g. "004/3.4/negative-elbo".</param>
/// <param name="Contract">The contract interface it breaks, e.g. "IDtuDdpm".</param>
public sealed record MutantInfo(string Base, string Bug, string? Task, string? Contract)
{
    /// <summary>The file name that marks a folder as a mutant.</summary>
    public const string FileName = "mutant.json";

    /// <summary>The ids of the checks expected to catch the bug (<c>"check"</c>: one id, or a list); empty when none is named.</summary>
    public IReadOnlyList<string> Checks { get; init; } = [];

    /// <summary>The <c>mutant.json</c> of <paramref name="folder"/>; null when it has none.</summary>
    /// <exception cref="HandinSourceException">The file is not valid JSON, or has no "base".</exception>
    public static MutantInfo? Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            JsonElement? Field(string name) => root.ValueKind == JsonValueKind.Object
                ? root.EnumerateObject().Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value).FirstOrDefault()
                : null;
            string? Text(string name) => Field(name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

            var baseName = Text("base");
            if (string.IsNullOrWhiteSpace(baseName))
            {
                throw new HandinSourceException($"'{path}' has no \"base\" (the folder name of the hand-in the mutant changes).");
            }

            var checks = Field("check") switch
            {
                { ValueKind: JsonValueKind.String } one => [one.GetString()!],
                { ValueKind: JsonValueKind.Array } many => many.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray(),
                _ => Array.Empty<string>(),
            };
            return new MutantInfo(baseName, Text("bug") ?? "", Text("task"), Text("contract")) { Checks = checks };
        }
        catch (JsonException e)
        {
            throw new HandinSourceException($"'{path}' is not valid JSON: {e.Message}", e);
        }
    }
}
