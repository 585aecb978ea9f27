namespace Grader.Reference.Data;

/// <summary>
/// CIFAR-10's binary version (<c>cifar-10-binary.tar.gz</c>, the folder <c>cifar-10-batches-bin</c>): the training
/// images in <c>data_batch_1.bin</c> … <c>data_batch_5.bin</c> and the test images in <c>test_batch.bin</c>, each a
/// sequence of 10,000 records of 3,073 bytes: the label (0 … 9), then the 1,024 red, 1,024 green and 1,024 blue
/// pixels of a 32×32 image, row-major. Read as an <see cref="ImageSet"/> of three channels ([N, 3, 32, 32]).
/// </summary>
public static class Cifar10Batches
{
    public const int Side = 32;

    public const int Channels = 3;

    /// <summary>One record: the label byte and the three planes.</summary>
    public const int RecordBytes = 1 + Channels * Side * Side;

    /// <summary>The training batches, in the order they are read.</summary>
    public static readonly string[] TrainFiles = ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];

    public const string TestFile = "test_batch.bin";

    /// <summary>The first <paramref name="maxCount"/> images of <paramref name="files"/> read in order (every image when not given), with their labels.</summary>
    /// <exception cref="InvalidDataException">A file whose length is not a whole number of records, or a label above 9, named with the file.</exception>
    public static (ImageSet Images, byte[] Labels) Read(IReadOnlyList<string> files, int maxCount = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        var pixels = new List<byte[]>();
        var labels = new List<byte>();
        foreach (var file in files)
        {
            if (labels.Count >= maxCount) break;
            var length = new FileInfo(file).Length;
            if (length == 0 || length % RecordBytes != 0)
                throw new InvalidDataException($"{file}: {length} bytes is not a whole number of CIFAR-10 records of {RecordBytes} bytes (a label and 3×32×32 pixels).");
            var take = (int)Math.Min(length / RecordBytes, maxCount - labels.Count);
            var bytes = new byte[take * RecordBytes];
            using (var stream = File.OpenRead(file)) stream.ReadExactly(bytes);
            for (var k = 0; k < take; k++)
            {
                var label = bytes[k * RecordBytes];
                if (label > 9) throw new InvalidDataException($"{file}: record {k} has label {label}; CIFAR-10's labels are 0 … 9 (is this CIFAR-100's binary file?).");
                labels.Add(label);
                pixels.Add(bytes.AsSpan(k * RecordBytes + 1, RecordBytes - 1).ToArray());
            }
        }

        var all = new byte[pixels.Count * (RecordBytes - 1)];
        for (var k = 0; k < pixels.Count; k++) pixels[k].CopyTo(all, k * (RecordBytes - 1));
        return (new ImageSet(labels.Count, Side, Side, all, Channels).Validate(), labels.ToArray());
    }

    /// <summary>Writes <paramref name="images"/> (three channels of 32×32) with <paramref name="labels"/> as one binary batch.</summary>
    public static void Write(string path, ImageSet images, byte[] labels)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (images.Validate().Channels != Channels || images.Rows != Side || images.Columns != Side || labels.Length != images.Count)
            throw new ArgumentException($"A CIFAR-10 batch holds {Channels}×{Side}×{Side} images with one label each; got {images.Count} images of {images.Channels}×{images.Rows}×{images.Columns} and {labels.Length} labels.");
        using var stream = File.Create(path);
        for (var k = 0; k < images.Count; k++)
        {
            stream.WriteByte(labels[k]);
            stream.Write(images.Pixels, k * images.PixelsPerImage, images.PixelsPerImage);
        }
    }
}
