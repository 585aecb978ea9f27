namespace Grader.Grading.Reports;

/// <summary>
/// The run's written reports: <c>&lt;out&gt;/reports/&lt;student&gt;/report.json</c> and the page images beside it
/// (<c>pages/</c>), tutor-side like <c>records/</c>: a student's folder (<c>students/</c>) never holds another student's
/// pages or the report's rendering.
/// </summary>
public sealed class WrittenReportStore(string folder)
{
    /// <summary>The folder, under the output folder, with one folder per student's report.</summary>
    public const string ReportsFolder = "reports";

    /// <summary>The file of one student's report under its folder.</summary>
    public const string FileName = "report.json";

    /// <summary>The run's output folder.</summary>
    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>The folder of one student's report (its <c>report.json</c> and <c>pages/</c>).</summary>
    public string StudentFolder(string student) => Path.Combine(Folder, ReportsFolder, student);

    /// <summary>Writes the report (atomically).</summary>
    public void Save(WrittenReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        AtomicFile.WriteAllText(Path.Combine(StudentFolder(report.Student), FileName), JsonSerializer.Serialize(report, WorkerProtocol.IndentedJson));
    }

    /// <summary>The stored report of a student; null when there is none or it cannot be read.</summary>
    public WrittenReport? Load(string student) => WorkerProtocol.ReadFile<WrittenReport>(Path.Combine(StudentFolder(student), FileName), WorkerProtocol.IndentedJson);
}
