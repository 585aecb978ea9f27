using System.Text;

namespace Grader.Figures;

/// <summary>
/// A grid of values drawn as coloured cells covering [xMin, xMax] × [yMin, yMax]
/// (embedded as a PNG data URI). <c>values[iy, ix]</c>: row iy = 0 is the bottom (yMin) row.
/// </summary>
internal sealed class HeatMapSeries : Series
{
    private readonly double[,] _values;
    private readonly Box _extent;
    private readonly ColorScale _scale;
    private readonly bool _showColorbar;
    private readonly bool _smooth;
    private readonly double _opacity;

    public HeatMapSeries(double[,] values, double xMin, double xMax, double yMin, double yMax,
        ColorScale scale, bool showColorbar, bool smooth, double opacity)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.GetLength(0) == 0 || values.GetLength(1) == 0) throw new ArgumentException("The grid is empty.", nameof(values));
        if (!double.IsFinite(xMin) || !double.IsFinite(xMax) || !(xMax > xMin)) throw new ArgumentOutOfRangeException(nameof(xMax), "Need finite xMin < xMax.");
        if (!double.IsFinite(yMin) || !double.IsFinite(yMax) || !(yMax > yMin)) throw new ArgumentOutOfRangeException(nameof(yMax), "Need finite yMin < yMax.");
        _values = (double[,])values.Clone();
        foreach (var v in _values) if (!double.IsFinite(v)) NonFinite++;
        _extent = new Box(xMin, xMax, yMin, yMax);
        _scale = scale;
        _showColorbar = showColorbar;
        _smooth = smooth;
        _opacity = Math.Clamp(opacity, 0, 1);
    }

    public override Box? ExtentBounds => _extent;
    public override ColorScale? Colorbar => _showColorbar ? _scale : null;

    public override void Render(StringBuilder sb, PlotTransform t)
    {
        int ny = _values.GetLength(0), nx = _values.GetLength(1);
        var rgba = new byte[nx * ny * 4];
        for (var row = 0; row < ny; row++)
        {
            var iy = ny - 1 - row; // PNG rows run top-down
            for (var ix = 0; ix < nx; ix++)
            {
                var v = _values[iy, ix];
                var o = (row * nx + ix) * 4;
                if (!double.IsFinite(v)) continue; // transparent
                var c = _scale.Map.Map(v, _scale.Min, _scale.Max);
                rgba[o] = c.R; rgba[o + 1] = c.G; rgba[o + 2] = c.B; rgba[o + 3] = 255;
            }
        }
        var png = Convert.ToBase64String(PngEncoder.Encode(nx, ny, rgba));
        double x0 = t.X(_extent.XMin), x1 = t.X(_extent.XMax), yTop = t.Y(_extent.YMax), yBottom = t.Y(_extent.YMin);
        sb.Append("<image class=\"heatmap\" x=\"").Append(Svg.N(x0)).Append("\" y=\"").Append(Svg.N(yTop))
          .Append("\" width=\"").Append(Svg.N(x1 - x0)).Append("\" height=\"").Append(Svg.N(yBottom - yTop))
          .Append("\" preserveAspectRatio=\"none\"");
        if (_opacity < 1) sb.Append(" opacity=\"").Append(Svg.N(_opacity)).Append('"');
        if (!_smooth) sb.Append(" style=\"image-rendering:pixelated\"");
        sb.Append(" xlink:href=\"data:image/png;base64,").Append(png).Append("\"/>\n");
    }
}
