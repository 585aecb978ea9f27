using System.Collections.Concurrent;
using Grader.Grading.Reports;

namespace Grader.Web;

/// <summary>The files a tutor's page links (<see cref="GradingDesk.HandinFiles"/>): a hand-in's written report, page images and feedback, each inside its report folder.</summary>
public sealed class DeskHandinFiles
{
    private readonly GradingDesk _desk;

    private readonly ConcurrentDictionary<(long Run, string Student), WrittenReport?> _reports = new();

    internal DeskHandinFiles(GradingDesk desk) => _desk = desk;

    /// <summary>
    /// The file of a student's page image <paramref name="index"/> (<see cref="Pages"/>), or null: the student must have
    /// a hand-in in the sheet's latest run, and the file must be a PNG or JPEG inside that student's report folder, no
    /// link.
    /// </summary>
    public string? PageFile(string sheet, string student, int index)
    {
        long? latest;
        string? folder;
        using (_desk.Hold())
        {
            latest = _desk.Gradebook.Runs.LatestRun(sheet);
            folder = latest is { } id && _desk.Gradebook.Runs.Handins(id).Contains(student, StringComparer.Ordinal) ? _desk.Gradebook.Runs.RunFolder(id) : null;
        }

        if (folder is null || Report(latest!.Value, student) is not { } report)
        {
            return null;
        }

        var pages = Pages(report);
        if (index < 0 || index >= pages.Count)
        {
            return null;
        }

        var root = Path.GetFullPath(new WrittenReportStore(folder).StudentFolder(student)) + Path.DirectorySeparatorChar;
        var file = Path.GetFullPath(Path.Combine(folder, pages[index]));
        var extension = Path.GetExtension(file).ToLowerInvariant();
        if (!file.StartsWith(root, StringComparison.Ordinal) || extension is not (".png" or ".jpg" or ".jpeg"))
        {
            return null;
        }

        var info = new FileInfo(file);
        return info.Exists && info.LinkTarget is null && !Linked(root, info.Directory) ? file : null;
    }

    /// <summary>
    /// The student's <c>feedback.html</c> of the sheet's latest run (the grader's plots and verdicts beside the written
    /// answer), or null: the student (or their group, issue 80: a member's own folder is written from the group's grade
    /// after every change) must have a hand-in in that run, and the file must be the one in that student's folder, no
    /// link on the way.
    /// </summary>
    public string? FeedbackFile(string sheet, string student)
    {
        var handin = _desk.HandinOf(sheet, student);
        string? folder;
        using (_desk.Hold())
        {
            folder = _desk.Gradebook.Runs.LatestRun(sheet) is { } id && _desk.Gradebook.Runs.Handins(id).Contains(handin, StringComparer.Ordinal) ? _desk.Gradebook.Runs.RunFolder(id) : null;
        }

        if (folder is null)
        {
            return null;
        }

        var root = Path.GetFullPath(ResultStore.StudentFolderIn(folder, student)) + Path.DirectorySeparatorChar;
        var file = Path.GetFullPath(Path.Combine(root, HandinFeedback.HtmlFile));
        var info = new FileInfo(file);
        return file.StartsWith(root, StringComparison.Ordinal) && info.Exists && info.LinkTarget is null && !Linked(root, info.Directory) ? file : null;
    }

    /// <summary>Every page image a report names, each once, in the order the answers name them: the page route's numbering.</summary>
    public static IReadOnlyList<string> Pages(WrittenReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Answers.SelectMany(a => a.Pages).Distinct(StringComparer.Ordinal).ToArray();
    }

    private static bool Linked(string root, DirectoryInfo? directory)
    {
        for (var at = directory; at is not null && (at.FullName + Path.DirectorySeparatorChar).Length >= root.Length; at = at.Parent)
        {
            if (at.LinkTarget is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The written report of <paramref name="student"/>'s hand-in in run <paramref name="run"/>, read once per run.</summary>
    internal WrittenReport? Report(long run, string student) =>
        _reports.GetOrAdd((run, student), key =>
        {
            string? folder;
            using (_desk.Hold())
            {
                folder = _desk.Gradebook.Runs.RunFolder(key.Run);
            }

            return folder is null ? null : new WrittenReportStore(folder).Load(key.Student) is { } r && r.Student == key.Student ? r : null;
        });
}
