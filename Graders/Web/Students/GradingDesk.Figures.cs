using System.Collections.Concurrent;
using Grader.Web.Students;

namespace Grader.Web;

/// <summary>The plots of a hand-in's checks (issue 82): read from the record of the sheet's latest run, listed once per record file.</summary>
public sealed partial class GradingDesk
{
    /// <summary>The most records whose figure lists are kept; past it the cache starts again.</summary>
    private const int FiguresKept = 4096;

    private readonly ConcurrentDictionary<string, (DateTime Written, long Length, HandinFigures Figures)> _figures = new(StringComparer.Ordinal);

    /// <summary>
    /// The plots of <paramref name="handin"/>'s hand-in in <paramref name="sheet"/>'s latest run (none when it has no
    /// record there): read on a read connection, the desk's lock not taken; listed once per record file and kept while
    /// the file is unchanged.
    /// </summary>
    public HandinFigures Figures(string sheet, string handin)
    {
        if (RecordFile(sheet, handin) is not { } file)
        {
            return HandinFigures.None;
        }

        var info = new FileInfo(file);
        if (_figures.TryGetValue(file, out var kept) && kept.Written == info.LastWriteTimeUtc && kept.Length == info.Length)
        {
            return kept.Figures;
        }

        var figures = HandinFigures.Of(ResultStore.Read(file));
        if (_figures.Count >= FiguresKept)
        {
            _figures.Clear();
        }

        _figures[file] = (info.LastWriteTimeUtc, info.Length, figures);
        return figures;
    }

    /// <summary>Plot <paramref name="number"/> of <paramref name="handin"/>'s hand-in in <paramref name="sheet"/>'s latest run as an SVG document, or null.</summary>
    public string? FigureSvg(string sheet, string handin, int number) =>
        RecordFile(sheet, handin) is { } file ? HandinFigures.Svg(ResultStore.Read(file), number) : null;

    /// <summary>The hand-in's record file in the sheet's latest run folder (<c>records/&lt;handin&gt;.json</c>), or null: none there, or a link on the way.</summary>
    private string? RecordFile(string sheet, string handin)
    {
        if (Reading(g => g.LatestRun(sheet) is { } run ? g.RunFolder(run) : null) is not { } folder)
        {
            return null;
        }

        var store = new ResultStore(folder);
        var root = Path.GetFullPath(Path.Combine(store.Folder, ResultStore.RecordsFolder)) + Path.DirectorySeparatorChar;
        var file = Path.GetFullPath(store.RecordPath(handin));
        var info = new FileInfo(file);
        return file.StartsWith(root, StringComparison.Ordinal) && Path.GetDirectoryName(file) + Path.DirectorySeparatorChar == root
            && info.Exists && info.LinkTarget is null && !Linked(root, info.Directory) ? file : null;
    }
}
