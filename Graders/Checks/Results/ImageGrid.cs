namespace Grader.Checks.Results;

/// <summary>
/// A figure of grey-scale images a check attaches to its result for the feedback, beside its <see cref="Plot"/>s (the
/// hand-in's samples beside the reference's, the frames of a denoising trajectory, an interpolation row). Rows of
/// labelled images of one size, pixels in [0, 1]; a value outside it or not finite is kept as a mark
/// (<see cref="GridImage"/>), never an error. A grid is small: at most <see cref="MaxImages"/> images,
/// <see cref="MaxPixels"/> pixels, sides of at most <see cref="MaxSide"/> (the builder drops what is beyond, the worker
/// drops larger grids), so no hand-in can make the feedback large.
/// </summary>
/// <param name="Title">What the grid shows, in the sheet's words.</param>
/// <param name="Height">Rows of pixels of every image.</param>
/// <param name="Width">Columns of pixels of every image.</param>
/// <param name="Rows">The rows, top to bottom.</param>
/// <param name="Omitted">Images the builder left out to stay within the caps.</param>
public sealed record ImageGrid(string Title, int Height, int Width, IReadOnlyList<ImageRow> Rows, int Omitted = 0)
{
    /// <summary>The most images a grid may carry over all its rows.</summary>
    public const int MaxImages = 64;

    /// <summary>The most pixels a grid may carry over all its images (64 images of 32 × 32).</summary>
    public const int MaxPixels = 65_536;

    /// <summary>The longest side of an image.</summary>
    public const int MaxSide = 64;

    /// <summary>Images over all rows.</summary>
    public int ImageCount => Rows.Sum(r => r.Images.Count);

    /// <summary>
    /// The grid of <paramref name="rows"/>, each a label, its pixel values (whole images of <paramref name="height"/> ×
    /// <paramref name="width"/>, row-major, one after the other, nominally in [0, 1]) and optional captions (one per
    /// image). Images beyond <see cref="MaxImages"/> or <see cref="MaxPixels"/> are left out (counted in
    /// <see cref="Omitted"/>), and so is a trailing part image. One call from a check:
    /// <c>result with { Images = [ImageGrid.Of(title, 28, 28, ("your samples", mine, null), ("reference", theirs, null))] }</c>.
    /// </summary>
    public static ImageGrid Of(string title, int height, int width, params IEnumerable<(string Label, IReadOnlyList<double> Pixels, IReadOnlyList<string>? Captions)> rows)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, MaxSide);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, MaxSide);
        var size = height * width;
        var budget = Math.Min(MaxImages, MaxPixels / size);
        var kept = new List<ImageRow>();
        var omitted = 0;
        foreach (var (label, pixels, captions) in rows)
        {
            ArgumentNullException.ThrowIfNull(pixels);
            var count = pixels.Count / size;
            var take = Math.Min(count, budget);
            omitted += count - take;
            budget -= take;
            if (take == 0) continue;
            var images = new GridImage[take];
            for (var i = 0; i < take; i++) images[i] = GridImage.Of(captions is not null && i < captions.Count ? captions[i] : null, pixels, i * size, size);
            kept.Add(new ImageRow(label, images));
        }

        return new ImageGrid(title, height, width, kept, omitted);
    }

    /// <summary>
    /// Whether this grid is within the caps and consistent (every image of Height × Width codes), as the worker
    /// requires before it keeps a grid from a check.
    /// </summary>
    public bool IsDrawable() =>
        Title is not null && Rows is not null
        && Height is >= 1 and <= MaxSide && Width is >= 1 and <= MaxSide
        && Rows.All(r => r is { Label: not null, Images: not null } && r.Images.All(i => i is { Levels: not null } && i.Levels.Length == Height * Width))
        && ImageCount <= MaxImages && (long)ImageCount * Height * Width <= MaxPixels;
}
