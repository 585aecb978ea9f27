using Grader.Checks.Handins;

namespace Grader.Grading;

/// <summary>
/// The code each hand-in was graded with, kept tutor-side in the run's output folder as
/// <c>&lt;out&gt;/code/&lt;student&gt;.json</c> (its <c>.cs</c> files' paths and texts, as discovery read them, capped):
/// <c>grader serve</c> shows it with line numbers and anchors the tutors' inline comments to it
/// (<see cref="Grader.Checks.Results.InlineComment"/>). The paths are the student's and are data only: nothing is
/// written under a name a student chose, and the file is read back capped, never through a link.
/// </summary>
public sealed class HandinCodeStore(string folder)
{
    /// <summary>The folder, under the output folder, with one file per hand-in.</summary>
    public const string CodeFolder = "code";

    /// <summary>The most a stored hand-in's code file is read back from (a larger one is not shown).</summary>
    public const long MaxBytes = 16L * 1024 * 1024;

    /// <summary>The run's output folder.</summary>
    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>The file of one hand-in's code.</summary>
    public string PathOf(string student) => Path.Combine(Folder, CodeFolder, student + ".json");

    /// <summary>Keeps <paramref name="student"/>'s code (atomically; unchanged code is not written again).</summary>
    public void Save(string student, IReadOnlyList<HandinFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var json = JsonSerializer.Serialize(files, WorkerProtocol.Json);
        var path = PathOf(student);
        if (File.Exists(path) && Load(student) is { } kept && JsonSerializer.Serialize(kept, WorkerProtocol.Json) == json)
        {
            return;
        }

        AtomicFile.WriteAllText(path, json);
    }

    /// <summary>The hand-in's code files, or null: none kept (a run by an older grader), past <see cref="MaxBytes"/>, a link, unreadable.</summary>
    public IReadOnlyList<HandinFile>? Load(string student)
    {
        var path = PathOf(student);
        try
        {
            if (!File.Exists(path) || StudentFile.Read(path, MaxBytes) is not { } bytes)
            {
                return null;
            }

            return JsonSerializer.Deserialize<HandinFile[]>(bytes, WorkerProtocol.Json) is { } files && files.All(f => f is { Path: not null, Text: not null }) ? files : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }
}
