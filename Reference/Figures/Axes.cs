using System.Globalization;
using System.Text;

namespace Grader.Figures;

/// <summary>
/// One panel of a <see cref="Figure"/>: a plot area with title, axis labels, ticks, optional legend and colourbar.
/// Series methods return the same <see cref="Axes"/> so calls can be chained.
/// Non-finite data are skipped, counted in <see cref="NonFiniteCount"/> and reported in a note on the panel.
/// </summary>
public sealed class Axes
{
    private readonly List<Series> _series = [];
    private (double Min, double Max)? _xLimits;
    private (double Min, double Max)? _yLimits;
    private int _nextColor;

    internal Axes() { }

    public string? Title { get; set; }
    public string? XLabel { get; set; }
    public string? YLabel { get; set; }

    /// <summary>Fixed x-range; null (default) fits the data with 5% padding.</summary>
    public (double Min, double Max)? XLimits { get => _xLimits; set => _xLimits = CheckLimits(value, nameof(XLimits)); }

    /// <summary>Fixed y-range; null (default) fits the data with 5% padding.</summary>
    public (double Min, double Max)? YLimits { get => _yLimits; set => _yLimits = CheckLimits(value, nameof(YLimits)); }

    /// <summary>One data unit has the same length on both axes (limits are widened around their centre as needed).</summary>
    public bool EqualAspect { get; set; }

    /// <summary>Light grid lines at the ticks.</summary>
    public bool Grid { get; set; } = true;

    /// <summary>Approximate number of ticks per axis.</summary>
    public int TickCount { get; set; } = 5;

    public bool ShowLegend { get; set; } = true;

    /// <summary>Legend corner; <see cref="LegendPosition.Auto"/> (default) picks the one hiding the fewest marks.</summary>
    public LegendPosition LegendPosition { get; set; } = LegendPosition.Auto;

    /// <summary>Non-finite data skipped so far over all series (points, heat-map cells, animated points).</summary>
    public int NonFiniteCount => _series.Sum(s => s.NonFinite);

    /// <summary>Sets both limits (fluent).</summary>
    public Axes SetLimits(double xMin, double xMax, double yMin, double yMax)
    {
        XLimits = (xMin, xMax);
        YLimits = (yMin, yMax);
        return this;
    }

    /// <summary>Sets title and axis labels (fluent); null leaves a value unchanged.</summary>
    public Axes SetLabels(string? title = null, string? xLabel = null, string? yLabel = null)
    {
        Title = title ?? Title;
        XLabel = xLabel ?? XLabel;
        YLabel = yLabel ?? YLabel;
        return this;
    }

    /// <summary>Scatter plot in one colour (default: the panel's next palette colour).</summary>
    public Axes Scatter(double[] xs, double[] ys, string? color = null, double radius = 2.5, double opacity = 0.8, string? label = null)
    {
        var c = color ?? NextColor();
        return Add(new ScatterSeries(xs, ys, c, null, null, radius, opacity, null,
            label is null ? [] : [new LegendEntry(label, c, LegendKind.Marker)]));
    }

