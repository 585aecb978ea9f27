using Grader.Grading.Reports;

namespace Grader.Semester;

/// <summary>
/// A hand-in as the tutors' code page shows it and inline comments anchor to it: each <c>.cs</c> file the run graded
/// (<see cref="HandinCodeStore"/>) and the written report (<see cref="InlineComment.ReportFile"/>: every answer's text,
/// one item after another, as the grading page shows the answers), each split into numbered lines. Read from the run's
/// folder, capped; a run without kept code has no code files.
/// </summary>
public sealed class HandinDocument
{
    private readonly Dictionary<string, IReadOnlyList<string>> _files;

    private HandinDocument(Dictionary<string, IReadOnlyList<string>> files) => _files = files;

    /// <summary>The files in the order the page shows them: the code in ordinal order of its paths, then the report.</summary>
    public IReadOnlyList<string> Files => _files.Keys.ToArray();

    /// <summary>The lines of <paramref name="file"/>, or null when the hand-in has no such file.</summary>
    public IReadOnlyList<string>? Lines(string file) => _files.GetValueOrDefault(file);

    /// <summary><paramref name="handin"/>'s document in the run folder <paramref name="folder"/>.</summary>
    public static HandinDocument Of(string folder, string handin)
    {
        var files = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var file in (new HandinCodeStore(folder).Load(handin) ?? []).OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            files.TryAdd(file.Path, InlineComment.Lines(file.Text));
        }

        if (new WrittenReportStore(folder).Load(handin) is { HandedIn: true } report)
        {
            files[InlineComment.ReportFile] = report.Answers.SelectMany(a => InlineComment.Lines(a.Text)).ToArray();
        }

        return new HandinDocument(files);
    }
}
