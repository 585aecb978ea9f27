using Grader.Figures;

namespace Grader.Grading.Reporters;

/// <summary>
/// Draws a check's <see cref="ImageGrid"/> as one SVG document, for a page that shows it as an image of its own (the
/// student's sheet page, issue 82) where <see cref="ImageGridHtml"/> inlines it in <c>feedback.html</c>: each row's label
/// on a line of its own, then its images (at most <see cref="Columns"/> a line, each the PNG of
/// <see cref="ImageGridHtml.Png"/> as a data URI, scaled by <see cref="ImageGridHtml.Scale"/> with crisp pixels), each
/// caption under its image. The document has a view box, so a page scales it down to a phone's width. Every text is
/// escaped; a long label or caption is cut to the space it has (the page's <c>alt</c> text carries them whole).
/// </summary>
public static class ImageGridSvg
{
    /// <summary>The most images on one line of a row (more wrap to the next line).</summary>
    public const int Columns = 8;

    private const int Gap = 6, LabelLine = 18, CaptionLine = 14;

    /// <summary>The SVG document of <paramref name="grid"/> (with its namespace), or null when the grid is not <see cref="ImageGrid.IsDrawable"/>.</summary>
    public static string? Render(ImageGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (!grid.IsDrawable() || grid.ImageCount == 0)
        {
            return null;
        }

        var scale = ImageGridHtml.Scale(grid);
        int w = grid.Width * scale, h = grid.Height * scale;
        var columns = Math.Min(Columns, grid.Rows.Max(r => r.Images.Count));
        var width = Math.Max(160, Gap + (columns * (w + Gap)));
        var body = new StringBuilder();
        var y = 0;
        foreach (var row in grid.Rows)
        {
            body.Append(CultureInfo.InvariantCulture, $"<text x=\"{Gap}\" y=\"{y + LabelLine - 5}\" class=\"label\">{Html.Escape(Fit(row.Label, width - (2 * Gap), 7))}</text>\n");
            y += LabelLine;
            var captions = row.Images.Any(i => i.Caption is { Length: > 0 });
            for (var first = 0; first < row.Images.Count; first += Columns)
            {
                for (var k = first; k < Math.Min(row.Images.Count, first + Columns); k++)
                {
                    var image = row.Images[k];
                    var x = Gap + ((k - first) * (w + Gap));
                    body.Append(CultureInfo.InvariantCulture, $"<image x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" href=\"data:image/png;base64,{Convert.ToBase64String(ImageGridHtml.Png(grid, image))}\"/>\n");
                    if (image.Caption is { Length: > 0 } caption)
                    {
                        body.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (w / 2)}\" y=\"{y + h + CaptionLine - 3}\" class=\"caption\">{Html.Escape(Fit(caption, w + Gap, 6))}</text>\n");
                    }
                }

                y += h + (captions ? CaptionLine : 0) + Gap;
            }
        }

        return $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{y}" viewBox="0 0 {width} {y}" font-family="system-ui, sans-serif">
            <style>image {"{"} image-rendering: pixelated; {"}"} .label {"{"} font-size: 12px; fill: #1b1b1b; {"}"} .caption {"{"} font-size: 10px; fill: #444; text-anchor: middle; {"}"}</style>
            <rect width="100%" height="100%" fill="#fff"/>
            {body}</svg>
            """;
    }

    /// <summary><paramref name="text"/> cut with "…" to about <paramref name="pixels"/> at <paramref name="perChar"/> pixels a character.</summary>
    private static string Fit(string text, int pixels, int perChar)
    {
        var most = Math.Max(1, pixels / perChar);
        return text.Length <= most ? text : string.Concat(text.AsSpan(0, Math.Max(0, most - 1)), "…");
    }
}
