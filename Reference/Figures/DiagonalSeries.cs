using System.Text;

namespace Grader.Figures;

/// <summary>The reference line y = x across the whole plot area (does not affect automatic limits).</summary>
internal sealed class DiagonalSeries(string color, double width, bool dashed, string? label) : Series
{
    public override IEnumerable<LegendEntry> Legend
        => label is null ? [] : [new LegendEntry(label, color, dashed ? LegendKind.DashedLine : LegendKind.Line)];

    public override IEnumerable<(double X, double Y)> Footprint(PlotTransform t)
    {
        var lo = Math.Min(t.XMin, t.YMin);
        var hi = Math.Max(t.XMax, t.YMax);
        return Along((t.X(lo), t.Y(lo)), (t.X(hi), t.Y(hi)));
    }

    public override void Render(StringBuilder sb, PlotTransform t)
    {
        var lo = Math.Min(t.XMin, t.YMin);
        var hi = Math.Max(t.XMax, t.YMax);
        sb.Append("<line class=\"diagonal\" x1=\"").Append(Svg.N(t.X(lo))).Append("\" y1=\"").Append(Svg.N(t.Y(lo)))
          .Append("\" x2=\"").Append(Svg.N(t.X(hi))).Append("\" y2=\"").Append(Svg.N(t.Y(hi)))
          .Append("\" stroke=\"").Append(Color(color)).Append("\" stroke-width=\"").Append(Svg.N(width)).Append('"');
        if (dashed) sb.Append(" stroke-dasharray=\"6 4\"");
        sb.Append("/>\n");
    }
}
