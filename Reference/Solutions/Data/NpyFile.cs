using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Grader.Reference.Data;

/// <summary>
/// Reads and writes 2-D NumPy <c>.npy</c> files (the format of <c>np.save</c>, NEP 1): the magic <c>\x93NUMPY</c>, a
/// major and a minor version byte, the header length (uint16 little-endian in version 1, uint32 in versions 2 and 3),
/// the header — a Python dict literal <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (n, 8), }</c>, ASCII in
/// versions 1 and 2, UTF-8 in 3 — and then the raw values. Read accepts versions 1–3 with little-endian float32 or
/// float64 values in C order and two dimensions; anything else (Fortran order, another element type, big-endian, a
/// truncated file, a bad magic or header, an unexpected column count) is refused with one
/// <see cref="InvalidDataException"/> that names the file and the reason. Write produces version 1.0, <c>&lt;f4</c>.
/// </summary>
public static class NpyFile
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The largest header this reader accepts (NumPy itself refuses headers over 10 000 bytes by default).</summary>
    public const int MaxHeaderLength = 1 << 16;

    /// <summary>Reads a 2-D float32 or float64 array; with <paramref name="columns"/>, the second dimension must equal it.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a 2-D little-endian float .npy array in C order (the message says why).</exception>
    public static NpyMatrix Read(string path, int? columns = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"NumPy file not found: '{path}'. Give the path of a .npy file written by np.save.", path);
        return Parse(File.ReadAllBytes(path), path, columns);
    }

    /// <summary>Parses the bytes of a .npy file; <paramref name="name"/> is what error messages call it.</summary>
    public static NpyMatrix Parse(ReadOnlySpan<byte> bytes, string name, int? columns = null)
    {
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(Magic))
            throw Bad(name, bytes.Length < 6 ? $"only {bytes.Length} bytes, too short for the 6-byte magic \\x93NUMPY" : "it does not start with the magic \\x93NUMPY (is it a .npy file?)");
        int major = bytes[6], minor = bytes[7];
        if (major is < 1 or > 3)
            throw Bad(name, $"format version {major}.{minor} is not one of 1.0, 2.0, 3.0");
        int lengthBytes = major == 1 ? 2 : 4;
        int prefix = 8 + lengthBytes;
        if (bytes.Length < prefix) throw Bad(name, $"truncated inside the header length ({bytes.Length} bytes)");
        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]) : BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        if (headerLength > MaxHeaderLength) throw Bad(name, $"the header claims {headerLength} bytes (more than {MaxHeaderLength})");
        if (bytes.Length < prefix + headerLength)
            throw Bad(name, $"truncated inside the header: it claims {headerLength} bytes, the file has {bytes.Length - prefix} after the prefix");
        var headerBytes = bytes.Slice(prefix, (int)headerLength);
        if (major < 3 && headerBytes.IndexOfAnyExceptInRange((byte)0, (byte)0x7F) >= 0)
            throw Bad(name, $"the header of a version {major} file must be ASCII");
        string header;
        try
        {
            header = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(headerBytes);
        }
        catch (DecoderFallbackException)
        {
            throw Bad(name, "the header is not valid UTF-8");
        }

        var dict = HeaderParser.Parse(header, name);
        var (elementType, itemSize) = ElementType(dict.Descr, name);
        if (dict.FortranOrder)
            throw Bad(name, "the array is stored in Fortran (column-major) order; save it with np.save(np.ascontiguousarray(a))");
        if (dict.Shape.Length != 2)
            throw Bad(name, $"the array has shape ({string.Join(", ", dict.Shape)}) with {dict.Shape.Length} dimension{(dict.Shape.Length == 1 ? "" : "s")}; a 2-D array (events × columns) is needed");
        long rows = dict.Shape[0], cols = dict.Shape[1];
        if (rows > int.MaxValue || cols > int.MaxValue || rows * cols > Array.MaxLength)
            throw Bad(name, $"shape ({rows}, {cols}) is too large");
        if (columns is int expected && cols != expected)
            throw Bad(name, $"it has {cols} column{(cols == 1 ? "" : "s")}, {expected} are expected");
        long dataBytes = rows * cols * itemSize;
        long have = bytes.Length - prefix - headerLength;
        if (have < dataBytes)
            throw Bad(name, $"truncated: shape ({rows}, {cols}) of {dict.Descr} needs {dataBytes} bytes of data, the file holds {have}");
        if (have > dataBytes)
            throw Bad(name, $"{have - dataBytes} bytes follow the {dataBytes} data bytes that shape ({rows}, {cols}) of {dict.Descr} needs");

        var data = bytes.Slice((int)(prefix + headerLength));
        var values = new double[rows * cols];
        if (elementType == NpyElementType.Float32)
            for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(4 * i)..]);
        else
            for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadDoubleLittleEndian(data[(8 * i)..]);
        return new NpyMatrix((int)rows, (int)cols, values, elementType);
    }

    /// <summary>Writes <paramref name="matrix"/> as a version 1.0 file of little-endian float32 in C order (what <c>np.save</c> writes for a float32 array).</summary>
    public static void Write(string path, NpyMatrix matrix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(matrix);
        var dict = string.Create(CultureInfo.InvariantCulture, $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({matrix.Rows}, {matrix.Columns}), }}");
        // NumPy pads with spaces and ends with '\n' so that magic + length + header is a multiple of 64.
        int unpadded = 10 + dict.Length + 1;
        var header = dict + new string(' ', (64 - unpadded % 64) % 64) + "\n";
        var bytes = new byte[10 + header.Length + 4L * matrix.Values.Length];
        Magic.CopyTo(bytes);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        Encoding.ASCII.GetBytes(header, bytes.AsSpan(10));
        var data = bytes.AsSpan(10 + header.Length);
        for (int i = 0; i < matrix.Values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(data[(4 * i)..], (float)matrix.Values[i]);
        File.WriteAllBytes(path, bytes);
    }

    private static (NpyElementType, int) ElementType(string descr, string name) => descr switch
    {
        "<f4" => (NpyElementType.Float32, 4),
        "<f8" => (NpyElementType.Float64, 8),
        ">f4" or ">f8" => throw Bad(name, $"the values are big-endian ('{descr}'); convert with a.astype('<f{descr[2]}') before np.save"),
        "|O" or "O" => throw Bad(name, "it holds Python objects ('|O'), not numbers"),
        _ => throw Bad(name, $"element type '{descr}' is not float32 ('<f4') or float64 ('<f8')"),
    };

    internal static InvalidDataException Bad(string name, string reason) => new($"'{name}' cannot be read as a .npy array: {reason}.");

    /// <summary>The three keys of a .npy header dict; a parser for exactly the Python literals np.save writes.</summary>
    private sealed record HeaderDict(string Descr, bool FortranOrder, long[] Shape);

    private ref struct HeaderParser
    {
        private readonly ReadOnlySpan<char> _s;
        private readonly string _name;
        private int _i;

        private HeaderParser(ReadOnlySpan<char> s, string name)
        {
            _s = s;
            _name = name;
            _i = 0;
        }

        public static HeaderDict Parse(string header, string name)
        {
            var p = new HeaderParser(header.AsSpan().TrimEnd(), name);
            return p.Dict();
        }

        private HeaderDict Dict()
        {
            string? descr = null;
            bool? fortran = null;
            long[]? shape = null;
            Expect('{');
            while (true)
            {
                Skip();
                if (Peek() == '}') { _i++; break; }
                var key = Str();
                Expect(':');
                Skip();
                switch (key)
                {
                    case "descr":
                        if (Peek() == '[') throw Bad(_name, "it holds a structured (record) array; a plain float array is needed");
                        descr = Str();
                        break;
                    case "fortran_order":
                        fortran = Bool();
                        break;
                    case "shape":
                        shape = Tuple();
                        break;
                    default:
                        throw Bad(_name, $"the header has an unknown key '{key}'");
                }
                Skip();
                if (Peek() == ',') { _i++; continue; }
                Expect('}');
                break;
            }
            Skip();
            if (_i != _s.Length) throw Bad(_name, "the header has text after its dict");
            if (descr is null || fortran is null || shape is null)
                throw Bad(_name, $"the header lacks {string.Join(" and ", new[] { descr is null ? "'descr'" : null, fortran is null ? "'fortran_order'" : null, shape is null ? "'shape'" : null }.Where(s => s is not null))}");
            return new HeaderDict(descr, fortran.Value, shape);
        }

        private char Peek() => _i < _s.Length ? _s[_i] : throw Bad(_name, "the header dict ends early");

        private void Skip()
        {
            while (_i < _s.Length && char.IsWhiteSpace(_s[_i])) _i++;
        }

        private void Expect(char c)
        {
            Skip();
            if (_i >= _s.Length || _s[_i] != c) throw Bad(_name, $"the header is not a Python dict literal (expected '{c}' at character {_i})");
            _i++;
        }

        private string Str()
        {
            Skip();
            char q = Peek();
            if (q is not ('\'' or '"')) throw Bad(_name, $"the header is not a Python dict literal (expected a quoted string at character {_i})");
            int start = ++_i;
            while (_i < _s.Length && _s[_i] != q) _i++;
            if (_i >= _s.Length) throw Bad(_name, "the header has an unterminated string");
            return _s[start.._i++].ToString();
        }

        private bool Bool()
        {
            if (_s[_i..].StartsWith("True", StringComparison.Ordinal)) { _i += 4; return true; }
            if (_s[_i..].StartsWith("False", StringComparison.Ordinal)) { _i += 5; return false; }
            throw Bad(_name, "'fortran_order' is not True or False");
        }

        private long[] Tuple()
        {
            Expect('(');
            var dims = new List<long>();
            while (true)
            {
                Skip();
                if (Peek() == ')') { _i++; break; }
                int start = _i;
                while (_i < _s.Length && char.IsAsciiDigit(_s[_i])) _i++;
                if (_i == start || !long.TryParse(_s[start.._i], NumberStyles.None, CultureInfo.InvariantCulture, out var d))
                    throw Bad(_name, $"'shape' is not a tuple of non-negative integers (at character {start})");
                dims.Add(d);
                Skip();
                if (Peek() == ',') { _i++; continue; }
                Expect(')');
                break;
            }
            return dims.ToArray();
        }
    }
}
