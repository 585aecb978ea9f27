using Grader.Grading.Discovery;
using Grader.Runner.Sandbox;

namespace Grader.Grading.Reports;

/// <summary>
/// A student's <c>report.pdf</c> turned into page images and page texts by poppler-utils, each program run in the
/// hand-ins' sandbox (<see cref="SandboxedTool"/>, <see cref="ToolLimits.Pdf"/>): <c>pdfinfo</c> for the page count and
/// sizes, <c>pdftoppm -png -r 80</c> for one page at a time (cut at one pixel past the bound), <c>pdftotext</c> for the text of every page. The PDF goes
/// in on stdin, the images come back on stdout. Bounded: at most <see cref="DiscoveryLimits.MaxReportPages"/> pages, a
/// page larger than <see cref="MaxPageInches"/> on a side is not rendered (a page-size bomb), a page drawn larger than
/// <see cref="MaxPagePixels"/> (its PNG header, whatever boxes the page declares) is not kept, and the whole report has
/// <see cref="TimeBudget"/>. A file that is not a PDF, a broken PDF, a page that fails: one problem line each.
/// </summary>
public static class ReportPdf
{
    /// <summary>The resolution of the page images.</summary>
    public const int Dpi = 80;

    /// <summary>The longest page side rendered, in inches (at <see cref="Dpi"/>, 4000 pixels; A0 is 46.8 in).</summary>
    public const double MaxPageInches = 50;

    /// <summary>The longest side of a page image, in pixels (<see cref="MaxPageInches"/> at <see cref="Dpi"/>).</summary>
    public const int MaxPagePixels = (int)(MaxPageInches * Dpi);

    /// <summary>The wall time one report's PDF may take in all; the pages after it are not rendered.</summary>
    public static readonly TimeSpan TimeBudget = TimeSpan.FromMinutes(3);

    private static readonly byte[] PngMagic = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The pages taken from a PDF.</summary>
    /// <param name="Images">The page images written, by page number (1-based); a page that was not rendered is missing.</param>
    /// <param name="Texts">The text of each page read (index 0 is page 1); empty when the text could not be read.</param>
    /// <param name="Count">The pages taken (at most the limit).</param>
    public sealed record Pages(IReadOnlyDictionary<int, string> Images, IReadOnlyList<string> Texts, int Count);

    /// <summary>
    /// Renders <paramref name="pdf"/> into <paramref name="folder"/> as <c>page-N.png</c>; problems go to
    /// <paramref name="problems"/>. <paramref name="sandbox"/> is the hand-ins' sandbox, null for the runner's plain fallback.
    /// </summary>
    public static Pages Render(byte[] pdf, string folder, SandboxPolicy? sandbox, DiscoveryLimits limits, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(problems);
        var none = new Pages(new Dictionary<int, string>(), [], 0);
        if (!LooksLikePdf(pdf))
        {
            problems.Add("report.pdf is not a PDF (it does not start with %PDF-); it was not shown.");
            return none;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var info = SandboxedTool.Run(sandbox, [Tool("pdfinfo"), "-f", "1", "-l", Number(limits.MaxReportPages), "-"], pdf, ToolLimits.Pdf);
        if (!info.Succeeded)
        {
            problems.Add($"report.pdf could not be read (broken, encrypted or not a PDF: {Why(info)}); it was not shown.");
            return none;
        }

        var (count, sizes) = ParseInfo(Encoding.UTF8.GetString(info.Output));
        if (count == 0)
        {
            problems.Add("report.pdf has no pages; it was not shown.");
            return none;
        }

        if (count > limits.MaxReportPages)
        {
            problems.Add($"report.pdf has {Number(count)} pages; only the first {Number(limits.MaxReportPages)} are shown.");
        }

        var taken = Math.Min(count, limits.MaxReportPages);
        Directory.CreateDirectory(folder);
        var images = new SortedDictionary<int, string>();
        for (int page = 1; page <= taken; page++)
        {
            if (clock.Elapsed > TimeBudget)
            {
                problems.Add($"report.pdf took longer than {TimeBudget.TotalMinutes:0} min to render; pages {Number(page)}–{Number(taken)} are not shown.");
                break;
            }

            if (sizes.TryGetValue(page, out var size) && Math.Max(size.Width, size.Height) / 72 > MaxPageInches)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"page {page} of report.pdf is {size.Width / 72:0} × {size.Height / 72:0} in; a page larger than {MaxPageInches:0} in on a side is not rendered."));
                continue;
            }