    /// <summary>Scatter plot coloured by <paramref name="values"/> through <paramref name="colormap"/> (default viridis), with a colourbar.</summary>
    public Axes ScatterByValue(double[] xs, double[] ys, double[] values, Colormap? colormap = null,
        double? vmin = null, double? vmax = null, string? colorbarLabel = null,
        double radius = 2.5, double opacity = 0.9, bool colorbar = true)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (xs is not null && values.Length != xs.Length)
            throw new ArgumentException($"values has {values.Length} entries but xs has {xs.Length}.", nameof(values));
        var scale = ColorScale.Resolve(colormap ?? Colormap.Viridis, values, vmin, vmax, colorbarLabel);
        var colors = values.Select(v => double.IsFinite(v) ? scale.Hex(v) : "").ToArray();
        return Add(new ScatterSeries(xs!, ys, Palette.Grey, colors, i => double.IsFinite(values[i]),
            radius, opacity, colorbar ? scale : null, []));
    }

    /// <summary>Scatter plot coloured by category index through the categorical <see cref="Palette"/>; <paramref name="names"/> adds legend rows.</summary>
    public Axes ScatterByCategory(double[] xs, double[] ys, int[] categories, IReadOnlyList<string>? names = null,
        double radius = 2.5, double opacity = 0.8)
    {
        ArgumentNullException.ThrowIfNull(categories);
        if (xs is not null && categories.Length != xs.Length)
            throw new ArgumentException($"categories has {categories.Length} entries but xs has {xs.Length}.", nameof(categories));
        var colors = categories.Select(Palette.Color).ToArray();
        var legend = names is null
            ? []
            : categories.Distinct().Order().Where(k => k >= 0 && k < names.Count)
                .Select(k => new LegendEntry(names[k], Palette.Color(k), LegendKind.Marker)).ToList();
        return Add(new ScatterSeries(xs!, ys, Palette.Grey, colors, null, radius, opacity, null, legend));
    }

    /// <summary>Polyline through the points in the given order (e.g. an interpolation path). Non-finite points break the line.</summary>
    public Axes Line(double[] xs, double[] ys, string? color = null, double width = 1.5, bool dashed = false, string? label = null)
        => Add(new LineSeries(xs, ys, color ?? NextColor(), width, dashed, label));

    /// <summary>The reference line y = x over the whole plot area (does not influence automatic limits).</summary>
    public Axes Diagonal(string color = "#888888", double width = 1, bool dashed = true, string? label = null)
        => Add(new DiagonalSeries(color, width, dashed, label));

    /// <summary>
    /// Heat-map of a grid covering [xMin, xMax] × [yMin, yMax]; <c>values[iy, ix]</c> with row iy = 0 at the bottom (yMin).
    /// Non-finite cells are transparent and counted. Default colormap: <see cref="Colormap.Blues"/> (light, so samples on top stay visible).
    /// </summary>
    public Axes HeatMap(double[,] values, double xMin, double xMax, double yMin, double yMax,
        Colormap? colormap = null, double? vmin = null, double? vmax = null,
        bool colorbar = false, string? colorbarLabel = null, bool smooth = true, double opacity = 1)
    {
        ArgumentNullException.ThrowIfNull(values);
        var scale = ColorScale.Resolve(colormap ?? Colormap.Blues, values.Cast<double>(), vmin, vmax, colorbarLabel);
        return Add(new HeatMapSeries(values, xMin, xMax, yMin, yMax, scale, colorbar, smooth, opacity));
    }

    /// <summary>
    /// Heat-map of <paramref name="density"/>(x, y) evaluated at the centres of a
    /// <paramref name="resolution"/>×<paramref name="resolution"/> grid over the given ranges (e.g. a true density under samples).
    /// </summary>
    public Axes Density(Func<double, double, double> density, (double Min, double Max) xRange, (double Min, double Max) yRange,
        int resolution = 120, Colormap? colormap = null, bool colorbar = false, string? colorbarLabel = null, double opacity = 1)
    {
        ArgumentNullException.ThrowIfNull(density);
        ArgumentOutOfRangeException.ThrowIfLessThan(resolution, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(resolution, 2000);
        var grid = new double[resolution, resolution];
        for (var iy = 0; iy < resolution; iy++)
        {
            var y = yRange.Min + (iy + 0.5) * (yRange.Max - yRange.Min) / resolution;
            for (var ix = 0; ix < resolution; ix++)
                grid[iy, ix] = density(xRange.Min + (ix + 0.5) * (xRange.Max - xRange.Min) / resolution, y);
        }
        return HeatMap(grid, xRange.Min, xRange.Max, yRange.Min, yRange.Max, colormap, 0, null, colorbar, colorbarLabel, true, opacity);
    }

    /// <summary>
    /// Animated scatter (SMIL): frame f is given by <c>xsPerFrame[f]</c>, <c>ysPerFrame[f]</c>; every frame has the same points in the same order.
    /// Each drawn point is a circle with one &lt;animate&gt; for cx and one for cy. Static viewers show the first kept frame.
    /// </summary>
    public Axes AnimatedScatter(IReadOnlyList<double[]> xsPerFrame, IReadOnlyList<double[]> ysPerFrame, AnimationOptions? options = null)
    {
        var o = options ?? new AnimationOptions();
        return Add(new AnimatedScatterSeries(xsPerFrame, ysPerFrame, o.Color ?? NextColor(), o));
    }

    /// <summary>Animated scatter from frames of N×2 points (column 0 = x, column 1 = y).</summary>
    public Axes AnimatedScatter(IReadOnlyList<double[,]> frames, AnimationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        return AnimatedScatter(frames.Select(f => PointData.Column(f, 0)).ToArray(),
            frames.Select(f => PointData.Column(f, 1)).ToArray(), options);
    }

    /// <inheritdoc cref="AnimatedScatter(IReadOnlyList{double[,]}, AnimationOptions?)"/>
    public Axes AnimatedScatter(IReadOnlyList<float[,]> frames, AnimationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        return AnimatedScatter(frames.Select(f => PointData.Column(f, 0)).ToArray(),
            frames.Select(f => PointData.Column(f, 1)).ToArray(), options);
    }

    private Axes Add(Series s)
    {
        _series.Add(s);
        return this;
    }

    private string NextColor() => Palette.Color(_nextColor++);

    private static (double Min, double Max)? CheckLimits((double Min, double Max)? value, string name)
    {
        if (value is { } v && (!double.IsFinite(v.Min) || !double.IsFinite(v.Max) || !(v.Max > v.Min)))
            throw new ArgumentOutOfRangeException(name, $"Limits must be finite with Min < Max (got {v.Min}, {v.Max}).");
        return value;
    }

    internal ColorScale? ColorbarScale => _series.Select(s => s.Colorbar).LastOrDefault(c => c is not null);

    /// <summary>The limits actually used for a plot area of the given pixel size.</summary>
    internal (double XMin, double XMax, double YMin, double YMax) ResolveLimits(double plotWidth, double plotHeight)
    {
        Box? points = null, extents = null;
        foreach (var s in _series)
        {
            points = Box.Union(points, s.PointBounds);
            extents = Box.Union(extents, s.ExtentBounds);
        }
        if (points is { } p)
        {
            double dx = (p.XMax - p.XMin) * 0.05, dy = (p.YMax - p.YMin) * 0.05;
            points = new Box(p.XMin - dx, p.XMax + dx, p.YMin - dy, p.YMax + dy);
        }
        var data = Box.Union(points, extents);
        var (x0, x1) = _xLimits ?? Widen(data?.XMin, data?.XMax);
        var (y0, y1) = _yLimits ?? Widen(data?.YMin, data?.YMax);
        if (EqualAspect)
        {
            double ux = (x1 - x0) / plotWidth, uy = (y1 - y0) / plotHeight;
            if (ux > uy)
            {
                var c = (y0 + y1) / 2; var half = ux * plotHeight / 2;
                (y0, y1) = (c - half, c + half);
            }
            else if (uy > ux)
            {
                var c = (x0 + x1) / 2; var half = uy * plotWidth / 2;
                (x0, x1) = (c - half, c + half);
            }
        }
        return (x0, x1, y0, y1);
    }

    private static (double, double) Widen(double? min, double? max)
    {
        if (min is not { } a || max is not { } b) return (0, 1);
        if (b > a) return (a, b);
        var pad = a == 0 ? 1 : Math.Abs(a) * 0.1;
        return (a - pad, a + pad);
    }

    /// <summary>Draws the panel whose grid cell starts at (<paramref name="cellX"/>, <paramref name="cellY"/>).</summary>
    internal void Render(StringBuilder sb, StringBuilder defs, Figure fig, double cellX, double cellY, int index)
    {
        double px = cellX + fig.MarginLeft, py = cellY + fig.MarginTop, w = fig.PanelWidth, h = fig.PanelHeight;
        var (x0, x1, y0, y1) = ResolveLimits(w, h);
        var t = new PlotTransform(px, py, w, h, x0, x1, y0, y1);
        var xTicks = Ticks.Nice(x0, x1, TickCount);
        var yTicks = Ticks.Nice(y0, y1, TickCount);
        double xStep = Ticks.StepFor(x0, x1, TickCount), yStep = Ticks.StepFor(y0, y1, TickCount);
        var clipId = Svg.Id("clip" + index);
        defs.Append("<clipPath id=\"").Append(clipId).Append("\"><rect x=\"").Append(Svg.N(px)).Append("\" y=\"").Append(Svg.N(py))
            .Append("\" width=\"").Append(Svg.N(w)).Append("\" height=\"").Append(Svg.N(h)).Append("\"/></clipPath>\n");

        sb.Append("<g class=\"panel\" id=\"").Append(Svg.Id("panel" + index)).Append("\">\n");
        sb.Append("<rect class=\"plot-background\" x=\"").Append(Svg.N(px)).Append("\" y=\"").Append(Svg.N(py))
          .Append("\" width=\"").Append(Svg.N(w)).Append("\" height=\"").Append(Svg.N(h)).Append("\" fill=\"#ffffff\"/>\n");

        if (Grid)
        {
            sb.Append("<g class=\"grid\" stroke=\"").Append(Svg.GridColor).Append("\" stroke-width=\"1\">\n");
            foreach (var v in xTicks)
                sb.Append("<line x1=\"").Append(Svg.N(t.X(v))).Append("\" y1=\"").Append(Svg.N(py))
                  .Append("\" x2=\"").Append(Svg.N(t.X(v))).Append("\" y2=\"").Append(Svg.N(py + h)).Append("\"/>\n");
            foreach (var v in yTicks)
                sb.Append("<line x1=\"").Append(Svg.N(px)).Append("\" y1=\"").Append(Svg.N(t.Y(v)))
                  .Append("\" x2=\"").Append(Svg.N(px + w)).Append("\" y2=\"").Append(Svg.N(t.Y(v))).Append("\"/>\n");
            sb.Append("</g>\n");
        }

        sb.Append("<g class=\"data\" clip-path=\"url(#").Append(clipId).Append(")\">\n");
        foreach (var s in _series) s.Render(sb, t);
        sb.Append("</g>\n");

        sb.Append("<rect class=\"plot-area\" x=\"").Append(Svg.N(px)).Append("\" y=\"").Append(Svg.N(py))
          .Append("\" width=\"").Append(Svg.N(w)).Append("\" height=\"").Append(Svg.N(h))
          .Append("\" fill=\"none\" stroke=\"").Append(Svg.AxisColor).Append("\" stroke-width=\"1\"/>\n");

        // Ticks and tick labels.
        sb.Append("<g class=\"ticks\" stroke=\"").Append(Svg.AxisColor).Append("\" stroke-width=\"1\">\n");
        foreach (var v in xTicks)
            sb.Append("<line x1=\"").Append(Svg.N(t.X(v))).Append("\" y1=\"").Append(Svg.N(py + h))
              .Append("\" x2=\"").Append(Svg.N(t.X(v))).Append("\" y2=\"").Append(Svg.N(py + h + 5)).Append("\"/>\n");
        foreach (var v in yTicks)
            sb.Append("<line x1=\"").Append(Svg.N(px - 5)).Append("\" y1=\"").Append(Svg.N(t.Y(v)))
              .Append("\" x2=\"").Append(Svg.N(px)).Append("\" y2=\"").Append(Svg.N(t.Y(v))).Append("\"/>\n");
        sb.Append("</g>\n");
        sb.Append("<g class=\"tick-labels\" font-size=\"11\" fill=\"").Append(Svg.TextColor).Append("\">\n");
        foreach (var v in xTicks)
            Svg.Text(sb, t.X(v), py + h + 17, Ticks.Format(v, xStep), "class=\"tick-x\" text-anchor=\"middle\"");
        foreach (var v in yTicks)
            Svg.Text(sb, px - 8, t.Y(v) + 4, Ticks.Format(v, yStep), "class=\"tick-y\" text-anchor=\"end\"");
        sb.Append("</g>\n");

        if (!string.IsNullOrEmpty(Title))
            Svg.Text(sb, px + w / 2, py - 10, Title, $"class=\"title\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\" fill=\"{Svg.TextColor}\"");
        if (!string.IsNullOrEmpty(XLabel))
            Svg.Text(sb, px + w / 2, py + h + 36, XLabel, $"class=\"xlabel\" text-anchor=\"middle\" font-size=\"12\" fill=\"{Svg.TextColor}\"");
        if (!string.IsNullOrEmpty(YLabel))
            sb.Append("<text class=\"ylabel\" transform=\"translate(").Append(Svg.N(cellX + 16)).Append(',').Append(Svg.N(py + h / 2))
              .Append(") rotate(-90)\" text-anchor=\"middle\" font-size=\"12\" fill=\"").Append(Svg.TextColor).Append("\">")
              .Append(Svg.Esc(YLabel)).Append("</text>\n");

        if (ShowLegend) RenderLegend(sb, t);
        if (ColorbarScale is { } scale) RenderColorbar(sb, defs, t, scale, index);
        RenderNote(sb, t);
        sb.Append("</g>\n");
    }

    private void RenderLegend(StringBuilder sb, PlotTransform t)
    {
        var entries = _series.SelectMany(s => s.Legend).ToList();
        if (entries.Count == 0) return;
        const double row = 15, font = 11, swatch = 18, pad = 5;
        var width = pad * 2 + swatch + 4 + entries.Max(e => Svg.TextWidth(e.Text, font));
        var height = pad * 2 + row * entries.Count - 3;
        var (x, y) = LegendCorner(t, width, height);
        sb.Append("<g class=\"legend\" font-size=\"11\">\n");
        sb.Append("<rect x=\"").Append(Svg.N(x)).Append("\" y=\"").Append(Svg.N(y)).Append("\" width=\"").Append(Svg.N(width))
          .Append("\" height=\"").Append(Svg.N(height)).Append("\" fill=\"#ffffff\" fill-opacity=\"0.85\" stroke=\"#cccccc\" rx=\"3\"/>\n");
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var cy = y + pad + row * i + 6;
            var sx = x + pad;
            var color = Svg.Esc(e.Color);
            switch (e.Kind)
            {
                case LegendKind.Marker:
                    sb.Append("<rect x=\"").Append(Svg.N(sx + swatch / 2 - 4)).Append("\" y=\"").Append(Svg.N(cy - 4))
                      .Append("\" width=\"8\" height=\"8\" rx=\"4\" fill=\"").Append(color).Append("\"/>\n");
                    break;
                case LegendKind.Swatch:
                    sb.Append("<rect x=\"").Append(Svg.N(sx)).Append("\" y=\"").Append(Svg.N(cy - 5))
                      .Append("\" width=\"").Append(Svg.N(swatch)).Append("\" height=\"10\" fill=\"").Append(color).Append("\"/>\n");
                    break;
                default:
                    sb.Append("<line x1=\"").Append(Svg.N(sx)).Append("\" y1=\"").Append(Svg.N(cy)).Append("\" x2=\"").Append(Svg.N(sx + swatch))
                      .Append("\" y2=\"").Append(Svg.N(cy)).Append("\" stroke=\"").Append(color).Append("\" stroke-width=\"2\"")
                      .Append(e.Kind == LegendKind.DashedLine ? " stroke-dasharray=\"4 3\"" : "").Append("/>\n");
                    break;
            }
            Svg.Text(sb, sx + swatch + 4, cy + 4, e.Text, $"fill=\"{Svg.TextColor}\"");
        }
        sb.Append("</g>\n");
    }

    private (double X, double Y) LegendCorner(PlotTransform t, double width, double height)
    {
        const double inset = 6;
        (double X, double Y) At(LegendPosition p) => p switch
        {
            LegendPosition.TopLeft => (t.Left + inset, t.Top + inset),
            LegendPosition.BottomRight => (t.Right - width - inset, t.Bottom - height - inset - 22), // clear of the note row
            LegendPosition.BottomLeft => (t.Left + inset, t.Bottom - height - inset - 22),
            _ => (t.Right - width - inset, t.Top + inset),
        };
        if (LegendPosition != LegendPosition.Auto) return At(LegendPosition);
        var marks = _series.SelectMany(s => s.Footprint(t)).ToList();
        var best = LegendPosition.TopRight;
        var fewest = int.MaxValue;
        foreach (var p in new[] { LegendPosition.TopRight, LegendPosition.TopLeft, LegendPosition.BottomRight, LegendPosition.BottomLeft })
        {
            var (x, y) = At(p);
            var hidden = marks.Count(m => m.X >= x - 3 && m.X <= x + width + 3 && m.Y >= y - 3 && m.Y <= y + height + 3);
            if (hidden < fewest) (best, fewest) = (p, hidden);
        }
        return At(best);
    }

    private void RenderColorbar(StringBuilder sb, StringBuilder defs, PlotTransform t, ColorScale scale, int index)
    {
        const double gap = 14, barWidth = 12;
        double x = t.Right + gap, y = t.Top, h = t.Height;
        var gradId = Svg.Id("cbar" + index);
        defs.Append("<linearGradient id=\"").Append(gradId).Append("\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">\n");
        const int stops = 16;
        for (var k = 0; k <= stops; k++)
        {
            var f = (double)k / stops;
            defs.Append("<stop offset=\"").Append(Svg.N(f, 4)).Append("\" stop-color=\"").Append(scale.Map.Hex(f)).Append("\"/>\n");
        }
        defs.Append("</linearGradient>\n");
        sb.Append("<g class=\"colorbar\">\n");
        sb.Append("<rect x=\"").Append(Svg.N(x)).Append("\" y=\"").Append(Svg.N(y)).Append("\" width=\"").Append(Svg.N(barWidth))
          .Append("\" height=\"").Append(Svg.N(h)).Append("\" fill=\"url(#").Append(gradId).Append(")\" stroke=\"")
          .Append(Svg.AxisColor).Append("\" stroke-width=\"1\"/>\n");
        var ticks = Ticks.Nice(scale.Min, scale.Max, TickCount);
        var step = Ticks.StepFor(scale.Min, scale.Max, TickCount);
        var labelWidth = 0.0;
        foreach (var v in ticks)
        {
            labelWidth = Math.Max(labelWidth, Svg.TextWidth(Ticks.Format(v, step), 10));
            var ty = y + h - (v - scale.Min) / (scale.Max - scale.Min) * h;
            sb.Append("<line x1=\"").Append(Svg.N(x + barWidth)).Append("\" y1=\"").Append(Svg.N(ty)).Append("\" x2=\"").Append(Svg.N(x + barWidth + 4))
              .Append("\" y2=\"").Append(Svg.N(ty)).Append("\" stroke=\"").Append(Svg.AxisColor).Append("\"/>\n");
            Svg.Text(sb, x + barWidth + 6, ty + 4, Ticks.Format(v, step), $"font-size=\"10\" fill=\"{Svg.TextColor}\"");
        }
        if (!string.IsNullOrEmpty(scale.Label))
            sb.Append("<text transform=\"translate(").Append(Svg.N(x + barWidth + 6 + Math.Min(labelWidth, 48) + 16)).Append(',').Append(Svg.N(y + h / 2))
              .Append(") rotate(-90)\" text-anchor=\"middle\" font-size=\"11\" fill=\"").Append(Svg.TextColor).Append("\">")
              .Append(Svg.Esc(scale.Label)).Append("</text>\n");
        sb.Append("</g>\n");
    }

    private void RenderNote(StringBuilder sb, PlotTransform t)
    {
        var n = NonFiniteCount;
        if (n == 0) return;
        var text = string.Create(CultureInfo.InvariantCulture, $"{n} non-finite {(n == 1 ? "point" : "points")} skipped");
        const double font = 10;
        var width = Svg.TextWidth(text, font) + 8;
        double x = t.Left + 4, y = t.Bottom - 20;
        sb.Append("<g class=\"note\">\n<rect x=\"").Append(Svg.N(x)).Append("\" y=\"").Append(Svg.N(y)).Append("\" width=\"").Append(Svg.N(width))
          .Append("\" height=\"16\" fill=\"#ffffff\" fill-opacity=\"0.85\" stroke=\"").Append(Svg.NoteColor).Append("\" stroke-width=\"0.75\" rx=\"2\"/>\n");
        Svg.Text(sb, x + 4, y + 11.5, text, $"class=\"note-text\" font-size=\"10\" fill=\"{Svg.NoteColor}\"");
        sb.Append("</g>\n");
    }
}
