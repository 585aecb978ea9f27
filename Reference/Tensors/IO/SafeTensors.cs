#pragma warning disable IDE1006, CS8981
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Grader.Tensors;

/// <summary>
/// Reads and writes the safetensors format (https://github.com/huggingface/safetensors), float32 only:
/// <list type="number">
/// <item>8 bytes: N, the header length, unsigned little-endian;</item>
/// <item>N bytes: a UTF-8 JSON object {"__metadata__": {string: string}?, name: {"dtype": "F32", "shape": [..],
/// "data_offsets": [begin, end]}, …}, padded with spaces so the data starts at a multiple of 8;</item>
/// <item>the data: each tensor's values, row-major little-endian float32, at [begin, end) relative to the data start.
/// The tensors tile the data without gaps or overlaps.</item>
/// </list>
/// Written here in the order given (header and data alike). A file is written to a temporary file beside the target
/// and moved over it, so a reader never sees half a file. Every structural problem of a file being read is an
/// <see cref="InvalidDataException"/> naming the file and the problem.
/// </summary>
public static class SafeTensors
{
    /// <summary>The largest header accepted (the reference implementation's limit).</summary>
    public const long MaxHeaderLength = 100_000_000;

    private const string MetadataKey = "__metadata__";

    public static void Save(IEnumerable<(string name, Tensor tensor)> state, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var entries = state.ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, _) in entries)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("torch.save: a tensor name is empty");
            if (name == MetadataKey) throw new ArgumentException($"torch.save: '{MetadataKey}' is reserved and cannot name a tensor");
            if (!names.Add(name)) throw new ArgumentException($"torch.save: the name '{name}' appears twice");
        }

        var header = BuildHeader(entries, metadata);
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        string tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Span<byte> len = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)header.Length);
                fs.Write(len);
                fs.Write(header);
                foreach (var (_, t) in entries) WriteFloats(fs, t.Span);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>The JSON header, space-padded to a multiple of 8 bytes.</summary>
    internal static byte[] BuildHeader(IReadOnlyList<(string name, Tensor tensor)> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = false }))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject(MetadataKey);
                foreach (var (k, v) in metadata) w.WriteString(k, v);
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, t) in entries)
            {
                long bytes = 4L * t.numel();
                w.WriteStartObject(name);
                w.WriteString("dtype", "F32");
                w.WriteStartArray("shape");
                foreach (var s in t.Shape) w.WriteNumberValue(s);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset + bytes);
                w.WriteEndArray();
                w.WriteEndObject();
                offset += bytes;
            }
            w.WriteEndObject();
        }
        int n = (int)ms.Length, padded = (n + 7) / 8 * 8;
        var header = new byte[padded];
        ms.GetBuffer().AsSpan(0, n).CopyTo(header);
        header.AsSpan(n).Fill((byte)' ');
        return header;
    }

    private static void WriteFloats(Stream s, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian) { s.Write(MemoryMarshal.AsBytes(values)); return; }
        var buf = new byte[4 * values.Length];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(buf.AsSpan(4 * i), values[i]);
        s.Write(buf);
    }

    public static Dictionary<string, Tensor> Load(string path) => Read(path).tensors;

    /// <summary>The tensors, in header order, and the "__metadata__" entries (empty when absent).</summary>
    public static (Dictionary<string, Tensor> tensors, Dictionary<string, string> metadata) Read(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (FileNotFoundException) { throw new FileNotFoundException($"torch.load: no such file '{path}'", path); }
        return Parse(bytes, path);
    }

    /// <summary>The tensors and metadata of a safetensors file already in memory (an embedded resource); <paramref name="name"/> names it in errors.</summary>
    public static (Dictionary<string, Tensor> tensors, Dictionary<string, string> metadata) Read(ReadOnlySpan<byte> file, string name) =>
        Parse(file, name);

    internal static (Dictionary<string, Tensor> tensors, Dictionary<string, string> metadata) Parse(ReadOnlySpan<byte> file, string path)
    {
        InvalidDataException Bad(string problem) => new($"{path}: not a valid safetensors file: {problem}");

        if (file.Length < 8) throw Bad($"the file has {file.Length} bytes, fewer than the 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (headerLength == 0) throw Bad("the header length is 0");
        if (headerLength > MaxHeaderLength) throw Bad($"the header length {headerLength} exceeds the limit of {MaxHeaderLength} bytes");
        if (headerLength > (ulong)(file.Length - 8)) throw Bad($"the header length {headerLength} runs past the end of the file ({file.Length - 8} bytes follow the length)");
        var headerBytes = file.Slice(8, (int)headerLength);
        var data = file[(8 + (int)headerLength)..];
        if (headerBytes[0] != (byte)'{') throw Bad("the header does not start with '{'");

        JsonDocument doc;
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(headerBytes);
            doc = JsonDocument.Parse(text);
        }
        catch (Exception e) when (e is JsonException or DecoderFallbackException or ArgumentException)
        {
            throw Bad($"the header is not valid UTF-8 JSON ({e.Message})");
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Bad("the header is not a JSON object");
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var specs = new List<(string name, int[] shape, long begin, long end)>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (!seen.Add(prop.Name)) throw Bad($"the name '{prop.Name}' appears twice in the header");
                if (prop.Name == MetadataKey)
                {
                    if (prop.Value.ValueKind != JsonValueKind.Object) throw Bad($"'{MetadataKey}' is not an object");
                    foreach (var m in prop.Value.EnumerateObject())
                    {
                        if (m.Value.ValueKind != JsonValueKind.String) throw Bad($"metadata entry '{m.Name}' is not a string");
                        metadata[m.Name] = m.Value.GetString()!;
                    }
                    continue;
                }
                specs.Add(ParseEntry(prop, data.Length, Bad));
            }

            // The tensors must tile the data: sorted by begin, each starts where the previous ended, the last ends at the end.
            var ordered = specs.OrderBy(s => s.begin).ThenBy(s => s.end).ToList();
            long at = 0;
            string? previous = null;
            foreach (var s in ordered)
            {
                if (s.begin < at) throw Bad($"the data of '{s.name}' [{s.begin}, {s.end}) overlaps that of '{previous}' (which ends at {at})");
                if (s.begin > at) throw Bad($"the bytes [{at}, {s.begin}) before '{s.name}' belong to no tensor");
                at = s.end; previous = s.name;
            }
            if (at != data.Length) throw Bad($"the data section has {data.Length} bytes but the tensors cover only {at}");

            var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var (name, shape, begin, end) in specs)
            {
                var values = new float[(end - begin) / 4];
                var src = data.Slice((int)begin, (int)(end - begin));
                if (BitConverter.IsLittleEndian) src.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
                else for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(src[(4 * i)..]);
                tensors[name] = Tensor.FromArray(values, shape);
            }
            return (tensors, metadata);
        }
    }

    private static (string name, int[] shape, long begin, long end) ParseEntry(JsonProperty prop, int dataLength, Func<string, InvalidDataException> bad)
    {
        string name = prop.Name;
        var e = prop.Value;
        if (e.ValueKind != JsonValueKind.Object) throw bad($"the entry '{name}' is not an object");
        if (!e.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String)
            throw bad($"the entry '{name}' has no string \"dtype\"");
        if (dtype.GetString() != "F32") throw bad($"the entry '{name}' has dtype '{dtype.GetString()}'; only F32 is supported");
        if (!e.TryGetProperty("shape", out var shapeEl) || shapeEl.ValueKind != JsonValueKind.Array)
            throw bad($"the entry '{name}' has no \"shape\" array");
        var shape = new int[shapeEl.GetArrayLength()];
        int k = 0;
        foreach (var s in shapeEl.EnumerateArray())
        {
            if (s.ValueKind != JsonValueKind.Number || !s.TryGetInt32(out int v) || v < 0)
                throw bad($"the entry '{name}' has a shape entry {s.GetRawText()} that is not a non-negative 32-bit integer");
            shape[k++] = v;
        }
        long numel;
        try { numel = ShapeUtil.Numel(shape, $"the entry '{name}'"); }
        catch (ArgumentException ex) { throw bad(ex.Message); }
        if (!e.TryGetProperty("data_offsets", out var off) || off.ValueKind != JsonValueKind.Array || off.GetArrayLength() != 2)
            throw bad($"the entry '{name}' has no \"data_offsets\" pair");
        if (!off[0].TryGetInt64(out long begin) || !off[1].TryGetInt64(out long end) || begin < 0 || end < begin)
            throw bad($"the entry '{name}' has data_offsets {off.GetRawText()}, not a pair 0 ≤ begin ≤ end");
        if (end > dataLength)
            throw bad($"the entry '{name}' has data_offsets [{begin}, {end}) beyond the end of the data ({dataLength} bytes)");
        if (end - begin != 4 * numel)
            throw bad($"the entry '{name}' has shape {ShapeUtil.Format(shape)} ({4 * numel} bytes of F32) but data_offsets span {end - begin} bytes");
        foreach (var p in e.EnumerateObject())
            if (p.Name is not ("dtype" or "shape" or "data_offsets")) throw bad($"the entry '{name}' has an unknown field '{p.Name}'");
        return (name, shape, begin, end);
    }
}

