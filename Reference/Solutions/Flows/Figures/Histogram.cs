namespace Grader.Reference.Flows.Figures;

/// <summary>
/// A density histogram on fixed, equal bins (NumPy's <c>histogram(density=True)</c>: normalised over the values inside
/// the range, so its area is 1 whenever any value falls inside). Non-finite values are left out.
/// </summary>
public sealed record Histogram(double Min, double Max, double[] Density, int Inside, int Total)
{
    public int Bins => Density.Length;
    public double Width => (Max - Min) / Bins;

    /// <summary>The histogram of <paramref name="values"/> on <paramref name="bins"/> bins over [min, max] (the last bin includes max).</summary>
    public static Histogram Of(IReadOnlyList<double> values, double min, double max, int bins)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (!(max > min) || !double.IsFinite(min) || !double.IsFinite(max)) throw new ArgumentException($"Histogram: need a finite range min < max, got [{min}, {max}]");
        var counts = new double[bins];
        int inside = 0;
        double width = (max - min) / bins;
        foreach (var v in values)
        {
            if (!(v >= min && v <= max)) continue;
            counts[Math.Min((int)((v - min) / width), bins - 1)]++;
            inside++;
        }
        for (int k = 0; k < bins; k++) counts[k] = inside == 0 ? 0 : counts[k] / (inside * width);
        return new Histogram(min, max, counts, inside, values.Count);
    }

    /// <summary>The outline as a polyline: (edge, 0), then each bin's top, back to 0 at the last edge.</summary>
    public (double[] Xs, double[] Ys) Steps()
    {
        var xs = new double[2 * Bins + 2];
        var ys = new double[2 * Bins + 2];
        xs[0] = Min;
        for (int k = 0; k < Bins; k++)
        {
            xs[2 * k + 1] = Min + k * Width;
            xs[2 * k + 2] = Min + (k + 1) * Width;
            ys[2 * k + 1] = ys[2 * k + 2] = Density[k];
        }
        xs[^1] = Max;
        return (xs, ys);
    }

    /// <summary>Total variation ½Σ|p_k − q_k| between the bin probabilities of two histograms on the same bins (0 … 1).</summary>
    public static double TotalVariation(Histogram a, Histogram b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Bins != b.Bins || a.Min != b.Min || a.Max != b.Max) throw new ArgumentException("TotalVariation: the histograms must share their bins");
        double tv = 0;
        for (int k = 0; k < a.Bins; k++) tv += 0.5 * Math.Abs(a.Density[k] - b.Density[k]) * a.Width;
        return tv;
    }
}
