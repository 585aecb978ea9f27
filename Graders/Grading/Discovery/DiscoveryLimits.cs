namespace Grader.Grading.Discovery;

/// <summary>
/// How much of a hand-in <see cref="HandinDiscovery"/> reads before it refuses it. Only <c>.cs</c> files are read
/// (from a zip, only <c>.cs</c> entries are decompressed), so <see cref="MaxHandinBytes"/> also bounds the bytes a zip
/// may decompress to; sizes in zip headers are checked but not trusted: every entry is read through a cap.
/// </summary>
public sealed record DiscoveryLimits
{
    /// <summary>The defaults: 512 KiB per file, 4 MiB and 200 files per hand-in, 1000 entries and 64 MiB per zip; a written report of 1 MiB of Markdown, a PDF of 20 MiB and 40 pages, a page map of 64 KiB.</summary>
    public static DiscoveryLimits Default { get; } = new();

    /// <summary>The largest <c>.cs</c> file, in bytes (decompressed, for a zip entry).</summary>
    public long MaxFileBytes { get; init; } = 512 * 1024;

    /// <summary>The most bytes of <c>.cs</c> files one hand-in may hold (the total read from its folder, or decompressed from its zip).</summary>
    public long MaxHandinBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>The most <c>.cs</c> files one hand-in may hold.</summary>
    public int MaxFiles { get; init; } = 200;

    /// <summary>The most entries (files and folders, C# or not) a zip may hold.</summary>
    public int MaxZipEntries { get; init; } = 1000;

    /// <summary>The largest <c>.zip</c> file on disk, in bytes (it may carry figures and reports beside the code).</summary>
    public long MaxZipBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The largest written report in Markdown (<c>Report/report.md</c>), in bytes; a larger one is not read (a problem line, the code is graded).</summary>
    public long MaxReportMarkdownBytes { get; init; } = 1024 * 1024;

    /// <summary>The largest written report as a PDF (<c>Report/report.pdf</c>), in bytes; a larger one is not read.</summary>
    public long MaxReportPdfBytes { get; init; } = 20L * 1024 * 1024;

    /// <summary>The most pages of <c>Report/report.pdf</c> that are rendered; the pages past it are left out, with a problem line.</summary>
    public int MaxReportPages { get; init; } = 40;

    /// <summary>The largest page map (<c>Report/pages.txt</c>), in bytes.</summary>
    public long MaxPageMapBytes { get; init; } = 64 * 1024;

    /// <summary>The most bytes one report file may be, by its name (report.md, report.pdf, pages.txt).</summary>
    public long MaxReportFileBytes(string name) =>
        string.Equals(name, ReportLayout.PdfFile, StringComparison.OrdinalIgnoreCase) ? MaxReportPdfBytes
        : string.Equals(name, ReportLayout.MarkdownFile, StringComparison.OrdinalIgnoreCase) ? MaxReportMarkdownBytes
        : MaxPageMapBytes;

    /// <summary>Throws when a limit is not positive (a programming error, not bad input).</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxFileBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxHandinBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxFiles);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxZipEntries);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxZipBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxReportMarkdownBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxReportPdfBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxReportPages);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxPageMapBytes);
    }
}
