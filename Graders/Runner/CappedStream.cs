namespace Grader.Cli.Runner;

/// <summary>Reads a stream whole up to a cap: a hand-in's file, a report, a sandboxed tool's output.</summary>
public static class CappedStream
{
    /// <summary>The bytes of <paramref name="stream"/>, or null when it holds more than <paramref name="cap"/> bytes (then no more than <paramref name="cap"/> + 1 are read).</summary>
    public static byte[]? ReadAll(Stream stream, long cap)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        long total = 0;
        int read;
        while ((read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, cap + 1 - total))) > 0)
        {
            buffer.Write(chunk, 0, read);
            total += read;
            if (total > cap)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }
}
