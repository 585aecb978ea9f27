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
}
