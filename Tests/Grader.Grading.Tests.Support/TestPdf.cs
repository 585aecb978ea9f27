using System.Text;

namespace Grader.Grading.Tests.Support;

/// <summary>
/// Minimal valid PDFs written by hand for the tests (PDF 1.4: a catalog, a page tree, the base-14 Helvetica, one
/// content stream per page with one line of text, a correct cross-reference table), so no PDF tool is needed to make them.
/// </summary>
internal static class TestPdf
{
    /// <summary>
    /// A PDF with one page per text (a text's lines are the page's lines), each page <paramref name="width"/> ×
    /// <paramref name="height"/> points (US letter by default), or with the page boxes <paramref name="boxes"/> instead
    /// (e.g. a media box far larger than the crop box: what a page declares and what a renderer draws apart).
    /// </summary>
    public static byte[] Pages(IReadOnlyList<string> texts, double width = 612, double height = 792, string? boxes = null)
    {
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            $"<< /Type /Pages /Kids [{string.Join(' ', texts.Select((_, i) => $"{4 + (2 * i)} 0 R"))}] /Count {texts.Count} >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        for (int i = 0; i < texts.Count; i++)
        {
            var content = $"BT /F1 14 Tf 72 700 Td {string.Join(" 0 -18 Td ", texts[i].Split('\n').Select(line => $"({Escape(line)}) Tj"))} ET";
            objects.Add(string.Create(CultureInfo.InvariantCulture,
                $"<< /Type /Page /Parent 2 0 R {boxes ?? $"/MediaBox [0 0 {width} {height}]"} /Resources << /Font << /F1 3 0 R >> >> /Contents {5 + (2 * i)} 0 R >>"));
            objects.Add($"<< /Length {Encoding.ASCII.GetByteCount(content)} >>\nstream\n{content}\nendstream");
        }

        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (int i = 0; i < objects.Count; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(offset.ToString("D10", CultureInfo.InvariantCulture)).Append(" 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>
    /// A one-page PDF whose crop box (what pdfinfo measures) is US letter and whose media box (what pdftoppm draws) is
    /// 10000 pt square: 11,112 × 11,112 pixels at 80 dpi if drawn, where the bound is 4000 (issue 67).
    /// </summary>
    public static byte[] LyingBoxes(string text) => Pages([text], boxes: "/MediaBox [0 0 10000 10000] /CropBox [0 0 612 792]");

    /// <summary>True when poppler-utils is installed (the PDF tests are ignored otherwise, or fail when it is required).</summary>
    public static void RequirePoppler()
    {
        if (!new[] { "pdfinfo", "pdftoppm", "pdftotext" }.All(t => File.Exists("/usr/bin/" + t)))
        {
            if (Environment.GetEnvironmentVariable("GRADER_REQUIRE_SANDBOX") == "1")
            {
                Assert.Fail("poppler-utils is not installed (GRADER_REQUIRE_SANDBOX=1); .ci/run installs it");
            }

            Assert.Ignore("poppler-utils is not installed (apt-get install poppler-utils)");
        }
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal);
}
