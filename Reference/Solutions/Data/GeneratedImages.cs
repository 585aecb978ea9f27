using Grader.Tensors;

namespace Grader.Reference.Data;

/// <summary>
/// A small image set in MNIST's IDX format (or CIFAR-10's binary one, in colour) for tests on machines without Debian's <c>dataset-fashion-mnist</c>: ten
/// classes of bright shapes on a dark background (class k: a bar, a box, a cross, … of a size fixed by k), each image
/// placed at a random offset with a random brightness, so images of one class differ and the classes differ more.
/// Not a stand-in for real data in any figure a student sees.
/// </summary>
public static class GeneratedImages
{
    /// <summary><paramref name="count"/> images of <paramref name="rows"/>×<paramref name="columns"/> (at least 8×8) and their labels 0–9.</summary>
    public static (ImageSet Images, byte[] Labels) Create(int count, int rows, int columns, Generator generator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (rows < 8 || columns < 8) throw new ArgumentOutOfRangeException(nameof(rows), $"Generated images need at least 8×8 pixels, got {rows}×{columns}.");
        ArgumentNullException.ThrowIfNull(generator);
        var pixels = new byte[count * rows * columns];
        var labels = new byte[count];
        for (var i = 0; i < count; i++)
        {
            var label = (int)generator.NextInt(0, 10);
            labels[i] = (byte)label;
            var brightness = 160 + (int)generator.NextInt(0, 96);
            int cy = rows / 2 + (int)generator.NextInt(-rows / 8, rows / 8 + 1);
            int cx = columns / 2 + (int)generator.NextInt(-columns / 8, columns / 8 + 1);
            int size = Math.Min(rows, columns) / 4 + label % 3;
            for (var r = 0; r < rows; r++)
                for (var c = 0; c < columns; c++)
                    if (Lit(label, r - cy, c - cx, size))
                        pixels[(i * rows + r) * columns + c] = (byte)brightness;
        }

        return (new ImageSet(count, rows, columns, pixels), labels);
    }

    /// <summary>
    /// Writes <c>train-images-idx3-ubyte.gz</c> and <c>train-labels-idx1-ubyte.gz</c> (<paramref name="count"/> images of
    /// 28×28, as Fashion-MNIST's files are named) into <paramref name="directory"/>, creating it.
    /// </summary>
    public static void WriteIdxFolder(string directory, int count, ulong seed)
    {
        System.IO.Directory.CreateDirectory(directory);
        var (images, labels) = Create(count, 28, 28, new Generator(seed));
        MnistIdx.WriteImages(Path.Combine(directory, "train-images-idx3-ubyte.gz"), images, gzip: true);
        MnistIdx.WriteLabels(Path.Combine(directory, "train-labels-idx1-ubyte.gz"), labels, gzip: true);
    }

    /// <summary>
    /// Writes <c>data_batch_1.bin</c> (CIFAR-10's binary format, <see cref="Cifar10Batches"/>): <paramref name="count"/>
    /// of the shapes at 32×32 in three channels, each class in a colour of its own (its shape's brightness split over
    /// red, green and blue by the class) on a dark background, into <paramref name="directory"/>, creating it.
    /// </summary>
    public static void WriteCifar10Folder(string directory, int count, ulong seed)
    {
        System.IO.Directory.CreateDirectory(directory);
        var (grey, labels) = Create(count, Cifar10Batches.Side, Cifar10Batches.Side, new Generator(seed));
        const int plane = Cifar10Batches.Side * Cifar10Batches.Side;
        var pixels = new byte[count * Cifar10Batches.Channels * plane];
        for (var i = 0; i < count; i++)
            for (var ch = 0; ch < Cifar10Batches.Channels; ch++)
            {
                var weight = 0.25 + 0.75 * ((labels[i] + ch * 3) % 10) / 9.0;
                for (var p = 0; p < plane; p++) pixels[(i * Cifar10Batches.Channels + ch) * plane + p] = (byte)Math.Round(grey.Pixels[i * plane + p] * weight);
            }

        Cifar10Batches.Write(Path.Combine(directory, Cifar10Batches.TrainFiles[0]), new ImageSet(count, Cifar10Batches.Side, Cifar10Batches.Side, pixels, Cifar10Batches.Channels), labels);
    }

    /// <summary>Whether the pixel at offset (dy, dx) from the centre belongs to the shape of class <paramref name="label"/>.</summary>
    private static bool Lit(int label, int dy, int dx, int size)
    {
        int ay = Math.Abs(dy), ax = Math.Abs(dx);
        return (label / 3) switch
        {
            0 => ay <= 1 && ax <= size,                                   // horizontal bar
            1 => ax <= 1 && ay <= size,                                   // vertical bar
            2 => ay <= size && ax <= size && (ay >= size - 1 || ax >= size - 1), // hollow box
            _ => (ay <= 1 && ax <= size) || (ax <= 1 && ay <= size),      // cross
        };
    }
}
