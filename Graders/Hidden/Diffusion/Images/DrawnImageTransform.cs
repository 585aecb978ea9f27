namespace Grader.Checks.Hidden.Diffusion.Images;

/// <summary>
/// The transform of the images an image training check draws for its run (issue 79 item 3, "a drawn subset or transform
/// of the images"): a <b>signed permutation of the pixels</b> drawn per run seed (<see cref="Draw"/>: each pixel of the
/// transformed image is one pixel of the original, the pixels in a uniformly drawn order, each with a drawn sign
/// x ↦ ±x in the sheet's [−1, 1]; 196!·2¹⁹⁶ transforms of a 14×14 image). The 8 symmetries of the square (turned by 0,
/// 90, 180 or 270 degrees, mirrored or not) and the global sign are the transforms without a <see cref="Scramble"/> key,
/// kept for tests and pictures. A denoiser written for the data set as published (its mean, its principal components, a
/// Wiener filter of them, a mixture over its 16 symmetric and negated copies) is a denoiser of the wrong images on every
/// draw: its prior's pixels are not the run's (docs/measurements/2026-11-29-images-deeper.md, the cheat
/// <c>images-closed-form-of-the-known-images</c>).
/// </summary>
/// <remarks>
/// <para>
/// <b>Why the draw costs a legitimate fully connected network nothing.</b> A signed permutation permutes the pixels and
/// negates some. A fully connected network's first layer draws its weights independently and symmetrically about 0, so
/// the network trained on permuted and negated pixels is, in law, the network trained on the originals with its
/// first-layer columns permuted and negated (and its last layer's rows likewise: ε is symmetric): the same losses, in
/// distribution, and Adam's step, coordinate by coordinate and odd in the gradient, is the same up to that permutation
/// and those signs. Every legitimate network for the images (Legit/images-*, dtu-*) but the U-Net is fully connected.
/// </para>
/// <para>
/// <b>What it costs a convolutional network.</b> A network that uses the images' locality (the sheet's own U-Net,
/// unet.py, <c>Legit/images-unet</c>) sees pixels whose neighbours are scattered: the draw takes away the prior a
/// convolution brings, and what is left is a network that learns ε̂ as any other function of the 196 pixels. It still
/// learns fast (PyTorch, the check's images, 400 steps at T = 5: 0.265 under a drawn signed permutation against 0.170
/// on the images as published, where ddpm.py's fully connected network is at 0.35 either way); its 1,000-step losses
/// and the check's verdict on it are in docs/measurements/2026-11-29-images-unet.md. <b>Why not a transform that keeps
/// locality.</b> Until issue 79, the draw was one of the 16 symmetries and signs, which a convolution maps to another;
/// but a closed form of the published images mixes over 16 copies as easily (held-out loss ≈ 0.09 against the
/// reference's ≈ 0.20). A family that keeps locality leaves a closed form of what it keeps: blocks of 7×7 rearranged
/// with a drawn symmetry and sign each (4!·16⁴ draws) are beaten by a mixture per block over the published images'
/// blocks (0.106 at T = 100, 0.118 at T = 5), and any family that keeps neighbourhoods by a denoiser of a stationary
/// prior (the published images' covariance averaged over positions, symmetries and signs, on 7×7 windows: 0.132 and
/// 0.152; PyTorch, float64, seed 1's draw, 1,000 held-out images), which needs to know nothing the draw hides: that
/// prior is the one a convolution brings, so no such family hides the images from a closed form and not from a U-Net.
/// </para>
/// </remarks>
/// <param name="Symmetry">0 … 7: bit 0 mirrors the columns, bit 1 mirrors the rows, bit 2 transposes (rows and columns of a square image).</param>
/// <param name="Negated">Whether the pixels are negated.</param>
/// <param name="Scramble">0: the symmetry and sign alone; otherwise the key of a drawn order of the pixels and a sign per pixel, applied after them.</param>
public sealed record DrawnImageTransform(int Symmetry, bool Negated, ulong Scramble = 0)
{
    /// <summary>The transform that leaves the images as they are.</summary>
    public static readonly DrawnImageTransform Identity = new(0, false);

    /// <summary>A signed permutation of the pixels, uniformly, keyed by a draw of <paramref name="generator"/> (never 0).</summary>
    public static DrawnImageTransform Draw(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return new(0, false, generator.NextUInt64() | 1UL);
    }

    /// <summary>"turned and mirrored, negated": for the tutor's detail.</summary>
    public string Describe() =>
        Scramble != 0 ? $"pixels in a drawn order with drawn signs (key {Scramble:x16})"
        : Symmetry == 0 && !Negated ? "as published"
            : string.Join(", ", new[]
            {
                (Symmetry & 4) != 0 ? "transposed" : null,
                (Symmetry & 2) != 0 ? "rows mirrored" : null,
                (Symmetry & 1) != 0 ? "columns mirrored" : null,
                Negated ? "negated" : null,
            }.OfType<string>());

    /// <summary>The transformed images: <paramref name="images"/> [N, rows·columns] (rows = columns unless the symmetry keeps the axes), flattened row by row.</summary>
    public Tensor Apply(Tensor images, int rows, int columns)
    {
        var (source, signs) = Pixels(rows, columns);
        Check(images, source.Length);
        return images.index_select(1, source) * tensor(signs, 1, signs.Length);
    }

    /// <summary>The images back as the data set shows them: the inverse of <see cref="Apply"/>.</summary>
    public Tensor Undo(Tensor images, int rows, int columns)
    {
        var (source, signs) = Pixels(rows, columns);
        Check(images, source.Length);
        return (images * tensor(signs, 1, signs.Length)).index_select(1, Inverse(source));
    }

    private static void Check(Tensor images, int pixels)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.size(1) != pixels) throw new ArgumentException($"expected images of {pixels} pixels, got {images.size(1)}", nameof(images));
    }

    /// <summary>For each pixel of the transformed image, the pixel of the original it comes from and its sign (±1).</summary>
    private (int[] Source, float[] Signs) Pixels(int rows, int columns)
    {
        var source = Source(rows, columns);
        var signs = Enumerable.Repeat(Negated ? -1f : 1f, source.Length).ToArray();
        if (Scramble == 0) return (source, signs);
        var generator = new Generator(Scramble);
        var order = generator.Permutation(source.Length);
        var scrambled = order.Select(k => source[k]).ToArray();
        for (var k = 0; k < signs.Length; k++) signs[k] *= generator.NextInt(0, 2) == 0 ? 1f : -1f;
        return (scrambled, signs);
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
