using System.Text;

namespace Grader.Figures;

/// <summary>A polyline joining points in order; non-finite points break the line.</summary>
internal sealed class LineSeries : Series
{
    private readonly List<(double[] Xs, double[] Ys)> _segments = [];
    private readonly string _color;
    private readonly double _width;
    private readonly bool _dashed;
    private readonly string? _label;

    public LineSeries(double[] xs, double[] ys, string color, double width, bool dashed, string? label)
    {
        CheckLengths(xs, ys);
        if (!(width > 0) || !double.IsFinite(width)) throw new ArgumentOutOfRangeException(nameof(width), "Line width must be positive.");
        var cx = new List<double>();
        var cy = new List<double>();
        for (var i = 0; i <= xs.Length; i++)
        {
            var ok = i < xs.Length && double.IsFinite(xs[i]) && double.IsFinite(ys[i]);
            if (i < xs.Length && !ok) NonFinite++;
            if (ok)
            {
                cx.Add(xs[i]);
                cy.Add(ys[i]);
            }
            else if (cx.Count > 0)
            {
                _segments.Add((cx.ToArray(), cy.ToArray()));
                cx.Clear();
                cy.Clear();
            }
        }
        _color = color;
        _width = width;
        _dashed = dashed;
        _label = label;
    }

    public override Box? PointBounds
        => _segments.Aggregate((Box?)null, (b, s) => Box.Union(b, Box.Of(s.Xs, s.Ys)));

    public override IEnumerable<LegendEntry> Legend
        => _label is null ? [] : [new LegendEntry(_label, _color, _dashed ? LegendKind.DashedLine : LegendKind.Line)];

    public override IEnumerable<(double X, double Y)> Footprint(PlotTransform t)
        => _segments.SelectMany(s => Enumerable.Range(0, Math.Max(1, s.Xs.Length - 1)).SelectMany(i =>
            Along((t.X(s.Xs[i]), t.Y(s.Ys[i])), (t.X(s.Xs[Math.Min(i + 1, s.Xs.Length - 1)]), t.Y(s.Ys[Math.Min(i + 1, s.Xs.Length - 1)])))));

    public override void Render(StringBuilder sb, PlotTransform t)
    {
        if (_segments.Count == 0) return;
        sb.Append("<g class=\"line\" fill=\"none\" stroke=\"").Append(Color(_color))
          .Append("\" stroke-width=\"").Append(Svg.N(_width))
          .Append("\" stroke-linejoin=\"round\" stroke-linecap=\"round\"");
        if (_dashed) sb.Append(" stroke-dasharray=\"").Append(Svg.N(_width * 4)).Append(' ').Append(Svg.N(_width * 3)).Append('"');
        sb.Append(">\n");
        foreach (var (xs, ys) in _segments)
        {
            sb.Append("<polyline points=\"");
            for (var i = 0; i < xs.Length; i++)
            {
                if (i > 0) sb.Append(' ');
                sb.Append(Svg.N(t.X(xs[i]))).Append(',').Append(Svg.N(t.Y(ys[i])));
            }
            // A lone point still shows as a dot thanks to the round caps.
            if (xs.Length == 1) sb.Append(' ').Append(Svg.N(t.X(xs[0]))).Append(',').Append(Svg.N(t.Y(ys[0])));
            sb.Append("\"/>\n");
        }
        sb.Append("</g>\n");
    }
}
