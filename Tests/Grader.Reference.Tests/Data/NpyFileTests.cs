using System.Buffers.Binary;
using System.Text;
using Grader.Reference.Tests.Snapshots;

namespace Grader.Reference.Tests.Data;

/// <summary>
/// <see cref="NpyFile"/> on files the tests write byte by byte (<see cref="Encode"/> follows NEP 1 on its own, not
/// through the reader's writer) and on files NumPy wrote (fixtures/npy, made by make_npy_files.py): every accepted
/// variant reads back the exact values, every malformed or unsupported file ends in one <see cref="InvalidDataException"/>
/// that names the file and the reason.
/// </summary>
public sealed class NpyFileTests : ScratchTests
{
    /// <summary>The fixtures' values: (i + 1)·1000 + j ± 0.25, exact in float32.</summary>
    private static double Value(int i, int j) => (i + 1) * 1000 + j + 0.25 * (j % 2 == 0 ? 1 : -1);

    /// <summary>A .npy file: magic, version, header length (2 bytes in version 1, 4 otherwise), header padded to 64, data.</summary>
    private static byte[] Encode(string dict, byte[] data, int major = 1, int minor = 0, bool pad = true, Encoding? encoding = null)
    {
        encoding ??= Encoding.ASCII;
        int lengthBytes = major == 1 ? 2 : 4;
        var header = dict;
        if (pad) header += new string(' ', (64 - (8 + lengthBytes + encoding.GetByteCount(dict) + 1) % 64) % 64);
        header += "\n";
        var h = encoding.GetBytes(header);
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, (byte)minor };
        var len = new byte[lengthBytes];
        if (lengthBytes == 2) BinaryPrimitives.WriteUInt16LittleEndian(len, (ushort)h.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)h.Length);
        bytes.AddRange(len);
        bytes.AddRange(h);
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    private static string Dict(string descr = "<f4", string fortran = "False", string shape = "(3, 8)") =>
        $"{{'descr': '{descr}', 'fortran_order': {fortran}, 'shape': {shape}, }}";

    private static byte[] Float32Data(int rows, int cols)
    {
        var d = new byte[rows * cols * 4];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) BinaryPrimitives.WriteSingleLittleEndian(d.AsSpan(4 * (i * cols + j)), (float)Value(i, j));
        return d;
    }

    private static byte[] Float64Data(int rows, int cols)
    {
        var d = new byte[rows * cols * 8];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) BinaryPrimitives.WriteDoubleLittleEndian(d.AsSpan(8 * (i * cols + j)), Value(i, j) + 1e-9);
        return d;
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void ShouldHoldValues(NpyMatrix m, int rows, int cols, double extra = 0)
    {
        (m.Rows, m.Columns).Should().Be((rows, cols));
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) m[i, j].Should().Be(Value(i, j) + extra, $"element ({i}, {j})");
    }

    [TestCase(1, 0)]
    [TestCase(2, 0)]
    [TestCase(3, 0)]
    public void Float32_c_order_reads_in_every_format_version(int major, int minor)
    {
        var path = Write("a.npy", Encode(Dict(), Float32Data(3, 8), major, minor));
        var m = NpyFile.Read(path, columns: 8);
        m.ElementType.Should().Be(NpyElementType.Float32);
        ShouldHoldValues(m, 3, 8);
    }

    [Test]
    public void Float64_reads_exactly_and_rounds_once_to_a_tensor()
    {
        var path = Write("a.npy", Encode(Dict("<f8"), Float64Data(3, 8)));
        var m = NpyFile.Read(path);
        m.ElementType.Should().Be(NpyElementType.Float64);
        ShouldHoldValues(m, 3, 8, extra: 1e-9);
        var t = m.ToTensor();
        t.shape.Should().Equal(3, 8);
        t[2, 7].Should().Be((float)(Value(2, 7) + 1e-9));
    }

    [Test]
    public void Header_spellings_np_save_never_writes_are_still_python_dicts_and_read()
    {
        // Keys in another order, double quotes, no spaces, no trailing comma, no padding (NEP 1 only asks for a dict literal).
        var compact = "{\"shape\":(2,3),\"fortran_order\":False,\"descr\":\"<f4\"}";
        ShouldHoldValues(NpyFile.Read(Write("a.npy", Encode(compact, Float32Data(2, 3), pad: false))), 2, 3);
        // UTF-8 header of version 3.
        ShouldHoldValues(NpyFile.Read(Write("b.npy", Encode(Dict(shape: "(2, 3)"), Float32Data(2, 3), 3, 0, encoding: Encoding.UTF8))), 2, 3);
    }

    [Test]
    public void An_empty_array_with_the_right_columns_reads_as_zero_rows()
    {
        var m = NpyFile.Read(Write("a.npy", Encode(Dict(shape: "(0, 8)"), [])), columns: 8);
        (m.Rows, m.Columns, m.Values.Length).Should().Be((0, 8, 0));
    }

    public static IEnumerable<TestCaseData> Malformed()
    {
        byte[] good = Float32Data(3, 8);
        TestCaseData Case(string name, byte[] bytes, string reason) => new TestCaseData(bytes, reason).SetName($"Malformed: {name}");
        yield return Case("fortran order", Encode(Dict(fortran: "True"), good), "Fortran (column-major) order");
        yield return Case("object array", Encode(Dict("|O"), good), "Python objects");
        yield return Case("int64", Encode(Dict("<i8"), new byte[3 * 8 * 8]), "element type '<i8'");
        yield return Case("float16", Encode(Dict("<f2"), new byte[3 * 8 * 2]), "element type '<f2'");
        yield return Case("big-endian float32", Encode(Dict(">f4"), good), "big-endian");
        yield return Case("big-endian float64", Encode(Dict(">f8"), new byte[3 * 8 * 8]), "big-endian");
        yield return Case("structured", Encode("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (3,), }", new byte[12]), "structured");
        yield return Case("one dimension", Encode(Dict(shape: "(24,)"), good), "1 dimension");
        yield return Case("three dimensions", Encode(Dict(shape: "(3, 2, 4)"), good), "3 dimensions");
        yield return Case("wrong column count", Encode(Dict(shape: "(4, 6)"), good), "6 columns, 8 are expected");
        yield return Case("truncated data", Encode(Dict(), good[..^5]), "truncated: shape (3, 8) of <f4 needs 96 bytes of data, the file holds 91");
        yield return Case("trailing bytes", Encode(Dict(), [.. good, 0, 0, 0, 0]), "4 bytes follow the 96 data bytes");
        yield return Case("bad magic", [.. Encoding.ASCII.GetBytes("PK\x03\x04 not numpy"), .. good], "does not start with the magic");
        yield return Case("empty file", [], "too short for the 6-byte magic");
        yield return Case("version 4", Encode(Dict(), good, 4, 0), "format version 4.0");
        yield return Case("header longer than the file", Encode(Dict(), good)[..40], "truncated inside the header");
        yield return Case("missing key", Encode("{'descr': '<f4', 'shape': (3, 8), }", good), "lacks 'fortran_order'");
        yield return Case("unknown key", Encode("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 8), 'x': 1}", good), "unknown key 'x'");
        yield return Case("not a dict", Encode("descr=<f4", good), "not a Python dict literal");
        yield return Case("negative dimension", Encode(Dict(shape: "(-3, 8)"), good), "'shape' is not a tuple of non-negative integers");
        yield return Case("fortran_order not a bool", Encode(Dict(fortran: "0"), good), "'fortran_order' is not True or False");
        yield return Case("non-ascii header in version 1", Encode(Dict(descr: "<f4é"), good, 1, 0, encoding: Encoding.UTF8), "must be ASCII");
        yield return Case("invalid utf-8 in version 3", Encode(Dict(), good, 3, 0, encoding: Encoding.Latin1).Select(b => b == (byte)'d' ? (byte)0xC3 : b).ToArray(), "not valid UTF-8");
    }

    [TestCaseSource(nameof(Malformed))]
    public void A_file_that_is_not_a_2d_little_endian_float_array_is_refused_with_its_name_and_reason(byte[] bytes, string reason)
    {
        var path = Write("dy_trn_data.npy", bytes);
        var act = () => NpyFile.Read(path, columns: 8);
        act.Should().Throw<InvalidDataException>()
            .Which.Message.Should().StartWith($"'{path}' cannot be read as a .npy array: ").And.Contain(reason);
    }

    [Test]
    public void A_missing_file_says_so()
    {
        var path = Path.Combine(Dir, "dy_tst_data.npy");
        var act = () => NpyFile.Read(path);
        act.Should().Throw<FileNotFoundException>().Which.Message.Should().Contain(path);
    }

    [Test]
    public void Write_then_read_gives_the_float32_values_and_numpy_s_header_layout()
    {
        var values = Enumerable.Range(0, 5 * 8).Select(k => Value(k / 8, k % 8)).ToArray();
        var path = Path.Combine(Dir, "w.npy");
        NpyFile.Write(path, new NpyMatrix(5, 8, values, NpyElementType.Float32));
        var bytes = File.ReadAllBytes(path);
        int headerEnd = 10 + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        (headerEnd % 64).Should().Be(0, "NumPy aligns the data to 64 bytes");
        bytes[headerEnd - 1].Should().Be((byte)'\n');
        ShouldHoldValues(NpyFile.Read(path, 8), 5, 8);
    }

    // ---- files NumPy wrote ----

    private static string NumpyFile(string name) => Path.Combine(SnapshotApproval.RepositoryRoot(), "fixtures", "npy", name);

    [TestCase("f4_v1.npy", NpyElementType.Float32)]
    [TestCase("f8_v1.npy", NpyElementType.Float64)]
    [TestCase("f4_v2.npy", NpyElementType.Float32)]
    [TestCase("f4_v3.npy", NpyElementType.Float32)]
    public void Files_numpy_wrote_read_exactly(string name, NpyElementType type)
    {
        var m = NpyFile.Read(NumpyFile(name), columns: 8);
        m.ElementType.Should().Be(type);
        ShouldHoldValues(m, 3, 8);
    }

    [Test]
    public void The_writer_produces_the_bytes_np_save_produces()
    {
        var path = Path.Combine(Dir, "w.npy");
        NpyFile.Write(path, NpyFile.Read(NumpyFile("f4_v1.npy")));
        File.ReadAllBytes(path).Should().Equal(File.ReadAllBytes(NumpyFile("f4_v1.npy")));
        NpyFile.Read(NumpyFile("f4_empty.npy"), 8).Rows.Should().Be(0);
    }

    [TestCase("f4_fortran.npy", "Fortran (column-major) order")]
    [TestCase("f4_big.npy", "big-endian")]
    [TestCase("i8.npy", "element type '<i8'")]
    [TestCase("object.npy", "Python objects")]
    [TestCase("f4_1d.npy", "1 dimension")]
    public void Files_numpy_wrote_that_the_reader_does_not_take_are_refused(string name, string reason)
    {
        var act = () => NpyFile.Read(NumpyFile(name), columns: 8);
        act.Should().Throw<InvalidDataException>().Which.Message.Should().Contain(name).And.Contain(reason);
    }

    [Test]
    public void A_float_tensor_becomes_a_float32_matrix()
    {
        var t = torch.tensor(new float[] { 1.5f, -2, 3, 4, 5, 6 }, 2, 3).t();   // a non-contiguous view
        var m = NpyMatrix.FromTensor(t);
        (m.Rows, m.Columns).Should().Be((3, 2));
        m.Values.Should().Equal(1.5, 4, -2, 5, 3, 6);
    }
}
