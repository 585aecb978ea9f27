namespace Grader.Semester;

/// <summary>
/// Git's delta format (a pack's OFS_DELTA and REF_DELTA entries): the source and target sizes as little-endian base-128
/// numbers, then instructions, each either "copy <c>size</c> bytes at <c>offset</c> of the source" (high bit set, the
/// low seven bits say which offset and size bytes follow) or "insert the next <c>n</c> bytes" (1 ≤ n ≤ 127). Every
/// range is checked against the source and the declared target size.
/// </summary>
internal static class GitDelta
{
    /// <summary>The target <paramref name="delta"/> makes from <paramref name="source"/>; <see cref="InvalidDataException"/> when it does not fit or exceeds <paramref name="maxBytes"/>.</summary>
    public static byte[] Apply(byte[] source, byte[] delta, int maxBytes)
    {
        int at = 0;
        if (Size(delta, ref at) != source.Length)
        {
            throw new InvalidDataException("delta source size differs");
        }

        long targetSize = Size(delta, ref at);
        if (targetSize > maxBytes)
        {
            throw new InvalidDataException("delta target too large");
        }

        var target = new byte[targetSize];
        int written = 0;
        while (at < delta.Length)
        {
            int op = delta[at++];
            if ((op & 0x80) != 0)
            {
                long offset = 0, size = 0;
                for (int i = 0; i < 4; i++)
                {
                    if ((op & (1 << i)) != 0)
                    {
                        offset |= (long)Byte(delta, ref at) << (8 * i);
                    }
                }

                for (int i = 0; i < 3; i++)
                {
                    if ((op & (0x10 << i)) != 0)
                    {
                        size |= (long)Byte(delta, ref at) << (8 * i);
                    }
                }

                size = size == 0 ? 0x10000 : size;
                if (offset + size > source.Length || written + size > targetSize)
                {
                    throw new InvalidDataException("delta copy out of range");
                }

                Array.Copy(source, offset, target, written, size);
                written += (int)size;
            }
            else if (op != 0)
            {
                if (at + op > delta.Length || written + op > targetSize)
                {
                    throw new InvalidDataException("delta insert out of range");
                }

                Array.Copy(delta, at, target, written, op);
                at += op;
                written += op;
            }
            else
            {
                throw new InvalidDataException("reserved delta instruction");
            }
        }

        return written == targetSize ? target : throw new InvalidDataException("delta target short");
    }

    private static long Size(byte[] delta, ref int at)
    {
        long size = 0;
        for (int shift = 0; ; shift += 7)
        {
            int b = Byte(delta, ref at);
            size |= (long)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return size;
            }

            if (shift > 35)
            {
                throw new InvalidDataException("delta size too long");
            }
        }
    }

    private static int Byte(byte[] delta, ref int at) => at < delta.Length ? delta[at++] : throw new InvalidDataException("delta truncated");
}
