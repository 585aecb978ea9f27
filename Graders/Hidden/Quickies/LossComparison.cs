namespace Grader.Checks.Hidden.Quickies;

/// <summary>
/// Compares a loss a hand-in returns with the grader's value computed in double, as <c>fixtures/torch/
/// make_attention_and_loss_vectors.py</c> does for PyTorch: |seen − expected| ≤ (terms + 8)·u·(|expected| + scale),
/// u = 2⁻²⁴, where scale bounds Σ|∂q/∂v|·|v| over the computation's intermediate values v (each check states its
/// scale) and terms is its longest sum. A value equal to a known wrong variant's is named.
/// </summary>
public static class LossComparison
{
    private const double U = 1.0 / (1 << 24);

    /// <summary>A known wrong loss: its values on the same inputs and what to tell the student.</summary>
    public sealed record Variant(double[] Values, string Hint);

    /// <summary>The tolerance of one value.</summary>
    public static double Tolerance(double expected, double scale, int terms) => (terms + 8) * U * (Math.Abs(expected) + scale);

    /// <summary>Null when <paramref name="result"/> has <paramref name="shape"/> and matches within the tolerance; else the failure.</summary>
    public static CheckResult? Compare(HandinCall call, string what, Tensor? result, int[] shape, double[] expected, double[] scale, int terms,
        IReadOnlyList<Variant> variants, string hint)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(variants);
        var shapeHint = shape.Length == 0 ? "expected a single number, a 0-d tensor" : $"expected one value per example, shape {HandinCall.Shape(shape)}";
        if (call.Tensor(what, result, shape, shapeHint) is { } bad) return bad;
        var seen = result!.ToArray();
        int first = -1, count = 0;
        for (int i = 0; i < seen.Length; i++)
        {
            if (Math.Abs(seen[i] - expected[i]) <= Tolerance(expected[i], scale[i], terms)) continue;
            count++;
            if (first < 0) first = i;
        }
        if (first < 0) return null;
        var named = variants.FirstOrDefault(v => Enumerable.Range(0, seen.Length).All(i => Math.Abs(seen[i] - v.Values[i]) <= Tolerance(v.Values[i], scale[i], terms) + 1e-6 * Math.Abs(v.Values[i])));
        // The batch is drawn for the run: its size goes to the tutor, the student reads the share of examples.
        var where = shape.Length == 0 ? "" : count == seen.Length ? " at every example" : string.Create(CultureInfo.InvariantCulture, $" at {100.0 * count / seen.Length:0} % of the examples");
        var tutor = shape.Length == 0 ? null : $"first at example {first}, {count} of {seen.Length} examples differ";
        return call.Fail(string.Create(CultureInfo.InvariantCulture,
            $"{what} differs from the expected loss{where}: expected {expected[first]:G7}, seen {seen[first]:G7} (tolerance {Tolerance(expected[first], scale[first], terms):G2}). {named?.Hint ?? hint}"),
            expected: expected[first].ToString("G7", CultureInfo.InvariantCulture), seen: seen[first].ToString("G7", CultureInfo.InvariantCulture)) with { TutorDetail = tutor };
    }

    /// <summary>Calls the hand-in's loss (<paramref name="loss"/>, named <paramref name="what"/>) and compares its value (<see cref="Compare"/>): null when it matches, else the failure.</summary>
    public static CheckResult? CallAndCompare(HandinCall call, string what, Func<Tensor> loss, int[] shape, double[] expected, double[] scale, int terms,
        IReadOnlyList<Variant> variants, string hint)
    {
        ArgumentNullException.ThrowIfNull(call);
        return call.Run(what, loss, out var result) ?? Compare(call, what, result, shape, expected, scale, terms, variants, hint);
    }

    /// <summary>n values N(0, σ²) as float32.</summary>
    public static float[] Normal(Generator g, int n, double sigma) => Enumerable.Range(0, n).Select(_ => (float)(g.NextNormal() * sigma)).ToArray();

    /// <summary>n values uniform on [low, high] as float32.</summary>
    public static float[] Uniform(Generator g, int n, double low, double high) => Enumerable.Range(0, n).Select(_ => (float)(low + (high - low) * g.NextDouble())).ToArray();
}
