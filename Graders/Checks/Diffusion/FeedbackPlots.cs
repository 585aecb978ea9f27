namespace Grader.Checks.Diffusion;

/// <summary>
/// Builds the <see cref="Plot"/>s the diffusion checks attach to their results for the feedback (the hand-in's samples
/// over the data, trajectory frames, interpolation paths, true-versus-predicted noise). Every builder drops the points
/// with a NaN or ±∞ coordinate, thins a series to a budget by keeping evenly spaced points (deterministic, the first and
/// the last kept), and a finished plot never carries more than <see cref="Plot.MaxPoints"/> points.
/// </summary>
public static class FeedbackPlots
{
    /// <summary>
    /// Rows of a flattened [N, d] array (d ≥ 2) as (coordinate 1, coordinate 2) pairs, in order, at most
    /// <paramref name="max"/> of them; rows with a non-finite coordinate are dropped.
    /// </summary>
    public static PlotSeries Rows(string label, PlotStyle style, IReadOnlyList<float> values, int d, int max = Plot.MaxPoints)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(d, 2);
        var pairs = Enumerable.Range(0, values.Count / d).Select(i => ((double)values[i * d], (double)values[i * d + 1]));
        return Series(label, style, pairs, max);
    }

    /// <summary>The rows of an [N, ≥ 2] matrix as (column 1, column 2) pairs, in order, at most <paramref name="max"/>; non-finite rows dropped.</summary>
    public static PlotSeries Rows(string label, PlotStyle style, double[,] values, int max = Plot.MaxPoints)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(values.GetLength(1), 2);
        var pairs = Enumerable.Range(0, values.GetLength(0)).Select(i => (values[i, 0], values[i, 1]));
        return Series(label, style, pairs, max);
    }

    /// <summary>A series from (x, y) pairs: non-finite pairs dropped, then thinned to at most <paramref name="max"/> evenly spaced pairs.</summary>
    public static PlotSeries Series(string label, PlotStyle style, IEnumerable<(double X, double Y)> pairs, int max = Plot.MaxPoints)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var kept = Thin(pairs.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList(), max);
        return new PlotSeries(label, style, kept.Select(p => p.X).ToArray(), kept.Select(p => p.Y).ToArray());
    }

    /// <summary>The line y = x over the range both coordinates of <paramref name="series"/> span (two points), or an empty line when they have no points.</summary>
    public static PlotSeries Diagonal(string label, IEnumerable<PlotSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var values = series.SelectMany(s => s.X.Concat(s.Y)).ToList();
        return values.Count == 0 ? PlotSeries.Line(label, [], []) : PlotSeries.Line(label, [values.Min(), values.Max()], [values.Min(), values.Max()]);
    }

    /// <summary>
    /// A plot of the non-empty series, each thinned in proportion so that all together keep at most
    /// <see cref="Plot.MaxPoints"/> points; null when no series has a point.
    /// </summary>
    public static Plot? Of(string title, string xLabel, string yLabel, IEnumerable<PlotSeries> series, bool equalAspect)
    {
        ArgumentNullException.ThrowIfNull(series);
        var kept = series.Where(s => s.X.Count > 0 && s.X.Count == s.Y.Count).ToList();
        if (kept.Count == 0) return null;
        var total = kept.Sum(s => s.X.Count);
        if (total > Plot.MaxPoints)
        {
            kept = kept.Select(s =>
            {
                var budget = (int)((long)s.X.Count * Plot.MaxPoints / total);
                var pairs = Thin(s.X.Zip(s.Y).ToList(), budget);
                return s with { X = pairs.Select(p => p.First).ToArray(), Y = pairs.Select(p => p.Second).ToArray() };
            }).Where(s => s.X.Count > 0).ToList();
        }

        return new Plot(title, xLabel, yLabel, kept, equalAspect);
    }

    /// <summary>The plots that exist, or null when there are none (the result's "no plots").</summary>
    public static IReadOnlyList<Plot>? List(IEnumerable<Plot?> plots)
    {
        ArgumentNullException.ThrowIfNull(plots);
        var list = plots.OfType<Plot>().ToList();
        return list.Count == 0 ? null : list;
    }

    /// <summary>At most <paramref name="max"/> items, evenly spaced over the list, the first and the last kept.</summary>
    private static List<T> Thin<T>(List<T> items, int max)
    {
        if (items.Count <= max) return items;
        if (max <= 0) return [];
        if (max == 1) return [items[0]];
        return Enumerable.Range(0, max).Select(i => items[(int)((long)i * (items.Count - 1) / (max - 1))]).ToList();
    }
}
