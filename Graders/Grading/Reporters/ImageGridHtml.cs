using Grader.Figures;

namespace Grader.Grading.Reporters;

/// <summary>
/// Draws a check's <see cref="ImageGrid"/> as HTML for inlining in <c>feedback.html</c>: a table with one row per
/// <see cref="ImageRow"/> (its label, then its images), each image an inline PNG data URI (no external resource)
/// scaled up by a whole factor with crisp pixels, its caption under it. Marked pixels are drawn in colour and counted
/// under the grid: below 0 blue, above 1 red, not finite magenta.
/// </summary>
public static class ImageGridHtml
{
    /// <summary>The longest side of a drawn image in CSS pixels (an image is scaled by the largest whole factor within it, at least 1).</summary>
    public const int DisplaySide = 64;

    private static readonly Rgb BelowColor = new(0x1f, 0x5f, 0xd0);
    private static readonly Rgb AboveColor = new(0xd6, 0x27, 0x28);
    private static readonly Rgb NotFiniteColor = new(0xe0, 0x20, 0xe0);

    /// <summary>The whole factor each image of <paramref name="grid"/> is drawn at.</summary>
    public static int Scale(ImageGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        return Math.Max(1, DisplaySide / Math.Max(grid.Height, grid.Width));
    }

    /// <summary>The figure (a <c>figure</c> element with the title as caption); a grid that is not <see cref="ImageGrid.IsDrawable"/> gives a one-line note.</summary>
    public static string Render(ImageGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var html = new StringBuilder();
        html.Append("<figure class=\"images\" role=\"group\" aria-label=\"").Append(Html.Escape(grid.Title)).Append("\">\n")
            .Append("<figcaption>").Append(Html.Escape(grid.Title)).Append("</figcaption>\n");
        if (!grid.IsDrawable())
        {
            return html.Append("<p class=\"note\">These images could not be drawn: the grid is larger than the feedback allows or its images are not all of one size.</p>\n</figure>\n").ToString();
        }

        var scale = Scale(grid);
        string w = (grid.Width * scale).ToString(CultureInfo.InvariantCulture), h = (grid.Height * scale).ToString(CultureInfo.InvariantCulture);
        html.Append("<table class=\"image-grid\">\n<tbody>\n");
        foreach (var row in grid.Rows)
        {
            html.Append("<tr><th scope=\"row\">").Append(Html.Escape(row.Label)).Append("</th>");
            foreach (var image in row.Images)
            {
                var alt = image.Caption is null ? row.Label : $"{row.Label}, {image.Caption}";
                html.Append("<td><img src=\"data:image/png;base64,").Append(Convert.ToBase64String(Png(grid, image)))
                    .Append("\" width=\"").Append(w).Append("\" height=\"").Append(h).Append("\" alt=\"").Append(Html.Escape(alt)).Append("\">");
                if (image.Caption is not null)
                {
                    html.Append("<span class=\"caption\">").Append(Html.Escape(image.Caption)).Append("</span>");
                }

                html.Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
        var (marks, omitted) = Notes(grid);
        if (marks is not null)
        {
            html.Append("<p class=\"note marks\">").Append(marks).Append("</p>\n");
        }

        if (omitted is not null)
        {
            html.Append("<p class=\"note\">").Append(omitted).Append("</p>\n");
        }

        return html.Append("</figure>\n").ToString();
    }

    /// <summary>
    /// What a drawing of <paramref name="grid"/> says under it (plain text, to be escaped by the page): the marked pixels
    /// and their colours ("Pixels outside [0, 1]: 3 below 0 in blue.") and the images left out, each null when there are none.
    /// </summary>
    public static (string? Marks, string? Omitted) Notes(ImageGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        long below = 0, above = 0, notFinite = 0;
        foreach (var code in grid.Rows.SelectMany(r => r.Images).SelectMany(i => i.Levels))
        {
            if (code == GridImage.Below) below++;
            else if (code == GridImage.Above) above++;
            else if (code > GridImage.White) notFinite++;
        }

        var notes = new List<string>();
        if (below > 0) notes.Add($"{Count(below)} below 0 in blue");
        if (above > 0) notes.Add($"{Count(above)} above 1 in red");
        if (notFinite > 0) notes.Add($"{Count(notFinite)} not a number (NaN or ±∞) in magenta");
        return (notes.Count > 0 ? $"Pixels outside [0, 1]: {string.Join("; ", notes)}." : null,
            grid.Omitted > 0 ? $"{Count(grid.Omitted)} more images are left out to keep the page small." : null);
    }

    /// <summary>One image as an RGBA PNG: grey levels, marked pixels in their colours.</summary>
    public static byte[] Png(ImageGrid grid, GridImage image)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(image);
        var rgba = new byte[image.Levels.Length * 4];
        for (var i = 0; i < image.Levels.Length; i++)
        {
            var code = image.Levels[i];
            var c = code switch
            {
                <= GridImage.White => Grey(code),
                GridImage.Below => BelowColor,
                GridImage.Above => AboveColor,
                _ => NotFiniteColor,
            };
            rgba[4 * i] = c.R;
            rgba[4 * i + 1] = c.G;
            rgba[4 * i + 2] = c.B;
            rgba[4 * i + 3] = 255;
        }

        return PngEncoder.Encode(grid.Width, grid.Height, rgba);
    }

    private static Rgb Grey(byte code)
    {
        var v = (byte)Math.Round(code * 255.0 / GridImage.White);
        return new Rgb(v, v, v);
    }

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
