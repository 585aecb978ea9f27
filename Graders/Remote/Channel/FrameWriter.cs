using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Grader.Remote.Values;

namespace Grader.Remote.Channel;

/// <summary>
/// Builds one frame in a reusable buffer: fixed-width little-endian numbers, length-prefixed UTF-8 strings, and
/// tensors as rank, dimensions and raw float32 data (copied in one block). <see cref="WriteTo"/> sends it with its
/// length prefix.
/// </summary>
public sealed class FrameWriter
{
    private byte[] _buffer = new byte[4096];
    private int _length;

    /// <summary>Where the next byte goes (the length prefix included).</summary>
    public int Length => _length;

    /// <summary>Starts a new frame of <paramref name="kind"/>.</summary>
    public FrameWriter Begin(FrameKind kind)
    {
        _length = 4; // room for the length prefix
        WriteByte((byte)kind);
        return this;
    }

    public void WriteByte(byte value) => Span(1)[0] = value;

    public void WriteBool(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteInt(int value) => BinaryPrimitives.WriteInt32LittleEndian(Span(4), value);

    public void WriteULong(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Span(8), value);

    public void WriteLong(long value) => BinaryPrimitives.WriteInt64LittleEndian(Span(8), value);

    public void WriteFloat(float value) => BinaryPrimitives.WriteSingleLittleEndian(Span(4), value);

    /// <summary>Bytes as they are, without a length (the reader knows how many).</summary>
    public void WriteRaw(ReadOnlySpan<byte> value) => value.CopyTo(Span(value.Length));

    /// <summary>Overwrites the int written at <paramref name="position"/> (a <see cref="Length"/> taken before it), for a count known only after its items.</summary>
    public void PatchInt(int position, int value)
    {
        if (position < 5 || position + 4 > _length)
        {
            throw new ArgumentOutOfRangeException(nameof(position));
        }

        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(position, 4), value);
    }

    public void WriteDouble(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Span(8), value);

    /// <summary>A string, or null (length −1); cut to <see cref="RemoteProtocol.MaxStringBytes"/>.</summary>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt(-1);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        int count = Math.Min(bytes.Length, RemoteProtocol.MaxStringBytes);
        if (count < bytes.Length)
        {
            // Never cut inside a UTF-8 sequence.
            while (count > 0 && (bytes[count] & 0xC0) == 0x80)
            {
                count--;
            }
        }

        WriteInt(count);
        bytes.AsSpan(0, count).CopyTo(Span(count));
    }

    /// <summary>A byte block, or null (length −1).</summary>
    public void WriteBytes(byte[]? value)
    {
        if (value is null)
        {
            WriteInt(-1);
            return;
        }

        WriteInt(value.Length);
        value.CopyTo(Span(value.Length));
    }

    /// <summary>A tensor, or null (rank −1): rank, dimensions, then numel float32 values, little-endian. The data is copied, so neither side shares storage.</summary>
    public void WriteTensor(Tensor? value)
    {
        if (value is null)
        {
            WriteInt(-1);
            return;
        }

        var shape = value.shape;
        long numel = 1;
        foreach (var d in shape)
        {
            numel = d < 0 || numel * d > RemoteProtocol.MaxFrameBytes / 4 ? throw new WireValueException($"a tensor of shape [{string.Join(", ", shape)}] is larger than the channel's cap of {RemoteProtocol.MaxFrameBytes} bytes") : numel * d;
        }

        WriteInt(shape.Length);
        foreach (var d in shape)
        {
            WriteInt(d);
        }

        var data = value.ToArray();
        if (data.Length != numel)
        {
            throw new WireValueException($"a tensor of shape [{string.Join(", ", shape)}] holds {data.Length} values, not {numel}");
        }

        var bytes = MemoryMarshal.AsBytes(data.AsSpan());
        var target = Span(bytes.Length);
        if (BitConverter.IsLittleEndian)
        {
            bytes.CopyTo(target);
        }
        else
        {
            for (int i = 0; i < data.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(target.Slice(4 * i, 4), data[i]);
            }
        }
    }

    /// <summary>Writes the frame, with its length prefix, to <paramref name="stream"/> and flushes.</summary>
    /// <exception cref="WireValueException">The frame is larger than <see cref="RemoteProtocol.MaxFrameBytes"/> (nothing is sent).</exception>
    public void WriteTo(Stream stream)
    {
        int payload = _length - 4;
        if (payload > RemoteProtocol.MaxFrameBytes)
        {
            throw new WireValueException($"a message of {payload} bytes is larger than the channel's cap of {RemoteProtocol.MaxFrameBytes} bytes");
        }

        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(0, 4), payload);
        stream.Write(_buffer, 0, _length);
        stream.Flush();
    }

    private Span<byte> Span(int count)
    {
        if (_length + count > _buffer.Length)
        {
            long size = Math.Max((long)_buffer.Length * 2, (long)_length + count);
            if (size > RemoteProtocol.MaxFrameBytes + 4L + 1024)
            {
                size = Math.Max(_length + (long)count, RemoteProtocol.MaxFrameBytes + 4L);
            }

            if (_length + (long)count > RemoteProtocol.MaxFrameBytes + 4L)
            {
                throw new WireValueException($"a message is larger than the channel's cap of {RemoteProtocol.MaxFrameBytes} bytes");
            }

            Array.Resize(ref _buffer, (int)size);
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
