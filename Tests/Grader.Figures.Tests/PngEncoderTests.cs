using System.Buffers.Binary;
using System.IO.Compression;

namespace Grader.Figures.Tests;

/// <summary>The indexed PNG the guides' screenshots are written as (issue 82): its chunks read back by hand.</summary>
public class PngEncoderTests
{
    [Test]
    public void An_indexed_image_has_its_palette_and_its_rows_of_indices()
    {
        byte[] palette = [255, 255, 255, 0, 0, 0, 11, 79, 168];
        byte[] indices = [0, 1, 2, 2, 1, 0];
        var png = PngEncoder.EncodeIndexed(3, 2, palette, indices);

        var chunks = Chunks(png);
        chunks.Select(c => c.Type).Should().Equal("IHDR", "PLTE", "IDAT", "IEND");
        var header = chunks[0].Data;
        (BinaryPrimitives.ReadInt32BigEndian(header), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)), header[8], header[9]).Should().Be((3, 2, (byte)8, (byte)3), "3 × 2, 8 bits, colour type 3 (palette)");
        chunks[1].Data.Should().Equal(palette);
        using var rows = new MemoryStream();
        using (var z = new ZLibStream(new MemoryStream(chunks[2].Data), CompressionMode.Decompress))
        {
            z.CopyTo(rows);
        }

        rows.ToArray().Should().Equal(0, 0, 1, 2, 0, 2, 1, 0);
    }

    [Test]
    public void Indices_or_a_palette_that_do_not_fit_the_image_are_refused()
    {
        FluentActions.Invoking(() => PngEncoder.EncodeIndexed(3, 2, [0, 0, 0], new byte[5])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => PngEncoder.EncodeIndexed(1, 1, [0, 0], [0])).Should().Throw<ArgumentException>("a colour is three bytes");
        FluentActions.Invoking(() => PngEncoder.EncodeIndexed(1, 1, new byte[771], [0])).Should().Throw<ArgumentException>("at most 256 colours");
    }

    /// <summary>The chunks after the signature: type and data (the CRC skipped).</summary>
    private static List<(string Type, byte[] Data)> Chunks(byte[] png)
    {
        png[..8].Should().Equal(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
        var chunks = new List<(string, byte[])>();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            chunks.Add((System.Text.Encoding.ASCII.GetString(png, at + 4, 4), png[(at + 8)..(at + 8 + length)]));
            at += 12 + length;
        }

        return chunks;
    }
}
