using System.Buffers.Binary;
using System.Text;
using FluentAssertions;
using Grader.Tests.Support;

namespace Grader.Tensors.Tests.IO;

public class SafeTensorsTests : ScratchTests
{
    private string PathOf(string name) => Path.Combine(Dir, name);

    [Test]
    public void Round_trip_keeps_names_order_shapes_and_bits()
    {
        var g = new Generator(1);
        var special = tensor([float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, float.Epsilon, 1e38f]);
        var transposed = randn([3, 4], g).t();                        // a non-contiguous view is saved row-major
        (string, Tensor)[] state =
        [
            ("z.last", randn([2, 3, 4], g)), ("a.first", special), ("scalar", scalar(2.5f)),
            ("empty", zeros(0, 3)), ("view", transposed),
        ];
        var path = PathOf("state.safetensors");
        torch.save(state, path);
        var loaded = torch.load(path);

        loaded.Keys.Should().Equal("z.last", "a.first", "scalar", "empty", "view");
        foreach (var (name, t) in state)
        {
            loaded[name].shape.Should().Equal(t.shape, name);
            var bits = t.ToArray().Select(BitConverter.SingleToInt32Bits);
            loaded[name].ToArray().Select(BitConverter.SingleToInt32Bits).Should().Equal(bits, name);
        }
        Directory.GetFiles(Dir).Should().Equal([path], "the temporary file is moved, not left behind");
    }

    [Test]
    public void Tiny_file_has_the_exact_safetensors_layout()
    {
        var path = PathOf("tiny.safetensors");
        torch.save([("w", tensor([1f, -2f], 1, 2)), ("b", tensor([0.5f]))], path);
        var bytes = File.ReadAllBytes(path);

        const string json = """{"w":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""";
        json.Length.Should().Be(110);
        const int headerLength = 112;                                  // 110 bytes of JSON + 2 spaces: the data starts 8-aligned
        bytes.Take(8).Should().Equal(new byte[] { 112, 0, 0, 0, 0, 0, 0, 0 });
        Encoding.UTF8.GetString(bytes, 8, headerLength).Should().Be(json + "  ");
        bytes.Skip(8 + headerLength).Should().Equal(new byte[]
        {
            0x00, 0x00, 0x80, 0x3F,     //  1.0f
            0x00, 0x00, 0x00, 0xC0,     // −2.0f
            0x00, 0x00, 0x00, 0x3F,     //  0.5f
        });
        bytes.Length.Should().Be(8 + headerLength + 12);
    }

    [Test]
    public void Metadata_is_written_first_and_read_back()
    {
        var path = PathOf("meta.safetensors");
        torch.save([("x", ones(1))], path, new Dictionary<string, string> { ["format"] = "pt", ["sheet"] = "04" });
        var bytes = File.ReadAllBytes(path);
        Encoding.UTF8.GetString(bytes, 8, 60).Should().StartWith("""{"__metadata__":{"format":"pt","sheet":"04"},"x":""");
        var (tensors, metadata) = SafeTensors.Read(path);
        tensors.Keys.Should().Equal("x");
        metadata.Should().Equal(new Dictionary<string, string> { ["format"] = "pt", ["sheet"] = "04" });
    }

    [Test]
    public void A_module_saves_and_loads_its_state_dict()
    {
        var path = PathOf("model.safetensors");
        var source = nn.Sequential(nn.Linear(3, 4, new Generator(1)), nn.ELU(), nn.LayerNorm([4]), nn.Linear(4, 2, new Generator(2)));
        source.save(path);
        var target = nn.Sequential(nn.Linear(3, 4, new Generator(8)), nn.ELU(), nn.LayerNorm([4]), nn.Linear(4, 2, new Generator(9)));
        target.load(path).Should().BeSameAs(target);

        foreach (var ((name, a), (_, b)) in source.state_dict().Zip(target.state_dict()))
            b.ToArray().Should().Equal(a.ToArray(), name);
        var x = randn([5, 3], new Generator(3));
        target.forward(x).ToArray().Should().Equal(source.forward(x).ToArray());
        target.parameters().Should().OnlyContain(p => p.requires_grad, "loading writes values, it does not replace the parameters");
    }

    [Test]
    public void Loading_into_a_different_module_is_refused_when_strict()
    {
        var path = PathOf("model.safetensors");
        nn.Linear(3, 4, new Generator(1)).save(path);
        var wrongNames = () => nn.Sequential(nn.Linear(3, 4, new Generator(1))).load(path);
        wrongNames.Should().Throw<ArgumentException>().WithMessage("*missing [0.weight, 0.bias], unexpected [weight, bias]*");
        var wrongShape = () => nn.Linear(4, 4, new Generator(1)).load(path);
        wrongShape.Should().Throw<ArgumentException>().WithMessage("*'weight'*");
        nn.Sequential(nn.Linear(3, 4, new Generator(1))).load(path, strict: false);   // nothing matches, nothing loaded
    }

    [Test]
    public void Saving_over_an_existing_file_replaces_it()
    {
        var path = PathOf("x.safetensors");
        torch.save([("x", ones(100))], path);
        torch.save([("y", zeros(1))], path);
        torch.load(path).Keys.Should().Equal("y");
        Directory.GetFiles(Dir).Should().HaveCount(1);
    }

