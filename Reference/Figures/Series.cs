using System.Text;

namespace Grader.Figures;

/// <summary>Something drawn inside a panel's plot area.</summary>
internal abstract class Series
{
    /// <summary>Non-finite data skipped (points, cells or animated points, depending on the series).</summary>
    public int NonFinite { get; protected set; }

    /// <summary>Bounds of point data (auto limits pad these by 5%).</summary>
    public virtual Box? PointBounds => null;

    /// <summary>Bounds of extended data such as heat-map rectangles (auto limits include these unpadded).</summary>
    public virtual Box? ExtentBounds => null;

    /// <summary>The colour scale to show as a colourbar, if this series asks for one.</summary>
    public virtual ColorScale? Colorbar => null;

    public virtual IEnumerable<LegendEntry> Legend => [];

    public abstract void Render(StringBuilder sb, PlotTransform t);

    /// <summary>Pixel positions of drawn marks (lines sampled densely), used to place the legend where it hides least.</summary>
    public virtual IEnumerable<(double X, double Y)> Footprint(PlotTransform t) => [];

    /// <summary>Points every few pixels along the segment from a to b.</summary>
    protected static IEnumerable<(double X, double Y)> Along((double X, double Y) a, (double X, double Y) b)
    {
        var steps = (int)Math.Clamp(Math.Ceiling(Math.Max(Math.Abs(b.X - a.X), Math.Abs(b.Y - a.Y)) / 4), 1, 2000);
        for (var k = 0; k <= steps; k++)
        {
            var f = (double)k / steps;
            yield return (a.X + (b.X - a.X) * f, a.Y + (b.Y - a.Y) * f);
        }
    }

    /// <summary>Copies after checking that the arrays exist and have equal lengths.</summary>
    protected static void CheckLengths(double[] xs, double[] ys, string xsName = "xs", string ysName = "ys")
    {
        ArgumentNullException.ThrowIfNull(xs, xsName);
        ArgumentNullException.ThrowIfNull(ys, ysName);
        if (xs.Length != ys.Length)
            throw new ArgumentException($"{xsName} has {xs.Length} values but {ysName} has {ys.Length}.", ysName);
    }

    protected static string Color(string color) => Svg.Esc(color);
}
