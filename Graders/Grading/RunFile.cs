using Grader.Grading.Discovery;

namespace Grader.Grading;

/// <summary>
/// <c>run.json</c> in an output folder: the run's settings, the students it covers and the inputs it refused. With the
/// tutor's records (<c>records/&lt;student&gt;.json</c>) it is all <c>grader merge</c> needs to rebuild a gradebook.
/// </summary>
public sealed record RunFile(RunInfo Run, IReadOnlyList<string> Students, IReadOnlyList<InputProblem> Problems, IReadOnlyList<ManualScore> Manual)
{
    public const string FileName = "run.json";

    public void Save(string folder) => AtomicFile.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, WorkerProtocol.IndentedJson));

    /// <summary>The run file of a folder, or null when it has none or it cannot be read.</summary>
    public static RunFile? Load(string folder) => WorkerProtocol.ReadFile<RunFile>(Path.Combine(folder, FileName));
}
