using System.Security.Cryptography;
using Grader.Grading.Discovery;
using Grader.Runner.Sandbox;

namespace Grader.Grading.Reports;

/// <summary>
/// The grading run's step that takes each student's written report in (<see cref="DiscoveredHandin.Report"/>) and
/// stores it tutor-side (<see cref="WrittenReportStore"/>: <c>reports/&lt;student&gt;/report.json</c> and
/// <c>pages/</c>): <c>report.md</c> split into the items' sections (<see cref="ReportMarkdown"/>), <c>report.pdf</c>
/// rendered (<see cref="ReportPdf"/>, in <paramref name="sandbox"/>, the hand-ins' sandbox, or plainly as the runner's
/// fallback when it is null) and its pages given to items (<see cref="PageMap"/>). A stored report with the same
/// <see cref="Hash"/> is reused, so an interrupted run resumes. Nothing a report holds stops the run or the code's
/// grading: every failure is a line of <see cref="WrittenReport.Problems"/>.
/// </summary>
public sealed class ReportIntake(WrittenReportStore store, SandboxPolicy? sandbox, DiscoveryLimits limits)
{
    /// <summary>The folder of a student's page images, under its report folder.</summary>
    public const string PagesFolder = "pages";

    /// <summary>
    /// Changes when the intake would take the same files in differently (so stored reports are taken in again): 2 since
    /// report.md's rendering cap and the page images cut at the bound (issue 67), so no stored oversized page is reused.
    /// </summary>
    private const string Version = "report-intake-3"; // 3: each answer keeps its Markdown and the line of report.md it starts on

    /// <summary>
    /// Takes one student's report in (or reuses the stored one) and saves it. Whatever fails on the way is a problem line
    /// of the report, never an exception: one student's report never ends the run.
    /// </summary>
    public WrittenReport Take(string student, DiscoveredReport? found, Assignment assignment)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(assignment);
        try
        {
            return TakeNow(student, found, assignment);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var failed = new WrittenReport(
                student,
                (found?.Files ?? []).Select(f => f.Name).ToArray(),
                ReportLayout.Items(assignment).Select(i => new ReportAnswer(i.Task.Id, i.Item.Id, "", null, [])).ToArray(),
                [.. found?.Problems ?? [], $"the report could not be taken in (the grader failed on it: {e.GetType().Name}); it was not shown."]);
            try
            {
                store.Save(failed);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
                // The run's summary still lists the problem; grader serve then shows the report as missing.
            }

            return failed;
        }
    }

    private WrittenReport TakeNow(string student, DiscoveredReport? found, Assignment assignment)
    {
        var keys = ReportLayout.Items(assignment).Select(i => ReportLayout.Key(i.Task.Id, i.Item.Id)).ToArray();
        var problems = new List<string>(found?.Problems ?? []);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in found?.Files ?? [])
        {
            try
            {
                var bytes = file.Read(limits.MaxReportFileBytes(file.Name));
                if (bytes is null)
                {
                    problems.Add($"{file.Name} holds more than {ByteSize.Format(limits.MaxReportFileBytes(file.Name))} (more than it claimed); it was not read.");
                }
                else
                {
                    files[file.Name] = bytes;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                problems.Add($"{file.Name} could not be read ({StudentName.Escape(e.Message.TrimEnd('.'), keepPathSeparators: true)}).");
            }
        }

        var hash = Hash(files, keys, problems);
        if (store.Load(student) is { } stored && stored.Hash == hash)
        {
            return stored;
        }

        var report = Build(student, files, keys, assignment, problems) with { Hash = hash };
        store.Save(report);
        return report;
    }

    /// <summary>The hash a report is stored with: the intake's version, the items, the files (names and bytes) and what discovery left out.</summary>
    public static string Hash(IReadOnlyDictionary<string, byte[]> files, IReadOnlyList<string> keys, IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(problems);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(text));
            sha.AppendData([0]);
        }

        Add(Version);
        foreach (var key in keys)
        {
            Add(key);
        }

        foreach (var problem in problems)
        {
            Add(problem);
        }

        foreach (var (name, bytes) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            Add(name);
            Add(bytes.LongLength.ToString(CultureInfo.InvariantCulture));
            sha.AppendData(bytes);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private WrittenReport Build(string student, Dictionary<string, byte[]> files, string[] keys, Assignment assignment, List<string> problems)
    {
        var sections = new Dictionary<string, ReportMarkdown.Section>(StringComparer.Ordinal);
        if (files.TryGetValue(ReportLayout.MarkdownFile, out var markdown))
        {
            var (found, failure) = ReportMarkdown.Split(SourceText.Decode(markdown, out _), keys);
            if (failure is not null)
            {
                problems.Add(failure + ".");
            }
            else if (found.Count == 0)
            {
                problems.Add("report.md has no heading that starts with an item of the sheet (task#item), so no answer was found in it.");
            }

            // The skeleton's placeholder is no answer; a report.md of placeholders only was not written (untouched, as assigned).
            sections = found.Where(s => s.Value.Text != ReportLayout.PlaceholderText).ToDictionary(StringComparer.Ordinal);
            if (failure is null && found.Count > 0 && sections.Count == 0)
            {
                files.Remove(ReportLayout.MarkdownFile);
            }
        }

        if (!files.ContainsKey(ReportLayout.PdfFile))
        {
            files.Remove(ReportLayout.PageMapFile); // a page map without a PDF (the skeleton's) hands nothing in
        }

        var pagesFolder = Path.Combine(store.StudentFolder(student), PagesFolder);
        if (Directory.Exists(pagesFolder))
        {
            Directory.Delete(pagesFolder, recursive: true); // an earlier hand-in's pages
        }

        IReadOnlyDictionary<string, IReadOnlyList<int>> pages = new Dictionary<string, IReadOnlyList<int>>();
        IReadOnlyDictionary<int, string> images = new Dictionary<int, string>();
        if (files.TryGetValue(ReportLayout.PdfFile, out var pdf))
        {
            var rendered = ReportPdf.Render(pdf, pagesFolder, sandbox, limits, problems);
            images = rendered.Images;
            var map = files.TryGetValue(ReportLayout.PageMapFile, out var mapBytes) ? SourceText.Decode(mapBytes, out _) : null;
            pages = PageMap.Assign(map, keys, rendered.Texts, rendered.Count, problems);
        }

        var relative = $"{WrittenReportStore.ReportsFolder}/{student}/{PagesFolder}/";
        var answers = ReportLayout.Items(assignment).Select(i =>
        {
            var key = ReportLayout.Key(i.Task.Id, i.Item.Id);
            var section = sections.GetValueOrDefault(key);
            var shown = pages.GetValueOrDefault(key) ?? [];
            return new ReportAnswer(i.Task.Id, i.Item.Id, section?.Text ?? "", section?.Html,
                shown.Where(images.ContainsKey).Select(p => relative + images[p]).ToArray())
            { Source = section?.Source, Line = section?.Line };
        }).ToArray();
        return new WrittenReport(student, files.Keys.Order(StringComparer.Ordinal).ToArray(), answers, problems);
    }
}
