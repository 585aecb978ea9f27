using System.Buffers.Binary;
using System.IO.Compression;

namespace Grader.Semester;

/// <summary>
/// The object database of a student's repository (<c>.git/objects</c>), read without running git: a loose object
/// (zlib), or an entry of a pack (<c>objects/pack/*.idx</c> version 2 lookup, pack entry header, zlib, deltas applied
/// in git's delta format). The repository is hostile: every size, offset and chain is bounded, nothing follows a link,
/// and anything that does not add up is <see cref="InvalidDataException"/> for <see cref="GitHead"/> to turn into "no time".
/// </summary>
internal sealed class GitObjects(string gitDirectory)
{
    /// <summary>The largest object read (a commit is a few hundred bytes; its delta base is another commit).</summary>
    public const int MaxObjectBytes = 1 << 20;

    /// <summary>The longest delta chain followed (git's own default depth is 50, <c>--aggressive</c> too).</summary>
    public const int MaxDeltaDepth = 128;

    /// <summary>The most pack indexes looked at.</summary>
    public const int MaxPacks = 256;

    /// <summary>The largest pack or pack index opened.</summary>
    public const long MaxPackBytes = 8L << 30;

    private const int HashBytes = 20;

    /// <summary>The object <paramref name="id"/> (40 hex digits): its type (<c>commit</c>, <c>tree</c>, <c>blob</c>, <c>tag</c>) and contents.</summary>
    public (string Type, byte[] Data) Read(string id) => Read(id, MaxDeltaDepth);

    private (string Type, byte[] Data) Read(string id, int depth)
    {
        if (!IsObjectId(id))
        {
            throw new InvalidDataException("not an object id");
        }

        var loose = Path.Combine(gitDirectory, "objects", id[..2], id[2..]);
        if (GitFile.Exists(gitDirectory, loose))
        {
            return ReadLoose(loose);
        }

        var hash = Convert.FromHexString(id);
        foreach (var index in PackIndexes())
        {
            if (FindInIndex(index, hash) is { } offset)
            {
                using var pack = GitFile.Open(gitDirectory, Path.ChangeExtension(index, ".pack"), MaxPackBytes);
                return ReadPacked(pack, offset, depth);
            }
        }

        throw new InvalidDataException("object not found");
    }

    public static bool IsObjectId(string text) => text.Length == 2 * HashBytes && text.All(char.IsAsciiHexDigitLower);

    private (string Type, byte[] Data) ReadLoose(string path)
    {
        using var file = GitFile.Open(gitDirectory, path, MaxObjectBytes + 64);
        using var zlib = new ZLibStream(file, CompressionMode.Decompress);
        var raw = ReadAtMost(zlib, MaxObjectBytes + 64);
        int nul = Array.IndexOf(raw, (byte)0);
        var header = nul < 0 ? "" : Encoding.ASCII.GetString(raw, 0, nul);
        int space = header.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !int.TryParse(header.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int size)
            || size > MaxObjectBytes || raw.Length - nul - 1 != size)
        {
            throw new InvalidDataException("bad loose object");
        }

