namespace Grader.Reference.Data;

/// <summary>
/// A set of images as a data file holds them: <see cref="Count"/> images of <see cref="Channels"/> planes of
/// <see cref="Rows"/>×<see cref="Columns"/> unsigned bytes, stored image after image, channel after channel, row-major
/// ([N, C, H, W]; MNIST and Fashion-MNIST: one channel of 28×28, 0 = background; CIFAR-10: red, green, blue of 32×32).
/// </summary>
public sealed record ImageSet(int Count, int Rows, int Columns, byte[] Pixels, int Channels = 1)
{
    public int PixelsPerImage => Channels * Rows * Columns;

    /// <summary>The pixel (row, column) of image <paramref name="index"/>'s first channel (a one-channel set's only one).</summary>
    public byte this[int index, int row, int column] => this[index, 0, row, column];

    /// <summary>The pixel (row, column) of channel <paramref name="channel"/> of image <paramref name="index"/>.</summary>
    public byte this[int index, int channel, int row, int column] => Pixels[((index * Channels + channel) * Rows + row) * Columns + column];

    /// <summary>Checks that <see cref="Pixels"/> holds exactly Count·Channels·Rows·Columns bytes.</summary>
    public ImageSet Validate()
    {
        if (Count < 0 || Channels < 1 || Rows < 0 || Columns < 0 || (long)Count * Channels * Rows * Columns != Pixels.Length)
            throw new ArgumentException($"ImageSet: {Count} images of {Channels}×{Rows}×{Columns} need {(long)Count * Channels * Rows * Columns} bytes, got {Pixels.Length}");
        return this;
    }

    /// <summary>
    /// Each image shrunk by <paramref name="factor"/> in both directions, every output pixel the rounded mean of a
    /// factor×factor block of its channel (28×28 → 14×14 with 2), so the image tasks can run at a resolution the CPU
    /// budget allows.
    /// </summary>
    public ImageSet Pooled(int factor)
    {
        Validate();
        if (factor < 1 || Rows % factor != 0 || Columns % factor != 0)
            throw new ArgumentOutOfRangeException(nameof(factor), $"Pooling {Rows}×{Columns} images needs a factor ≥ 1 that divides both sides, got {factor}.");
        int rows = Rows / factor, columns = Columns / factor, block = factor * factor;
        var pixels = new byte[Count * Channels * rows * columns];
        for (var i = 0; i < Count; i++)
            for (var ch = 0; ch < Channels; ch++)
                for (var r = 0; r < rows; r++)
                    for (var c = 0; c < columns; c++)
                    {
                        var sum = 0;
                        for (var dr = 0; dr < factor; dr++)
                            for (var dc = 0; dc < factor; dc++) sum += this[i, ch, r * factor + dr, c * factor + dc];
                        pixels[((i * Channels + ch) * rows + r) * columns + c] = (byte)((sum + block / 2) / block);
                    }

        return new ImageSet(Count, rows, columns, pixels, Channels);
    }

    /// <summary>The images at <paramref name="indices"/>, in that order.</summary>
    public ImageSet Select(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var pixels = new byte[indices.Count * PixelsPerImage];
        for (var k = 0; k < indices.Count; k++)
        {
            if ((uint)indices[k] >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(indices), $"Image {indices[k]} of {Count}.");
            Array.Copy(Pixels, (long)indices[k] * PixelsPerImage, pixels, (long)k * PixelsPerImage, PixelsPerImage);
        }

        return new ImageSet(indices.Count, Rows, Columns, pixels, Channels);
    }
}
