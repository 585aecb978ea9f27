namespace Grader.Reference.Data;

/// <summary>
/// Images read from an IDX file: <see cref="Count"/> images of <see cref="Rows"/>×<see cref="Columns"/> unsigned
/// bytes, stored image after image, row-major (MNIST: 28×28, 0 = background).
/// </summary>
public sealed record MnistImages(int Count, int Rows, int Columns, byte[] Pixels)
{
    public int PixelsPerImage => Rows * Columns;

    /// <summary>The pixel (row, column) of image <paramref name="index"/>.</summary>
    public byte this[int index, int row, int column] => Pixels[(index * Rows + row) * Columns + column];

    /// <summary>Checks that <see cref="Pixels"/> holds exactly Count·Rows·Columns bytes.</summary>
    public MnistImages Validate()
    {
        if (Count < 0 || Rows < 0 || Columns < 0 || (long)Count * Rows * Columns != Pixels.Length)
            throw new ArgumentException($"MnistImages: {Count}×{Rows}×{Columns} images need {(long)Count * Rows * Columns} bytes, got {Pixels.Length}");
        return this;
    }

    /// <summary>
    /// Each image shrunk by <paramref name="factor"/> in both directions, every output pixel the rounded mean of a
    /// factor×factor block (28×28 → 14×14 with 2), so the image tasks can run at a resolution the CPU budget allows.
    /// </summary>
    public MnistImages Pooled(int factor)
    {
        Validate();
        if (factor < 1 || Rows % factor != 0 || Columns % factor != 0)
            throw new ArgumentOutOfRangeException(nameof(factor), $"Pooling {Rows}×{Columns} images needs a factor ≥ 1 that divides both sides, got {factor}.");
        int rows = Rows / factor, columns = Columns / factor, block = factor * factor;
        var pixels = new byte[Count * rows * columns];
        for (var i = 0; i < Count; i++)
            for (var r = 0; r < rows; r++)
                for (var c = 0; c < columns; c++)
                {
                    var sum = 0;
                    for (var dr = 0; dr < factor; dr++)
                        for (var dc = 0; dc < factor; dc++) sum += this[i, r * factor + dr, c * factor + dc];
                    pixels[(i * rows + r) * columns + c] = (byte)((sum + block / 2) / block);
                }

        return new MnistImages(Count, rows, columns, pixels);
    }

    /// <summary>The images at <paramref name="indices"/>, in that order.</summary>
    public MnistImages Select(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var pixels = new byte[indices.Count * PixelsPerImage];
        for (var k = 0; k < indices.Count; k++)
        {
            if ((uint)indices[k] >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(indices), $"Image {indices[k]} of {Count}.");
            Array.Copy(Pixels, (long)indices[k] * PixelsPerImage, pixels, (long)k * PixelsPerImage, PixelsPerImage);
        }

        return new MnistImages(indices.Count, Rows, Columns, pixels);
    }
}
