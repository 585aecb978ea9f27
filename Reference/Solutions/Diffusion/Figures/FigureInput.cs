using Grader.Tensors;

namespace Grader.Reference.Diffusion.Figures;

/// <summary>
/// Shared by the diffusion figures: tensors to plotting columns, trajectory frames, a deterministic thinning of
/// background points, and axis limits that stay readable when a few points run far away (a diverging hand-in).
/// </summary>
internal static class FigureInput
{
    /// <summary>An [N, d] tensor as d columns of N doubles (NaN and ±∞ kept; the plots count and skip them).</summary>
    public static double[][] Columns(Tensor x, string name, int minDim = 1)
    {
        ArgumentNullException.ThrowIfNull(x, name);
        if (x.dim() != 2)
            throw new ArgumentException($"{name} must be [N, d], got [{string.Join(", ", x.shape)}].", name);
        int n = x.size(0), d = x.size(1);
        if (d < minDim)
            throw new ArgumentException($"{name} must have at least {minDim} columns, got [{n}, {d}].", name);
        var flat = x.detach().ToArray();
        var cols = new double[d][];
        for (var j = 0; j < d; j++)
        {
            var c = new double[n];
            for (var i = 0; i < n; i++) c[i] = flat[i * d + j];
            cols[j] = c;
        }
        return cols;
    }

    /// <summary>A trajectory [S + 1, N, d ≥ 2] as S + 1 frames of (x, y) columns (the first two data dimensions).</summary>
    public static Frame[] Frames(Tensor trajectory, string name)
    {
        ArgumentNullException.ThrowIfNull(trajectory, name);
        if (trajectory.dim() != 3 || trajectory.size(0) < 1 || trajectory.size(2) < 2)
            throw new ArgumentException($"{name} must be [S + 1 ≥ 1, N, d ≥ 2] (latents first, samples last), got [{string.Join(", ", trajectory.shape)}].", name);
        int frames = trajectory.size(0), n = trajectory.size(1), d = trajectory.size(2);
        var flat = trajectory.detach().ToArray();
        var result = new Frame[frames];
        for (var f = 0; f < frames; f++)
        {
            var xs = new double[n];
            var ys = new double[n];
            var o = f * n * d;
            for (var i = 0; i < n; i++)
            {
                xs[i] = flat[o + i * d];
                ys[i] = flat[o + i * d + 1];
            }
            result[f] = new Frame(xs, ys);
        }
        return result;
    }

    /// <summary>The first two columns of an optional [N, d ≥ 2] tensor, thinned to at most <paramref name="max"/> points.</summary>
    public static Frame? Background(Tensor? data, int max, string name)
    {
        if (data is null) return null;
        var c = Columns(data, name, minDim: 2);
        return Thin(new Frame(c[0], c[1]), max);
    }

    /// <summary>At most <paramref name="max"/> evenly strided points (deterministic; keeps the order of the data).</summary>
    public static Frame Thin(Frame f, int max)
    {
        int n = f.Xs.Length;
        if (max <= 0 || n <= max) return f;
        var xs = new double[max];
        var ys = new double[max];
        for (var k = 0; k < max; k++)
        {
            var i = (int)((long)k * n / max);
            xs[k] = f.Xs[i];
            ys[k] = f.Ys[i];
        }
        return new Frame(xs, ys);
    }

    /// <summary>
    /// Common limits for several panels: the finite range of all points, or, when a few points lie far outside the
    /// bulk (the full range is more than 3× the central 99.6 %), the central range widened by 15 % (outliers are then
    /// clipped by the panel). Null when nothing is finite.
    /// </summary>
    public static (double XMin, double XMax, double YMin, double YMax)? Limits(IEnumerable<Frame> sets)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var s in sets)
            for (var i = 0; i < s.Xs.Length; i++)
            {
                if (!double.IsFinite(s.Xs[i]) || !double.IsFinite(s.Ys[i])) continue;
                xs.Add(s.Xs[i]);
                ys.Add(s.Ys[i]);
            }
        if (xs.Count == 0) return null;
        var (x0, x1) = Range(xs);
        var (y0, y1) = Range(ys);
        return (x0, x1, y0, y1);
    }

    private static (double Min, double Max) Range(List<double> values)
    {
        values.Sort();
        double min = values[0], max = values[^1];
        double lo = Quantile(values, 0.002), hi = Quantile(values, 0.998);
        double a, b;
        if (hi > lo && max - min > 3 * (hi - lo))
        {
            var pad = 0.15 * (hi - lo);
            (a, b) = (lo - pad, hi + pad);
        }
        else
        {
            var pad = 0.05 * (max - min);
            (a, b) = (min - pad, max + pad);
        }
        if (!(b > a) || !double.IsFinite(b - a))
        {
            var c = double.IsFinite(a) ? a : 0;
            (a, b) = (c - 1, c + 1);
        }
        return (a, b);
    }

    private static double Quantile(List<double> sorted, double q)
    {
        var pos = q * (sorted.Count - 1);
        var i = (int)Math.Floor(pos);
        var j = Math.Min(i + 1, sorted.Count - 1);
        return sorted[i] + (sorted[j] - sorted[i]) * (pos - i);
    }

    /// <summary>Finite minimum and maximum, or null when there is no finite value.</summary>
    public static (double Min, double Max)? FiniteRange(IEnumerable<double> values)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (!double.IsFinite(v)) continue;
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }
        return double.IsPositiveInfinity(lo) ? null : (lo, hi);
    }

    public static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