            // pdfinfo measured the crop box, pdftoppm draws the media box (and a page may declare them far apart, or a
            // UserUnit): the image is cut at one pixel past the bound, so whatever boxes the page declares no more is
            // drawn than that, and a page drawn larger than the bound (its PNG header says so) is refused.
            var png = SandboxedTool.Run(sandbox,
                [Tool("pdftoppm"), "-png", "-r", Number(Dpi), "-x", "0", "-y", "0", "-W", Number(MaxPagePixels + 1), "-H", Number(MaxPagePixels + 1),
                    "-f", Number(page), "-l", Number(page), "-singlefile", "-"],
                pdf, ToolLimits.Pdf);
            if (!png.Succeeded || PngSize(png.Output) is not { } drawn)
            {
                problems.Add($"page {Number(page)} of report.pdf could not be rendered ({Why(png)}).");
                continue;
            }

            if (Math.Max(drawn.Width, drawn.Height) > MaxPagePixels)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"page {page} of report.pdf is drawn larger than {MaxPagePixels} px on a side ({MaxPageInches:0} in at {Dpi} dpi), whatever its page boxes say; it is not shown."));
                continue;
            }

            var name = $"page-{Number(page)}.png";
            AtomicFile.WriteAllBytes(Path.Combine(folder, name), png.Output);
            images[page] = name;
        }

        var text = SandboxedTool.Run(sandbox, [Tool("pdftotext"), "-f", "1", "-l", Number(taken), "-enc", "UTF-8", "-", "-"], pdf, ToolLimits.Pdf);
        var texts = text.Succeeded ? SourceText.Decode(text.Output, out _).Split('\f').Take(taken).ToArray() : [];
        if (!text.Succeeded)
        {
            problems.Add($"the text of report.pdf could not be read ({Why(text)}), so its pages were not matched to items by their text.");
        }

        return new Pages(images, texts, taken);
    }

    /// <summary>The width and height a PNG's header (its IHDR chunk) gives, or null when <paramref name="png"/> is not a PNG.</summary>
    public static (long Width, long Height)? PngSize(ReadOnlySpan<byte> png) =>
        png.Length >= 24 && png.StartsWith(PngMagic) && png[12..16].SequenceEqual("IHDR"u8)
            ? (System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(png[16..20]), System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(png[20..24]))
            : null;

    /// <summary>True when the first KiB holds "%PDF-" (as PDF readers accept it).</summary>
    public static bool LooksLikePdf(ReadOnlySpan<byte> bytes) => bytes[..Math.Min(bytes.Length, 1024)].IndexOf("%PDF-"u8) >= 0;

    /// <summary>The page count and the page sizes (points) of <c>pdfinfo -f 1 -l N</c>'s output.</summary>
    public static (int Count, IReadOnlyDictionary<int, (double Width, double Height)> Sizes) ParseInfo(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        int count = 0;
        var sizes = new Dictionary<int, (double, double)>();
        foreach (var line in output.Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields is ["Pages:", var n] && int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var pages))
            {
                count = pages;
            }
            else if (fields is ["Page", var p, "size:", var w, "x", var h, ..]
                && int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var page)
                && double.TryParse(w, NumberStyles.Float, CultureInfo.InvariantCulture, out var width)
                && double.TryParse(h, NumberStyles.Float, CultureInfo.InvariantCulture, out var height))
            {
                sizes[page] = (width, height);
            }
        }

        return (count, sizes);
    }

    /// <summary>The poppler program's full path (/usr/bin, where Debian installs it; the sandbox sees only /usr).</summary>
    private static string Tool(string name) => "/usr/bin/" + name;

    /// <summary>Why a run failed, in one short line: killed, or the first line of its stderr (escaped: it may quote the PDF).</summary>
    private static string Why(SandboxedTool.Outcome outcome)
    {
        if (outcome.Killed is { } killed)
        {
            return killed;
        }

        var first = outcome.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(l => !l.StartsWith("Fontconfig", StringComparison.Ordinal)) ?? "";
        first = StudentName.Escape(first.Length > 160 ? first[..160] + "…" : first, keepPathSeparators: true);
        var code = outcome.ExitCode is { } c ? $"exit code {Number(c)}" : "no exit code";
        return first.Length > 0 ? $"{first}; {code}" : code;
    }

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
