namespace Grader.Reference.Tests.Torch;

/// <summary>Reading the attention and loss fixtures.</summary>
internal static class TorchFixtures
{
    public static JsonElement[] Cases(string fileName)
    {
        var path = Path.Combine(Path.GetDirectoryName(DiffusionVectorTests.FixturePath())!, fileName);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone()).ToArray();
    }

    /// <summary>A float32 tensor {shape, data}; null for a JSON null.</summary>
    public static Tensor? TensorOrNull(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : TensorOf(e);

    public static Tensor TensorOf(JsonElement e)
    {
        var shape = e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var data = e.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        return shape.Length == 0 ? scalar(data[0]) : tensor(data, shape);
    }

    public static int[] Ints(JsonElement e) => e.GetProperty("data").EnumerateArray().Select(v => v.GetInt32()).ToArray();

    public static int[] Shape(JsonElement e) => e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
}
