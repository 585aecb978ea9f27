using System.Text.Json;
using Grader.Cli.Reporters;
using Grader.Cli.Workers;

namespace Grader.Cli.Grading;

/// <summary>
/// The output folder as a store of <see cref="HandinRecord"/>s: <c>&lt;out&gt;/&lt;student&gt;/record.json</c>, written
/// atomically and last (after the student's feedback files), so a record that exists is complete.
/// </summary>
public sealed class ResultStore(string folder)
{
    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>The folder of one student's files.</summary>
    public string StudentFolder(string student) => Path.Combine(Folder, student);

    /// <summary>The stored record of a student; null when there is none or it cannot be read (it is then graded again).</summary>
    public HandinRecord? Load(string student) => Read(Path.Combine(StudentFolder(student), HandinRecord.FileName));

    /// <summary>Every readable record under the folder, by student.</summary>
    public IReadOnlyList<HandinRecord> LoadAll() => !Directory.Exists(Folder)
        ? []
        : Directory.EnumerateDirectories(Folder)
            .Select(d => Read(Path.Combine(d, HandinRecord.FileName)))
            .OfType<HandinRecord>()
            .OrderBy(r => r.Student, StringComparer.Ordinal)
            .ToArray();

    /// <summary>Writes the record (atomically).</summary>
    public void Save(HandinRecord record) =>
        AtomicFile.WriteAllText(Path.Combine(StudentFolder(record.Student), HandinRecord.FileName), JsonSerializer.Serialize(record, WorkerProtocol.IndentedJson));

    /// <summary>A record from a file, or null when it is missing or unreadable.</summary>
    public static HandinRecord? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<HandinRecord>(File.ReadAllText(path), WorkerProtocol.Json);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }
}
