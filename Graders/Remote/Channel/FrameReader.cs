using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Grader.Remote.Channel;

/// <summary>
/// Reads one frame (see <see cref="RemoteProtocol"/>) and takes it apart, checking everything: the length against the
/// cap, every count against what is left of the frame, ranks, dimensions, booleans that are 0 or 1, and (with
/// <see cref="End"/>) that nothing is left over. Any violation is a <see cref="RemoteHostException"/>.
/// </summary>
public sealed class FrameReader
{
    private byte[] _buffer = new byte[4096];
    private int _length;
    private int _position;

    /// <summary>The frame's kind.</summary>
    public FrameKind Kind { get; private set; }

    /// <summary>Reads the next frame from <paramref name="stream"/>; false at a clean end of the stream (between frames).</summary>
    public bool Next(Stream stream)
    {
        Span<byte> prefix = stackalloc byte[4];
        if (!Fill(stream, prefix, allowEnd: true))
        {
            return false;
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
        if (length < 1 || length > RemoteProtocol.MaxFrameBytes)
        {
            throw new RemoteHostException($"a message claims {length} bytes (the cap is {RemoteProtocol.MaxFrameBytes})");
        }

        if (_buffer.Length < length)
        {
            _buffer = new byte[Math.Max(length, Math.Min(_buffer.Length * 2, RemoteProtocol.MaxFrameBytes))];
        }

        Fill(stream, _buffer.AsSpan(0, length), allowEnd: false);
        _length = length;
        _position = 0;
        byte kind = ReadByte();
        if (!Enum.IsDefined((FrameKind)kind))
        {
            throw new RemoteHostException($"unknown message kind {kind}");
        }

        Kind = (FrameKind)kind;
        return true;
    }

    public byte ReadByte() => Take(1)[0];

    public bool ReadBool() => ReadByte() switch
    {
        0 => false,
        1 => true,
        var b => throw new RemoteHostException($"a boolean is {b}, not 0 or 1"),
    };

    public int ReadInt() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public ulong ReadULong() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public long ReadLong() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    /// <summary>Exactly <paramref name="count"/> bytes, copied.</summary>
    public byte[] ReadRaw(int count) => Take(count).ToArray();

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    /// <summary>A count of items of <paramref name="itemBytes"/> each, checked against what is left; −1 (null) only when <paramref name="nullable"/>.</summary>
    public int ReadCount(int itemBytes, bool nullable)
    {
        int count = ReadInt();
        if (count == -1 && nullable)
        {
            return -1;
        }

        if (count < 0 || (long)count * itemBytes > _length - _position)
        {
            throw new RemoteHostException($"a count of {count} does not fit the message");
        }

        return count;
    }

    public string? ReadString()
    {
        int count = ReadCount(1, nullable: true);
        if (count < 0)
        {
            return null;
        }

        if (count > RemoteProtocol.MaxStringBytes)
        {
            throw new RemoteHostException($"a string of {count} bytes is longer than the cap of {RemoteProtocol.MaxStringBytes}");
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Take(count));
        }
        catch (DecoderFallbackException)
        {
            throw new RemoteHostException("a string is not valid UTF-8");
        }
    }

    /// <summary>A string that must be present.</summary>
    public string ReadRequiredString() => ReadString() ?? throw new RemoteHostException("a required string is missing");

    public byte[]? ReadBytes()
    {
        int count = ReadCount(1, nullable: true);
        return count < 0 ? null : Take(count).ToArray();
    }

    /// <summary>A tensor (a fresh copy), or null: the rank at most <see cref="RemoteProtocol.MaxRank"/>, no negative dimension, and exactly numel float32 values.</summary>
    public Tensor? ReadTensor()
    {
        int rank = ReadInt();
        if (rank == -1)
        {
            return null;
        }

        if (rank < 0 || rank > RemoteProtocol.MaxRank)
        {
            throw new RemoteHostException($"a tensor has rank {rank} (at most {RemoteProtocol.MaxRank})");
        }

        var shape = new int[rank];
        long numel = 1;
        for (int i = 0; i < rank; i++)
        {
            shape[i] = ReadInt();
            if (shape[i] < 0)
            {
                throw new RemoteHostException($"a tensor has a negative dimension {shape[i]}");
            }

            numel *= shape[i];
            if (numel * 4 > _length - _position)
            {
                throw new RemoteHostException($"a tensor of shape [{string.Join(", ", shape.Take(i + 1))}, …] does not fit the message");
            }
        }

        var bytes = Take((int)numel * 4);
        var data = new float[numel];
        if (BitConverter.IsLittleEndian)
        {
            bytes.CopyTo(MemoryMarshal.AsBytes(data.AsSpan()));
        }
        else
        {
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(4 * i, 4));
            }
        }

        return rank == 0 ? torch.tensor(data, 1).reshape() : torch.tensor(data, shape);
    }

    /// <summary>Checks that the whole frame was read.</summary>
    public void End()
    {
        if (_position != _length)
        {
            throw new RemoteHostException($"{_length - _position} unexpected bytes at the end of a message");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _length - _position)
        {
            throw new RemoteHostException("a message ends early");
        }

        var span = _buffer.AsSpan(_position, count);
        _position += count;
        return span;
    }

    private static bool Fill(Stream stream, Span<byte> target, bool allowEnd)
    {
        int done = 0;
        while (done < target.Length)
        {
            int read;
            try
            {
                read = stream.Read(target[done..]);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                throw new RemoteHostException($"the channel broke: {e.Message}", e);
            }

            if (read == 0)
            {
                if (done == 0 && allowEnd)
                {
                    return false;
                }

                throw new RemoteHostException("the other side went away in the middle of a message");
            }

            done += read;
        }

        return true;
    }
}
