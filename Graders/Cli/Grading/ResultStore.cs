using System.Text.Json;
using Grader.Cli.Reporters;
using Grader.Cli.Workers;

namespace Grader.Cli.Grading;

/// <summary>
/// The output folder as a store of <see cref="HandinRecord"/>s: <c>&lt;out&gt;/students/&lt;student&gt;/record.json</c>,
/// written atomically and last (after the student's feedback files), so a record that exists is complete. Students'
/// folders live in <see cref="StudentsFolder"/>, apart from the run's files, so no student's name (a hand-in called
/// <c>gradebook.csv.zip</c>) can collide with a file of the run.
/// </summary>
public sealed class ResultStore(string folder)
{
    /// <summary>The folder, under the output folder, that holds one folder per student.</summary>
    public const string StudentsFolder = "students";

    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>The folder of one student's files.</summary>
    public string StudentFolder(string student) => StudentFolderIn(Folder, student);

    /// <summary>The folder of one student's files under the output folder <paramref name="output"/>.</summary>
    public static string StudentFolderIn(string output, string student) => Path.Combine(output, StudentsFolder, student);

    /// <summary>The stored record of a student; null when there is none or it cannot be read (it is then graded again).</summary>
    public HandinRecord? Load(string student) => Read(Path.Combine(StudentFolder(student), HandinRecord.FileName));

    /// <summary>Every readable record under the folder, by student.</summary>
    public IReadOnlyList<HandinRecord> LoadAll() => !Directory.Exists(Path.Combine(Folder, StudentsFolder))
        ? []
        : Directory.EnumerateDirectories(Path.Combine(Folder, StudentsFolder))
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