        return (header[..space], raw[(nul + 1)..]);
    }

    private IEnumerable<string> PackIndexes()
    {
        var folder = Path.Combine(gitDirectory, "objects", "pack");
        if (!GitFile.IsPlainDirectory(gitDirectory, folder))
        {
            return [];
        }

        return Directory.EnumerateFiles(folder, "pack-*.idx").Take(MaxPacks).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The pack offset of <paramref name="hash"/> in the version 2 index <paramref name="path"/>, or null when it is not there.</summary>
    private long? FindInIndex(string path, byte[] hash)
    {
        using var index = GitFile.Open(gitDirectory, path, MaxPackBytes);
        var head = ReadExactly(index, 0, 8 + 256 * 4);
        if (BinaryPrimitives.ReadUInt32BigEndian(head) != 0xff744f63 || BinaryPrimitives.ReadUInt32BigEndian(head.AsSpan(4)) != 2)
        {
            throw new InvalidDataException("not a version 2 pack index");
        }

        uint Fanout(int i) => BinaryPrimitives.ReadUInt32BigEndian(head.AsSpan(8 + 4 * i));
        long count = Fanout(255);
        const long names = 8 + 256 * 4;
        if (count > int.MaxValue / 32 || index.Length < names + count * (HashBytes + 4 + 4) + 2 * HashBytes)
        {
            throw new InvalidDataException("truncated pack index");
        }

        long low = hash[0] == 0 ? 0 : Fanout(hash[0] - 1), high = Fanout(hash[0]);
        if (low > high || high > count)
        {
            throw new InvalidDataException("bad fan-out");
        }

        while (low < high)
        {
            long middle = low + (high - low) / 2;
            int order = ReadExactly(index, names + middle * HashBytes, HashBytes).AsSpan().SequenceCompareTo(hash);
            if (order == 0)
            {
                long offsets = names + count * (HashBytes + 4);
                uint offset = BinaryPrimitives.ReadUInt32BigEndian(ReadExactly(index, offsets + middle * 4, 4));
                if ((offset & 0x80000000) == 0)
                {
                    return offset;
                }

                long large = offsets + count * 4 + (offset & 0x7fffffff) * 8L;
                if (large + 8 > index.Length - 2 * HashBytes)
                {
                    throw new InvalidDataException("bad large offset");
                }

                return checked((long)BinaryPrimitives.ReadUInt64BigEndian(ReadExactly(index, large, 8)));
            }

            (low, high) = order < 0 ? (middle + 1, high) : (low, middle);
        }

        return null;
    }

    private (string Type, byte[] Data) ReadPacked(FileStream pack, long offset, int depth)
    {
        if (depth <= 0)
        {
            throw new InvalidDataException("delta chain too deep");
        }

        if (offset < 12 || offset >= pack.Length - HashBytes)
        {
            throw new InvalidDataException("offset outside the pack");
        }

        pack.Position = offset;
        int c = ReadByte(pack);
        int type = (c >> 4) & 7;
        long size = c & 15;
        for (int shift = 4; (c & 0x80) != 0; shift += 7)
        {
            c = ReadByte(pack);
            size |= (long)(c & 0x7f) << shift;
            if (shift > 56 || size > MaxObjectBytes)
            {
                throw new InvalidDataException("object too large");
            }
        }

        switch (type)
        {
            case 1 or 2 or 3 or 4:
                return (TypeNames[type], Inflate(pack, size));
            case 6:
            {
                c = ReadByte(pack);
                long back = c & 0x7f;
                while ((c & 0x80) != 0)
                {
                    c = ReadByte(pack);
                    back = checked(((back + 1) << 7) | (long)(c & 0x7f));
                }

                var delta = Inflate(pack, size);
                var (baseType, source) = ReadPacked(pack, offset - back, depth - 1);
                return (baseType, GitDelta.Apply(source, delta, MaxObjectBytes));
            }

            case 7:
            {
                var baseId = Convert.ToHexStringLower(ReadExactly(pack, pack.Position, HashBytes));
                var delta = Inflate(pack, size);
                var (baseType, source) = Read(baseId, depth - 1);
                return (baseType, GitDelta.Apply(source, delta, MaxObjectBytes));
            }

            default:
                throw new InvalidDataException("unknown pack entry type");
        }
    }

    private static readonly string[] TypeNames = ["", "commit", "tree", "blob", "tag"];

    /// <summary>The zlib stream at the pack's position, which must inflate to exactly <paramref name="size"/> bytes.</summary>
    private static byte[] Inflate(FileStream pack, long size)
    {
        using var zlib = new ZLibStream(pack, CompressionMode.Decompress, leaveOpen: true);
        var data = ReadAtMost(zlib, (int)size + 1);
        return data.Length == size ? data : throw new InvalidDataException("object size differs from its header");
    }

    private static byte[] ReadAtMost(Stream stream, int cap)
    {
        var buffer = new byte[Math.Min(cap, 4096)];
        int filled = 0;
        while (filled < cap)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, Math.Min(cap, buffer.Length * 2));
            }

            int read = stream.Read(buffer, filled, buffer.Length - filled);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return buffer[..filled];
    }

    private static byte[] ReadExactly(FileStream file, long at, int count)
    {
        var bytes = new byte[count];
        file.Position = at;
        file.ReadExactly(bytes);
        return bytes;
    }

    private static int ReadByte(Stream stream) => stream.ReadByte() is var b and >= 0 ? b : throw new EndOfStreamException();
}
