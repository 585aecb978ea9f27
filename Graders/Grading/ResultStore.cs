namespace Grader.Grading;

/// <summary>
/// The output folder as a store of <see cref="HandinRecord"/>s: <c>&lt;out&gt;/records/&lt;student&gt;.json</c>, the
/// tutor's, written atomically and after the student's feedback files, so a record that exists means the student's files
/// are complete. Each student's folder, <c>&lt;out&gt;/students/&lt;student&gt;/</c>, holds only what the student may
/// read (feedback.md/html, results.json): a tutor can hand it over whole, and the hidden checks' set-up
/// (<see cref="Grader.Checks.Results.CheckResult.TutorDetail"/>, in the records) stays behind. Both live apart from the
/// run's files, so no student's name (a hand-in called <c>gradebook.csv.zip</c>) can collide with a file of the run.
/// </summary>
public sealed class ResultStore(string folder)
{
    /// <summary>The folder, under the output folder, that holds one folder per student (what students may read).</summary>
    public const string StudentsFolder = "students";

    /// <summary>The folder, under the output folder, that holds one record per student (the tutor's).</summary>
    public const string RecordsFolder = "records";

    /// <summary>Where graders before this layout kept each record: <c>students/&lt;student&gt;/record.json</c>.</summary>
    public const string OldRecordFileName = "record.json";

    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>The folder of one student's files.</summary>
    public string StudentFolder(string student) => StudentFolderIn(Folder, student);

    /// <summary>The folder of one student's files under the output folder <paramref name="output"/>.</summary>
    public static string StudentFolderIn(string output, string student) => Path.Combine(output, StudentsFolder, student);

    /// <summary>The file of one student's record.</summary>
    public string RecordPath(string student) => Path.Combine(Folder, RecordsFolder, student + ".json");

    /// <summary>The stored record of a student; null when there is none or it cannot be read (it is then graded again).</summary>
    public HandinRecord? Load(string student) => Read(RecordPath(student));

    /// <summary>Every readable record under the folder, by student.</summary>
    public IReadOnlyList<HandinRecord> LoadAll() => !Directory.Exists(Path.Combine(Folder, RecordsFolder))
        ? []
        : Directory.EnumerateFiles(Path.Combine(Folder, RecordsFolder), "*.json")
            .Select(Read)
            .OfType<HandinRecord>()
            .OrderBy(r => r.Student, StringComparer.Ordinal)
            .ToArray();

    /// <summary>Writes the record (atomically).</summary>
    public void Save(HandinRecord record) =>
        AtomicFile.WriteAllText(RecordPath(record.Student), JsonSerializer.Serialize(record, WorkerProtocol.IndentedJson));

    /// <summary>
    /// Null when the folder is in this layout (or new); else one sentence saying that an earlier grader left the tutor's
    /// records in the students' folders, how many, and what to do. Such a folder is neither resumed nor merged: reading it
    /// would keep the records where a student handed their folder would get them.
    /// </summary>
    public string? OldLayoutProblem()
    {
        var students = Path.Combine(Folder, StudentsFolder);
        var old = Directory.Exists(students)
            ? Directory.EnumerateDirectories(students).Count(d => File.Exists(Path.Combine(d, OldRecordFileName)))
            : 0;
        return old == 0
            ? null
            : $"'{Folder}' was written by an earlier grader that kept the tutor's {OldRecordFileName} (with the hidden checks' set-up) in {old} student folder(s) under {StudentsFolder}/;"
                + $" this grader keeps them in {RecordsFolder}/<student>.json. Grade into a new folder (or move each {StudentsFolder}/<student>/{OldRecordFileName} to {RecordsFolder}/<student>.json), and do not hand out that folder's student folders as they are.";
    }

    /// <summary>A record from a file, or null when it is missing or unreadable.</summary>
    public static HandinRecord? Read(string path) => WorkerProtocol.ReadFile<HandinRecord>(path);
}