    [Test]
    public void Duplicate_or_reserved_names_are_refused_when_saving()
    {
        var dup = () => torch.save([("x", ones(1)), ("x", ones(1))], PathOf("d.safetensors"));
        dup.Should().Throw<ArgumentException>().WithMessage("*'x' appears twice*");
        var reserved = () => torch.save([("__metadata__", ones(1))], PathOf("r.safetensors"));
        reserved.Should().Throw<ArgumentException>().WithMessage("*reserved*");
        Directory.GetFiles(Dir).Should().BeEmpty();
    }

    // ---- malformed files: each gives an InvalidDataException naming the file and the problem ----

    /// <summary>8-byte length, then the header, then the data (the length can be overridden to lie).</summary>
    private string Write(string header, byte[] data, ulong? length = null)
    {
        var h = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + h.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, length ?? (ulong)h.Length);
        h.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + h.Length);
        var path = PathOf("bad.safetensors");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Entry(string name, string shape, long begin, long end, string dtype = "F32") =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":[{begin},{end}]}}";

    private static void ShouldBeRejected(string path, string problem)
    {
        var act = () => torch.load(path);
        act.Should().Throw<InvalidDataException>().WithMessage($"{path}*{problem}*");
    }

    [Test]
    public void Rejects_a_file_shorter_than_the_length_field()
    {
        var path = PathOf("short.safetensors");
        File.WriteAllBytes(path, [1, 0, 0]);
        ShouldBeRejected(path, "3 bytes, fewer than the 8-byte header length");
    }

    [Test]
    public void Rejects_a_header_length_past_the_end() =>
        ShouldBeRejected(Write("{" + Entry("x", "[1]", 0, 4) + "}", new byte[4], length: 1000), "header length 1000 runs past the end");

    [Test]
    public void Rejects_a_huge_header_length() =>
        ShouldBeRejected(Write("{}", [], length: ulong.MaxValue), "exceeds the limit");

    [Test]
    public void Rejects_a_zero_header_length() =>
        ShouldBeRejected(Write("{}", [], length: 0), "header length is 0");

    [Test]
    public void Rejects_a_header_that_is_not_json() =>
        ShouldBeRejected(Write("{\"x\": [1, 2", []), "not valid UTF-8 JSON");

    [Test]
    public void Rejects_an_unknown_dtype() =>
        ShouldBeRejected(Write("{" + Entry("x", "[2]", 0, 4, dtype: "F16") + "}", new byte[4]), "'x' has dtype 'F16'; only F32");

    [Test]
    public void Rejects_offsets_beyond_the_data() =>
        ShouldBeRejected(Write("{" + Entry("x", "[2]", 0, 8) + "}", new byte[4]), "'x' has data_offsets [0, 8) beyond the end of the data (4 bytes)");

    [Test]
    public void Rejects_reversed_offsets() =>
        ShouldBeRejected(Write("{" + Entry("x", "[0]", 4, 0) + "}", new byte[4]), "not a pair 0 ≤ begin ≤ end");

    [Test]
    public void Rejects_overlapping_data() =>
        ShouldBeRejected(Write("{" + Entry("a", "[2]", 0, 8) + "," + Entry("b", "[2]", 4, 12) + "}", new byte[12]), "'b' [4, 12) overlaps that of 'a'");

    [Test]
    public void Rejects_bytes_that_belong_to_no_tensor() =>
        ShouldBeRejected(Write("{" + Entry("a", "[1]", 4, 8) + "}", new byte[8]), "[0, 4) before 'a' belong to no tensor");

    [Test]
    public void Rejects_trailing_data() =>
        ShouldBeRejected(Write("{" + Entry("a", "[1]", 0, 4) + "}", new byte[8]), "8 bytes but the tensors cover only 4");

    [Test]
    public void Rejects_a_shape_that_does_not_fit_the_offsets() =>
        ShouldBeRejected(Write("{" + Entry("a", "[3]", 0, 8) + "}", new byte[8]), "shape [3] (12 bytes of F32) but data_offsets span 8 bytes");

    [Test]
    public void Rejects_duplicate_names() =>
        ShouldBeRejected(Write("{" + Entry("a", "[1]", 0, 4) + "," + Entry("a", "[1]", 4, 8) + "}", new byte[8]), "'a' appears twice");

    [Test]
    public void Rejects_a_negative_dimension() =>
        ShouldBeRejected(Write("{" + Entry("a", "[-1]", 0, 0) + "}", []), "not a non-negative 32-bit integer");

    /// <summary>3 · 1431655766 wraps to 2 in int arithmetic: the 8 data bytes must not be taken for that shape.</summary>
    [Test]
    public void Rejects_a_shape_whose_size_overflows_to_the_data_length() =>
        ShouldBeRejected(Write("{" + Entry("a", "[3, 1431655766]", 0, 8) + "}", new byte[8]), "'a': shape [3, 1431655766] is too large: 4294967298 elements");

    [Test]
    public void Rejects_an_empty_shape_whose_other_dims_overflow() =>
        ShouldBeRejected(Write("{" + Entry("a", "[0, 65536, 65536]", 0, 0) + "}", []), "non-zero dims multiply to 4294967296");

    [Test]
    public void Rejects_non_string_metadata() =>
        ShouldBeRejected(Write("{\"__metadata__\":{\"epoch\":3}}", []), "metadata entry 'epoch' is not a string");

    [Test]
    public void Rejects_a_header_that_is_not_an_object() =>
        ShouldBeRejected(Write("[1,2,3]", []), "does not start with '{'");

    [Test]
    public void A_missing_file_names_the_path()
    {
        var act = () => torch.load(PathOf("nope.safetensors"));
        act.Should().Throw<FileNotFoundException>().WithMessage("*nope.safetensors*");
    }
}
