using System.Text;

namespace Grader.Figures;

/// <summary>Points drawn as circles, in one colour or one colour per point.</summary>
internal sealed class ScatterSeries : Series
{
    private readonly double[] _xs;
    private readonly double[] _ys;
    private readonly string[]? _colors;
    private readonly string _color;
    private readonly double _radius;
    private readonly double _opacity;
    private readonly ColorScale? _colorbar;
    private readonly List<LegendEntry> _legend = [];

    /// <param name="pointColors">Per-point colours (same length as xs), or null to use <paramref name="color"/>.</param>
    /// <param name="keep">Extra per-point validity (e.g. finite colour value); null keeps all finite points.</param>
    public ScatterSeries(double[] xs, double[] ys, string color, string[]? pointColors, Func<int, bool>? keep,
        double radius, double opacity, ColorScale? colorbar, IEnumerable<LegendEntry> legend)
    {
        CheckLengths(xs, ys);
        if (!(radius > 0) || !double.IsFinite(radius)) throw new ArgumentOutOfRangeException(nameof(radius), "Radius must be positive.");
        var kx = new List<double>(xs.Length);
        var ky = new List<double>(xs.Length);
        var kc = pointColors is null ? null : new List<string>(xs.Length);
        for (var i = 0; i < xs.Length; i++)
        {
            if (!double.IsFinite(xs[i]) || !double.IsFinite(ys[i]) || (keep is not null && !keep(i)))
            {
                NonFinite++;
                continue;
            }
            kx.Add(xs[i]);
            ky.Add(ys[i]);
            kc?.Add(pointColors![i]);
        }
        _xs = kx.ToArray();
        _ys = ky.ToArray();
        _colors = kc?.ToArray();
        _color = color;
        _radius = radius;
        _opacity = Math.Clamp(opacity, 0, 1);
        _colorbar = colorbar;
        _legend.AddRange(legend);
    }

    public override Box? PointBounds => Box.Of(_xs, _ys);
    public override ColorScale? Colorbar => _colorbar;
    public override IEnumerable<LegendEntry> Legend => _legend;

    public override IEnumerable<(double X, double Y)> Footprint(PlotTransform t)
        => _xs.Select((x, i) => (t.X(x), t.Y(_ys[i])));

    public override void Render(StringBuilder sb, PlotTransform t)
    {
        if (_xs.Length == 0) return;
        sb.Append("<g class=\"scatter\"");
        if (_colors is null) sb.Append(" fill=\"").Append(Color(_color)).Append('"');
        if (_opacity < 1) sb.Append(" fill-opacity=\"").Append(Svg.N(_opacity)).Append('"');
        sb.Append(">\n");
        var r = Svg.N(_radius);
        for (var i = 0; i < _xs.Length; i++)
        {
            sb.Append("<circle cx=\"").Append(Svg.N(t.X(_xs[i])))
              .Append("\" cy=\"").Append(Svg.N(t.Y(_ys[i])))
              .Append("\" r=\"").Append(r).Append('"');
            if (_colors is not null) sb.Append(" fill=\"").Append(Color(_colors[i])).Append('"');
            sb.Append("/>\n");
        }
        sb.Append("</g>\n");
    }
}
