using System.Buffers.Binary;
using System.IO.Compression;

namespace Grader.Figures;

/// <summary>Minimal RGBA and indexed PNG encoder (used to embed heat-maps and the feedback's image grids compactly as data URIs; the guides' screenshots indexed).</summary>
public static class PngEncoder
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>Encodes <paramref name="rgba"/> (row-major from the top row, 4 bytes per pixel).</summary>
    public static byte[] Encode(int width, int height, byte[] rgba)
    {
        if (rgba.Length != checked(width * height * 4)) throw new ArgumentException("RGBA buffer size does not match the image size.");
        return Encode(width, height, 6, null, rgba, 4, CompressionLevel.Optimal);
    }

    /// <summary>
    /// Encodes an indexed image: <paramref name="palette"/> (3 bytes per colour, at most 256 colours) and one palette
    /// index per pixel, row-major from the top row (a screenshot of few colours takes a fraction of its RGBA size).
    /// </summary>
    public static byte[] EncodeIndexed(int width, int height, byte[] palette, byte[] indices)
    {
        ArgumentNullException.ThrowIfNull(palette);
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Length != checked(width * height) || palette.Length % 3 != 0 || palette.Length is 0 or > 768) throw new ArgumentException("The indices or the palette do not match the image.");
        return Encode(width, height, 3, palette, indices, 1, CompressionLevel.SmallestSize);
    }

    /// <summary>The PNG of <paramref name="pixels"/> (<paramref name="bytesPerPixel"/> each) in colour type <paramref name="colourType"/>, each row unfiltered.</summary>
    private static byte[] Encode(int width, int height, byte colourType, byte[]? palette, byte[] pixels, int bytesPerPixel, CompressionLevel level)
    {
        using var ms = new MemoryStream();
        ms.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);

        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(0), width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;  // bit depth
        ihdr[9] = colourType; // 6: RGBA, 3: palette
        WriteChunk(ms, "IHDR", ihdr);
        if (palette is not null)
        {
            WriteChunk(ms, "PLTE", palette);
        }

        using (var raw = new MemoryStream())
        {
            using (var z = new ZLibStream(raw, level, leaveOpen: true))
            {
                for (var y = 0; y < height; y++)
                {
                    z.WriteByte(0); // filter: none
                    z.Write(pixels, y * width * bytesPerPixel, width * bytesPerPixel);
                }
            }
            WriteChunk(ms, "IDAT", raw.ToArray());
        }
        WriteChunk(ms, "IEND", []);
        return ms.ToArray();
    }

    private static void WriteChunk(Stream s, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        s.Write(typeBytes);
        s.Write(data);
        var crc = Crc(Crc(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        Span<byte> c = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(c, crc);
        s.Write(c);
    }

    private static uint Crc(uint crc, byte[] data)
    {
        foreach (var b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var t = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }
}
