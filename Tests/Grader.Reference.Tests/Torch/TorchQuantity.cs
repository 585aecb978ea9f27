using System.Text;

namespace Grader.Reference.Tests.Torch;

/// <summary>
/// A quantity of fixtures/torch/attention_vectors.json or loss_vectors.json (make_attention_and_loss_vectors.py):
/// PyTorch's float32 result, the float64 value of the same call, and the generator's error scale and longest
/// accumulation. <see cref="Compare"/> applies the convention of TorchVectorTests: against PyTorch
/// |ours − torch| ≤ (terms + 8)·ε₃₂·(|q| + scale); against the float64 value half that (one float32 evaluation).
/// </summary>
internal sealed record TorchQuantity(int[] Shape, float[] Torch, double[] Expected, double[] Scale, int Terms)
{
    private const double U32 = 1.0 / (1 << 24);
    private const double Elementary = 8;

    public static TorchQuantity Read(JsonElement e) => new(
        e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray(),
        e.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray(),
        e.GetProperty("expected").EnumerateArray().Select(v => v.GetDouble()).ToArray(),
        e.GetProperty("scale").EnumerateArray().Select(v => v.GetDouble()).ToArray(),
        e.GetProperty("terms").GetInt32());

    /// <summary>The tolerance of one float32 evaluation against the exact value, per element.</summary>
    public double OneSided(int i) => (Terms + Elementary) * U32 * (Math.Abs(Expected[i]) + Scale[i]);

    /// <summary>
    /// Compares <paramref name="ours"/> with PyTorch's float32 values and with the float64 values; adds a line with the
    /// worst |diff|/tolerance to <paramref name="report"/> and a message per failing element to <paramref name="failures"/>.
    /// </summary>
    public void Compare(string what, Tensor ours, StringBuilder report, List<string> failures)
    {
        if (!ours.shape.SequenceEqual(Shape))
        {
            failures.Add($"{what}: shape [{string.Join(", ", ours.shape)}], PyTorch [{string.Join(", ", Shape)}]");
            return;
        }
        Compare(what, ours.ToDoubleArray(), report, failures);
    }

    public void Compare(string what, double[] ours, StringBuilder report, List<string> failures)
    {
        double worstTorch = 0, worstExact = 0;
        for (int i = 0; i < ours.Length; i++)
        {
            var tol = OneSided(i);
            double dTorch = Math.Abs(ours[i] - Torch[i]), dExact = Math.Abs(ours[i] - Expected[i]);
            if (!(dTorch <= 2 * tol))
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{what}[{i}]: ours {ours[i]:R}, PyTorch {Torch[i]:R}, |diff| {dTorch:G3} > {2 * tol:G3}"));
            if (!(dExact <= tol))
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{what}[{i}]: ours {ours[i]:R}, float64 {Expected[i]:R}, |diff| {dExact:G3} > {tol:G3}"));
            if (dTorch > 0) worstTorch = Math.Max(worstTorch, double.IsNaN(dTorch) ? double.PositiveInfinity : dTorch / (2 * tol));
            if (dExact > 0) worstExact = Math.Max(worstExact, double.IsNaN(dExact) ? double.PositiveInfinity : dExact / tol);
        }
        var largest = Expected.Select(Math.Abs).DefaultIfEmpty(0).Max();
        var widest = Enumerable.Range(0, Expected.Length).Select(OneSided).DefaultIfEmpty(0).Max();
        report.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"  {what}: max |diff|/tolerance vs PyTorch {worstTorch:G3}, vs float64 {worstExact:G3}; widest tolerance {widest:G3} against max |q| {largest:G3} (n = {Terms})"));
    }

    public Tensor ToTensor() => tensor(Torch, Shape);
}
