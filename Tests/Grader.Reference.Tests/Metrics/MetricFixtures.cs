namespace Grader.Reference.Tests.Metrics;

/// <summary>
/// fixtures/metrics/frechet_kernel_vectors.json: feature matrices with their Fréchet and kernel distances computed by
/// numpy/scipy (make_frechet_kernel_vectors.py beside it).
/// </summary>
public static class MetricFixtures
{
    public sealed record Case(string Name, double[,] X, double[,] Y, double Frechet, double Kernel)
    {
        public override string ToString() => Name;
    }

    private static readonly Lazy<Case[]> All = new(Load);

    public static IEnumerable<TestCaseData> Cases(string metric) =>
        All.Value.Select(c => new TestCaseData(c).SetName($"{metric}/scipy/{c.Name}"));

    private static Case[] Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "fixtures", "metrics", "frechet_kernel_vectors.json")));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => new Case(
            c.GetProperty("name").GetString()!, Matrix(c.GetProperty("x")), Matrix(c.GetProperty("y")),
            c.GetProperty("frechet").GetDouble(), c.GetProperty("kernel").GetDouble())).ToArray();
    }

    private static double[,] Matrix(JsonElement rows)
    {
        var r = rows.EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var m = new double[r.Length, r[0].Length];
        for (var i = 0; i < r.Length; i++)
            for (var j = 0; j < r[0].Length; j++) m[i, j] = r[i][j];
        return m;
    }
}
