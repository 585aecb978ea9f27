using System.IO.Compression;

namespace Grader.Reference.Tests.Data;

public sealed class MnistIdxTests : ScratchTests
{
    private string PathOf(string name) => Path.Combine(Dir, name);

    /// <summary>Three 4×5 images with every byte value pattern we care about (0, 255, in between).</summary>
    private static ImageSet Sample()
    {
        var pixels = new byte[3 * 4 * 5];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 37 % 256);
        pixels[0] = 0; pixels[1] = 255;
        return new ImageSet(3, 4, 5, pixels);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Images_and_labels_round_trip(bool gzip)
    {
        var images = Sample();
        var labels = new byte[] { 7, 0, 9 };
        MnistIdx.WriteImages(PathOf("images"), images, gzip);
        MnistIdx.WriteLabels(PathOf("labels"), labels, gzip);

        var back = MnistIdx.ReadImages(PathOf("images"));
        (back.Count, back.Rows, back.Columns).Should().Be((3, 4, 5));
        back.Pixels.Should().Equal(images.Pixels);
        back[2, 3, 4].Should().Be(images.Pixels[^1]);
        MnistIdx.ReadLabels(PathOf("labels")).Should().Equal(labels);
    }

    [Test]
    public void The_header_is_big_endian_idx()
    {
        MnistIdx.WriteImages(PathOf("images"), Sample());
        var bytes = File.ReadAllBytes(PathOf("images"));
        bytes.Take(16).Should().Equal(0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5);
        bytes.Length.Should().Be(16 + 60);
    }

    [Test]
    public void A_gzipped_file_is_recognised_by_its_content_not_its_name()
    {
        MnistIdx.WriteImages(PathOf("plain"), Sample());
        using (var outFile = File.Create(PathOf("compressed.bin")))
        using (var gz = new GZipStream(outFile, CompressionLevel.Fastest))
            gz.Write(File.ReadAllBytes(PathOf("plain")));
        MnistIdx.ReadImages(PathOf("compressed.bin")).Pixels.Should().Equal(Sample().Pixels);
    }

    [Test]
    public void Missing_file_names_the_path()
    {
        var act = () => MnistIdx.ReadImages(PathOf("nope-idx3-ubyte"));
        act.Should().Throw<FileNotFoundException>().WithMessage("*not found*nope-idx3-ubyte*");
    }

    [Test]
    public void Labels_file_read_as_images_is_a_wrong_magic()
    {
        MnistIdx.WriteLabels(PathOf("labels"), [1, 2, 3]);
        ReadingImagesIsRefused("labels", "*magic 0x00000801, expected 0x00000803*labels file*");
        MnistIdx.WriteImages(PathOf("images"), Sample());
        var act2 = () => MnistIdx.ReadLabels(PathOf("images"));
        act2.Should().Throw<InvalidDataException>().WithMessage("*magic 0x00000803, expected 0x00000801*");
    }

    [Test]
    public void Arbitrary_bytes_are_a_wrong_magic()
    {
        File.WriteAllBytes(PathOf("png"), [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0]);
        ReadingImagesIsRefused("png", "*not an IDX images file: magic 0x89504E47*");
    }

    [Test]
    public void Truncated_header_and_truncated_data_are_reported()
    {
        File.WriteAllBytes(PathOf("tiny"), [0, 0, 8]);
        ReadingImagesIsRefused("tiny", "*truncated*3 bytes*");

        MnistIdx.WriteImages(PathOf("images"), Sample());
        var full = File.ReadAllBytes(PathOf("images"));
        File.WriteAllBytes(PathOf("header-cut"), full[..10]);
        ReadingImagesIsRefused("header-cut", "*truncated*header needs 16 bytes*10*");

        File.WriteAllBytes(PathOf("data-cut"), full[..^7]);
        ReadingImagesIsRefused("data-cut", "*truncated*3×4×5 = 60 bytes*holds 53*");

        File.WriteAllBytes(PathOf("trailing"), [.. full, 1, 2]);
        ReadingImagesIsRefused("trailing", "*2 bytes after*");
    }

    [Test]
    public void Truncated_gzip_is_reported()
    {
        MnistIdx.WriteImages(PathOf("images.gz"), Sample(), gzip: true);
        var full = File.ReadAllBytes(PathOf("images.gz"));
        File.WriteAllBytes(PathOf("cut.gz"), full[..(full.Length / 2)]);
        var act = () => MnistIdx.ReadImages(PathOf("cut.gz"));
        act.Should().Throw<InvalidDataException>();
    }

    [Test]
    public void Dequantise_maps_to_minus_one_one_and_back_to_the_pixel()
    {
        var images = Sample();
        var y = MnistIdx.Dequantise(images, new Generator(3));
        y.shape.Should().Equal(3, 20);
        var v = y.ToArray();
        v.Should().OnlyContain(a => a >= -1f && a < 1f + 2f / 255f + 1e-6f);
        var back = MnistIdx.ToUnitInterval(y).ToArray();
        back.Should().OnlyContain(a => a >= 0f && a <= 1f);
        for (int i = 0; i < v.Length; i++)
        {
            // (y/2 + 0.5)·255 = pixel + u with u ∈ [0, 1).
            double u = (v[i] / 2.0 + 0.5) * 255 - images.Pixels[i];
            u.Should().BeInRange(-1e-3, 1 + 1e-3);
        }
    }

    /// <summary>Reading <paramref name="file"/> of the test's folder as IDX images throws an InvalidDataException whose message matches <paramref name="message"/>.</summary>
    private void ReadingImagesIsRefused(string file, string message)
    {
        var act = () => MnistIdx.ReadImages(PathOf(file));
        act.Should().Throw<InvalidDataException>().WithMessage(message);
    }
}
