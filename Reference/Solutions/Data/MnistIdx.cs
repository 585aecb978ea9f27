using System.Buffers.Binary;
using System.IO.Compression;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Data;

/// <summary>
/// Reads and writes MNIST's IDX files (http://yann.lecun.com/exdb/mnist/): a 4-byte big-endian magic
/// 0x000008NN (0x08 = unsigned bytes, NN = number of dims), NN big-endian int32 dims, then the bytes.
/// Images are 0x00000803 [count, rows, cols]; labels 0x00000801 [count]. A file may be gzipped (detected by its
/// 0x1F 0x8B header, whatever its name). And the DTU week-3 pixel transform (ex. 3.5): x/255 + U(0,1)/255, then
/// (x − 0.5)·2, flattened to rows·cols; back to [0, 1] for display by y/2 + 0.5.
/// </summary>
public static class MnistIdx
{
    public const int ImagesMagic = 0x00000803;
    public const int LabelsMagic = 0x00000801;

    /// <summary>Images from an IDX3 file (raw or .gz). Throws FileNotFoundException or InvalidDataException with the reason.</summary>
    public static ImageSet ReadImages(string path)
    {
        var (bytes, dims) = Read(path, ImagesMagic, "images");
        return new ImageSet(dims[0], dims[1], dims[2], bytes).Validate();
    }

    /// <summary>
    /// The first <paramref name="maxCount"/> images of an IDX3 file (raw or .gz), reading no further than they go (a
    /// gzipped file is decompressed only that far): 10,000 of Fashion-MNIST's 60,000 in a sixth of the time.
    /// </summary>
    public static ImageSet ReadImages(string path, int maxCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        if (!File.Exists(path)) return ReadImages(path);
        using var file = File.OpenRead(path);
        var gzipped = file.ReadByte() == 0x1F && file.ReadByte() == 0x8B;
        file.Position = 0;
        using Stream s = gzipped ? new GZipStream(file, CompressionMode.Decompress) : file;
        var header = new byte[16];
        try
        {
            s.ReadExactly(header);
            int found = BinaryPrimitives.ReadInt32BigEndian(header);
            if (found != ImagesMagic) return ReadImages(path);
            int count = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)), rows = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(8)), columns = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(12));
            if (count < 0 || rows < 0 || columns < 0 || (long)Math.Min(count, maxCount) * rows * columns > Array.MaxLength) return ReadImages(path);
            var take = Math.Min(count, maxCount);
            var pixels = new byte[take * rows * columns];
            s.ReadExactly(pixels);
            return new ImageSet(take, rows, columns, pixels);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            return ReadImages(path); // the whole-file reader names what is wrong (truncated, not gzip, not IDX)
        }
    }

    /// <summary>Labels from an IDX1 file (raw or .gz).</summary>
    public static byte[] ReadLabels(string path) => Read(path, LabelsMagic, "labels").data;

    /// <summary>Writes images as IDX3, gzipped when <paramref name="gzip"/>.</summary>
    public static void WriteImages(string path, ImageSet images, bool gzip = false)
    {
        if (images.Validate().Channels != 1) throw new ArgumentException($"IDX3 holds one-channel images; these have {images.Channels} channels.", nameof(images));
        Write(path, ImagesMagic, [images.Count, images.Rows, images.Columns], images.Pixels, gzip);
    }

    /// <summary>Writes labels as IDX1, gzipped when <paramref name="gzip"/>.</summary>
    public static void WriteLabels(string path, byte[] labels, bool gzip = false) =>
        Write(path, LabelsMagic, [labels.Length], labels, gzip);

    /// <summary>
    /// The DTU transform of every image: pixel/255 + u/255 with u ~ U(0, 1) (dequantisation, drawn image by image,
    /// pixel by pixel in storage order), then (x − 0.5)·2. Shape [count, channels·rows·cols], values in [−1, 1 + 2/255).
    /// </summary>
    public static Tensor Dequantise(ImageSet images, Generator generator)
    {
        var d = new float[images.Pixels.Length];
        for (int i = 0; i < d.Length; i++)
        {
            float x = images.Pixels[i] / 255f + generator.NextFloat() / 255f;
            d[i] = (x - 0.5f) * 2f;
        }
        return tensor(d, images.Count, images.PixelsPerImage);
    }

    /// <summary>y/2 + 0.5 clamped to [0, 1], the display range (any shape).</summary>
    public static Tensor ToUnitInterval(Tensor y) => (y / 2f + 0.5f).clamp(0f, 1f);

    private static (byte[] data, int[] dims) Read(string path, int magic, string what)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"MNIST {what} file not found: '{path}'. Give the path of an IDX file such as train-{(what == "images" ? "images-idx3" : "labels-idx1")}-ubyte(.gz).", path);
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B)
        {
            try
            {
                using var gz = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var plain = new MemoryStream();
                gz.CopyTo(plain);
                bytes = plain.ToArray();
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"'{path}' starts like a gzip file but does not decompress: {e.Message}", e);
            }
        }
        int ndims = magic & 0xFF;
        int header = 4 + 4 * ndims;
        if (bytes.Length < 4)
            throw new InvalidDataException($"'{path}' is truncated: {bytes.Length} bytes, too short for the 4-byte IDX magic.");
        int found = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (found != magic)
            throw new InvalidDataException($"'{path}' is not an IDX {what} file: magic 0x{found:X8}, expected 0x{magic:X8} " +
                $"(unsigned bytes, {ndims} dim{(ndims == 1 ? "" : "s")}).{(found == (magic == ImagesMagic ? LabelsMagic : ImagesMagic) ? $" It looks like a {(what == "images" ? "labels" : "images")} file." : "")}");
        if (bytes.Length < header)
            throw new InvalidDataException($"'{path}' is truncated: the IDX header needs {header} bytes, the file has {bytes.Length}.");
        var dims = new int[ndims];
        long expected = 1;
        for (int i = 0; i < ndims; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * i));
            if (dims[i] < 0) throw new InvalidDataException($"'{path}': dimension {i} is negative ({dims[i]}).");
            expected *= dims[i];
        }
        long have = bytes.Length - header;
        if (have < expected)
            throw new InvalidDataException($"'{path}' is truncated: the header promises {string.Join("×", dims)} = {expected} bytes of data, the file holds {have}.");
        if (have > expected)
            throw new InvalidDataException($"'{path}' has {have - expected} bytes after the {string.Join("×", dims)} = {expected} data bytes the header promises.");
        return (bytes.AsSpan(header).ToArray(), dims);
    }

    private static void Write(string path, int magic, int[] dims, byte[] data, bool gzip)
    {
        using var file = File.Create(path);
        using Stream s = gzip ? new GZipStream(file, CompressionLevel.Optimal) : file;
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, magic);
        s.Write(word);
        foreach (var d in dims) { BinaryPrimitives.WriteInt32BigEndian(word, d); s.Write(word); }
        s.Write(data);
    }
}
