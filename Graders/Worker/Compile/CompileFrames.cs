using System.Buffers.Binary;

namespace Grader.Worker.Compile;

/// <summary>The compile server's framing: a 4-byte little-endian length, then that many bytes of UTF-8 JSON.</summary>
public static class CompileFrames
{
    /// <summary>The largest frame either side accepts (a hand-in is at most a few MiB of source; its image less).</summary>
    public const int MaxBytes = 64 << 20;

    /// <summary>Writes <paramref name="value"/> as one frame and flushes.</summary>
    public static void Write<T>(Stream output, T value)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(value);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, body.Length);
        output.Write(length);
        output.Write(body);
        output.Flush();
    }

    /// <summary>Reads one frame; null at a clean end of the stream.</summary>
    /// <exception cref="InvalidDataException">The frame is cut short, too long, or not the expected JSON.</exception>
    public static T? Read<T>(Stream input) where T : class
    {
        var length = new byte[4];
        int read = ReadFully(input, length);
        if (read == 0)
        {
            return null;
        }

        if (read < 4)
        {
            throw new InvalidDataException("a compile frame's length was cut short");
        }

        int size = BinaryPrimitives.ReadInt32LittleEndian(length);
        if (size is < 0 or > MaxBytes)
        {
            throw new InvalidDataException($"a compile frame of {size} bytes is past the {MaxBytes >> 20} MiB limit");
        }

        var body = new byte[size];
        if (ReadFully(input, body) < size)
        {
            throw new InvalidDataException("a compile frame was cut short");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(body) ?? throw new InvalidDataException("a compile frame holds null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"a compile frame is not a {typeof(T).Name}: {e.Message}", e);
        }
    }

    private static int ReadFully(Stream input, byte[] buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = input.Read(buffer, total, buffer.Length - total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
