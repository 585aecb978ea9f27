namespace Grader.Reference.OdeSde.Figures;

/// <summary>
/// <c>np.histogram(values, bins, range, density=True)</c> as a step outline for a line plot: each bin's height is
/// count/(n·width) with n the number of finite values inside the range (so the bars integrate to 1, as numpy's do).
/// </summary>
public static class DensityHistogram
{
    /// <summary>The notebooks' bins: 50 over [−10, 10].</summary>
    public const int NotebookBins = 50;

    /// <summary>Bin heights (density), with the bins' edges.</summary>
    public static (double[] Edges, double[] Heights) Compute(IReadOnlyList<double> values, int bins = NotebookBins, double min = -10, double max = 10)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (!(max > min)) throw new ArgumentException($"the range must not be empty ([{min}, {max}])");
        double width = (max - min) / bins;
        var counts = new double[bins];
        int inside = 0;
        foreach (var v in values)
        {
            if (!double.IsFinite(v) || v < min || v > max) continue;
            int b = Math.Min((int)((v - min) / width), bins - 1);
            counts[b]++;
            inside++;
        }
        var edges = Enumerable.Range(0, bins + 1).Select(i => min + i * width).ToArray();
        return (edges, counts.Select(c => inside == 0 ? 0 : c / (inside * width)).ToArray());
    }

    /// <summary>The outline (x, y) of the histogram: up at each left edge, across, down at the right edge.</summary>
    public static (double[] Xs, double[] Ys) Steps(IReadOnlyList<double> values, int bins = NotebookBins, double min = -10, double max = 10)
    {
        var (edges, heights) = Compute(values, bins, min, max);
        var xs = new List<double> { edges[0] };
        var ys = new List<double> { 0 };
        for (int i = 0; i < heights.Length; i++)
        {
            xs.Add(edges[i]); ys.Add(heights[i]);
            xs.Add(edges[i + 1]); ys.Add(heights[i]);
        }
        xs.Add(edges[^1]); ys.Add(0);
        return (xs.ToArray(), ys.ToArray());
    }
}
