namespace Grader.Checks.Results;

/// <summary>
/// One grey-scale image of an <see cref="ImageGrid"/>, one byte per pixel (row-major), so a grid crosses the worker
/// boundary and sits in a record as a short base64 string. A byte is a grey level 0 … <see cref="White"/> (black …
/// white) or a mark the reporters draw in colour: <see cref="Below"/>, <see cref="Above"/>, <see cref="NotFinite"/>.
/// </summary>
/// <param name="Caption">Under the image ("t = 50"); null for none.</param>
/// <param name="Levels">Height × width codes, row-major.</param>
public sealed record GridImage(string? Caption, byte[] Levels)
{
    /// <summary>The code of white (1.0); 0 is black.</summary>
    public const byte White = 250;

    /// <summary>A pixel below 0 by more than <see cref="Slack"/>.</summary>
    public const byte Below = 251;

    /// <summary>A pixel above 1 by more than <see cref="Slack"/>.</summary>
    public const byte Above = 252;

    /// <summary>A pixel that is NaN or ±∞.</summary>
    public const byte NotFinite = 253;

    /// <summary>
    /// How far outside [0, 1] a pixel may lie and still be drawn clamped, unmarked: 0.01, about 2.5 grey levels (the
    /// data's brightest pixels reach 1 + 1/255 after the sheet's transform and back, which is no fault).
    /// </summary>
    public const double Slack = 0.01;

    /// <summary>The code of one pixel value (nominally in [0, 1]).</summary>
    public static byte Code(double value) =>
        !double.IsFinite(value) ? NotFinite
        : value < -Slack ? Below
        : value > 1 + Slack ? Above
        : (byte)Math.Round(Math.Clamp(value, 0, 1) * White);

    /// <summary>The image of <paramref name="count"/> pixel values of <paramref name="pixels"/> from <paramref name="start"/>.</summary>
    public static GridImage Of(string? caption, IReadOnlyList<double> pixels, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        var levels = new byte[count];
        for (var i = 0; i < count; i++) levels[i] = Code(pixels[start + i]);
        return new GridImage(caption, levels);
    }
}
