using System.Text.Json;

namespace Grader.Checks.Snapshots;

/// <summary>
/// Where an approved snapshot lives under the snapshot root (fixtures/snapshots), and reading it. A snapshot that is
/// missing or unreadable is a defect of the grader, never of a hand-in: the check reports it as Errored.
/// </summary>
public static class SnapshotFile
{
    /// <summary>The approved file of <paramref name="name"/> in <paramref name="folder"/>: <c>{root}/{folder}/{name}.approved.json</c>.</summary>
    public static string PathOf(string snapshotRoot, string folder, string name) =>
        Path.Combine(snapshotRoot, folder, $"{name}.approved.json");

    /// <summary>The approved file of <paramref name="name"/> relative to the snapshot root, with '/' separators: <c>{folder}/{name}.approved.json</c>.</summary>
    public static string RelativePathOf(string folder, string name) => $"{folder}/{name}.approved.json";

    /// <summary>Reads an approved snapshot; on failure returns null and says why in <paramref name="problem"/>.</summary>
    public static T? TryRead<T>(string snapshotRoot, string folder, string name, out string? problem) where T : class
    {
        var path = PathOf(snapshotRoot, folder, name);
        if (!File.Exists(path))
        {
            problem = $"the approved snapshot {path} is missing (a grader defect: the expected values come from it)";
            return null;
        }

        try
        {
            problem = null;
            return SnapshotJson.Read<T>(File.ReadAllText(path));
        }
        catch (Exception e) when (e is JsonException or IOException or NotSupportedException)
        {
            problem = $"the approved snapshot {path} can't be read ({e.Message}; a grader defect)";
            return null;
        }
    }
}
