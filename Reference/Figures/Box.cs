namespace Grader.Figures;

/// <summary>A data-space bounding box.</summary>
internal readonly record struct Box(double XMin, double XMax, double YMin, double YMax)
{
    public Box Union(Box o) => new(Math.Min(XMin, o.XMin), Math.Max(XMax, o.XMax), Math.Min(YMin, o.YMin), Math.Max(YMax, o.YMax));

    public static Box? Union(Box? a, Box? b) => a is null ? b : b is null ? a : a.Value.Union(b.Value);

    /// <summary>Bounds of the finite points (null when there are none).</summary>
    public static Box? Of(IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        double x0 = double.PositiveInfinity, x1 = double.NegativeInfinity, y0 = double.PositiveInfinity, y1 = double.NegativeInfinity;
        var any = false;
        for (var i = 0; i < xs.Count; i++)
        {
            double x = xs[i], y = ys[i];
            if (!double.IsFinite(x) || !double.IsFinite(y)) continue;
            any = true;
            x0 = Math.Min(x0, x); x1 = Math.Max(x1, x);
            y0 = Math.Min(y0, y); y1 = Math.Max(y1, y);
        }
        return any ? new Box(x0, x1, y0, y1) : null;
    }
}
