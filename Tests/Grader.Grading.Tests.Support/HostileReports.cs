namespace Grader.Grading.Tests.Support;

/// <summary>
/// Written reports made to end the grader rather than to answer an item (issue 67), beside <see cref="HostileSources"/>
/// for code: Markdown whose link reference definitions, used many thousand times, expand far past its size when
/// rendered, and a PDF whose page boxes lie (<see cref="TestPdf.LyingBoxes"/>).
/// </summary>
internal static class HostileReports
{
    /// <summary>The uses of the reference in <see cref="MarkdownBomb"/>.</summary>
    public const int BombUses = 120_000;

    /// <summary>
    /// A <c>report.md</c> of about 940 KiB (under the 1 MiB limit) for the item <paramref name="key"/>: one link reference
    /// definition with a 2000-character target and a 100 KiB title, used <see cref="BombUses"/> times; rendered naively
    /// that is about 12 billion characters of HTML (each use repeats the target and the title).
    /// </summary>
    public static string MarkdownBomb(string key) =>
        $"## {key}\n\n"
        + $"[r]: https://example.org/{new string('a', 1970)} \"{new string('t', 100 * 1024)}\"\n\n"
        + string.Concat(Enumerable.Repeat("[a][r] ", BombUses)) + "\n";
}
