namespace Grader.Checks.Hidden.Diffusion.Images;

/// <summary>
/// The transform of the images an image training check draws for its run (issue 79 item 3, "a drawn subset or transform
/// of the images"): one of the 8 symmetries of the square (turned by 0, 90, 180 or 270 degrees, then mirrored or not) and
/// a sign (the images as they are, or negated: x ↦ −x in the sheet's [−1, 1], so white on black becomes black on
/// white), 16 transforms, drawn per run seed. A denoiser written for the data set as published (its mean, its principal
/// components, a Wiener filter of them) is a denoiser of the wrong images on 15 of 16 draws.
/// </summary>
/// <remarks>
/// <b>Why these cost a legitimate network nothing.</b> A symmetry of the square permutes the pixels, and the sign negates
/// them. A fully connected network's first layer draws its weights independently and symmetrically about 0, so the
/// network trained on permuted or negated pixels is, in law, the network trained on the originals with its first-layer
/// columns permuted or negated (and, for the sign, its last layer negated: ε is symmetric): the same losses, in
/// distribution, and Adam's step is the same up to that permutation and those signs. A convolutional network (the U-Net
/// the sheet offers) draws its kernels the same way, and a symmetry of the square maps a 3×3 kernel to another.
/// </remarks>
/// <param name="Symmetry">0 … 7: bit 0 mirrors the columns, bit 1 mirrors the rows, bit 2 transposes (rows and columns of a square image).</param>
/// <param name="Negated">Whether the pixels are negated.</param>
public sealed record DrawnImageTransform(int Symmetry, bool Negated)
{
    /// <summary>The transform that leaves the images as they are.</summary>
    public static readonly DrawnImageTransform Identity = new(0, false);

    /// <summary>One of the 16 transforms, uniformly, with <paramref name="generator"/>.</summary>
    public static DrawnImageTransform Draw(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var k = (int)generator.NextInt(0, 16);
        return new(k & 7, (k & 8) != 0);
    }

    /// <summary>"turned and mirrored, negated": for the tutor's detail.</summary>
    public string Describe() =>
        Symmetry == 0 && !Negated ? "as published"
            : string.Join(", ", new[]
            {
                (Symmetry & 4) != 0 ? "transposed" : null,
                (Symmetry & 2) != 0 ? "rows mirrored" : null,
                (Symmetry & 1) != 0 ? "columns mirrored" : null,
                Negated ? "negated" : null,
            }.OfType<string>());

    /// <summary>The transformed images: <paramref name="images"/> [N, rows·columns] (rows = columns unless the symmetry keeps the axes), flattened row by row.</summary>
    public Tensor Apply(Tensor images, int rows, int columns) => Map(images, Source(rows, columns));

    /// <summary>The images back as the data set shows them: the inverse of <see cref="Apply"/>.</summary>
    public Tensor Undo(Tensor images, int rows, int columns) => Map(images, Inverse(Source(rows, columns)));

    private Tensor Map(Tensor images, int[] source)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.size(1) != source.Length) throw new ArgumentException($"expected images of {source.Length} pixels, got {images.size(1)}", nameof(images));
        var moved = Symmetry == 0 ? images : images.index_select(1, source);
        return Negated ? moved.neg() : moved;
    }

    /// <summary>For each pixel of the transformed image, the pixel of the original it comes from.</summary>
    private int[] Source(int rows, int columns)
    {
        var transpose = (Symmetry & 4) != 0;
        if (transpose && rows != columns) throw new ArgumentException($"a transposing symmetry needs square images, not {rows}×{columns}");
        var source = new int[rows * columns];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
            {
                var (i, j) = ((Symmetry & 2) != 0 ? rows - 1 - r : r, (Symmetry & 1) != 0 ? columns - 1 - c : c);
                if (transpose) (i, j) = (j, i);
                source[r * columns + c] = i * columns + j;
            }

        return source;
    }

    private static int[] Inverse(int[] source)
    {
        var inverse = new int[source.Length];
        for (var k = 0; k < source.Length; k++) inverse[source[k]] = k;
        return inverse;
    }
}
