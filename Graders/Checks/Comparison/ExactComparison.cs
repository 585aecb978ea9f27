namespace Grader.Checks.Comparison;

/// <summary>
/// Elementwise comparison of a hand-in's output with the reference's under per-element tolerances, and the matching
/// of a failing output against the snapshot's diagnostic variants.
/// </summary>
public static class ExactComparison
{
    /// <summary>
    /// The indices where |seen − expected| exceeds the tolerance; the worst of them (the largest |Δ|/tolerance, or the
    /// largest |Δ| when none is outside); and the largest deviation.
    /// </summary>
    public static (List<int> Outside, int Worst, double MaxDeviation) Compare(float[] seen, float[] expected, double[] tolerance)
    {
        var outside = new List<int>();
        int worst = 0, largest = 0;
        double max = -1, worstRatio = -1;
        for (var i = 0; i < expected.Length; i++)
        {
            var deviation = Math.Abs((double)seen[i] - expected[i]);
            if (!(deviation <= tolerance[i]))
            {
                outside.Add(i);
                var ratio = tolerance[i] > 0 ? deviation / tolerance[i] : double.PositiveInfinity;
                if (ratio > worstRatio) { worstRatio = ratio; worst = i; }
            }

            if (deviation > max) { max = deviation; largest = i; }
        }

        return (outside, outside.Count > 0 ? worst : largest, Math.Max(max, 0));
    }

    /// <summary>max |a − b|.</summary>
    public static double MaxDistance(float[] a, float[] b)
    {
        var max = 0.0;
        for (var i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs((double)a[i] - b[i]));
        return max;
    }

    /// <summary>
    /// The first variant the hand-in matches over all cases: within twice its tolerance plus 1% of the variant's own
    /// largest distance from the reference, at every element of every case, and with the variant distinguishable from
    /// the reference somewhere (some element further than the tolerance). Null when none does.
    /// </summary>
    /// <param name="cases">Per case: the hand-in's output, the reference's, the tolerances, and the variants.</param>
    public static string? MatchVariant(IReadOnlyList<(float[] Seen, float[] Expected, double[] Tolerance, IReadOnlyList<Variant> Variants)> cases)
    {
        var names = cases.SelectMany(c => c.Variants.Select(v => v.Name)).Distinct().ToArray();
        foreach (var name in names)
        {
            var pairs = cases
                .Select(c => (c.Seen, c.Expected, c.Tolerance, Variant: c.Variants.FirstOrDefault(v => v.Name == name)?.Values))
                .Where(c => c.Variant is not null && c.Variant.Length == c.Expected.Length)
                .ToArray();
            if (pairs.Length != cases.Count) continue;
            var spread = pairs.Max(p => MaxDistance(p.Variant!, p.Expected));
            var distinguishable = pairs.Any(p => Enumerable.Range(0, p.Expected.Length).Any(i => Math.Abs((double)p.Variant![i] - p.Expected[i]) > p.Tolerance[i]));
            if (!distinguishable) continue;
            var matches = pairs.All(p => Enumerable.Range(0, p.Expected.Length)
                .All(i => Math.Abs((double)p.Seen[i] - p.Variant![i]) <= 2 * p.Tolerance[i] + 0.01 * spread));
            if (matches) return name;
        }

        return null;
    }

    /// <summary>A number for a message, 6 significant digits, invariant culture.</summary>
    public static string F(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>A short number for a tolerance or deviation, 2 significant digits.</summary>
    public static string E(double value) => value.ToString("G2", CultureInfo.InvariantCulture);

    /// <summary>Row <paramref name="row"/> of a flattened [N, d] array, "[0.1, −2.3]".</summary>
    public static string Row(float[] data, int row, int d) =>
        "[" + string.Join(", ", Enumerable.Range(0, d).Select(j => F(data[row * d + j]))) + "]";
}
