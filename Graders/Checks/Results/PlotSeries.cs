namespace Grader.Checks.Results;

/// <summary>One series of a <see cref="Plot"/>: points or a polyline, with a legend label.</summary>
/// <param name="Label">The legend entry ("your samples", "data", "reference").</param>
/// <param name="Style">Points, or a line through the points in order.</param>
/// <param name="X">x coordinates.</param>
/// <param name="Y">y coordinates (as many as <paramref name="X"/>).</param>
public sealed record PlotSeries(string Label, PlotStyle Style, IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    /// <summary>A point cloud from two coordinate arrays.</summary>
    public static PlotSeries Points(string label, IReadOnlyList<double> x, IReadOnlyList<double> y) => new(label, PlotStyle.Points, x, y);

    /// <summary>A polyline from two coordinate arrays.</summary>
    public static PlotSeries Line(string label, IReadOnlyList<double> x, IReadOnlyList<double> y) => new(label, PlotStyle.Line, x, y);
}