public static partial class torch
{
    /// <summary>
    /// Writes named tensors to <paramref name="path"/> as a safetensors file (atomically: temp file, then move), e.g.
    /// <c>torch.save(model.state_dict(), "model.safetensors")</c>. Optional string metadata goes into "__metadata__".
    /// </summary>
    public static void save(IEnumerable<(string name, Tensor tensor)> state, string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafeTensors.Save(state, path, metadata);

    /// <summary>Reads a safetensors file (F32 tensors) into name → tensor, in header order; malformed files throw <see cref="InvalidDataException"/>.</summary>
    public static Dictionary<string, Tensor> load(string path) => SafeTensors.Load(path);
}

/// <summary><c>module.save(path)</c> and <c>module.load(path)</c>: the state_dict through a safetensors file.</summary>
public static class ModuleSerialization
{
    /// <summary>Saves <c>module.state_dict()</c> (parameters, then buffers) to <paramref name="path"/>.</summary>
    public static void save(this Module module, string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafeTensors.Save(module.state_dict(), path, metadata);

    /// <summary>Loads <paramref name="path"/> into the module's registered tensors (see <see cref="Module.load_state_dict"/>); returns the module.</summary>
    public static T load<T>(this T module, string path, bool strict = true) where T : Module
    {
        module.load_state_dict(SafeTensors.Load(path), strict);
        return module;
    }
}
