using System.Text;

namespace Grader.Figures;

/// <summary>
/// Points moving through a sequence of frames, animated with SMIL: each circle has one
/// <c>&lt;animate&gt;</c> for cx and one for cy whose <c>values</c> list the kept frames.
/// A point that is non-finite in some frames holds its nearest earlier (or first) finite position;
/// a point never finite is skipped. Both are counted in <see cref="Series.NonFinite"/>.
/// </summary>
internal sealed class AnimatedScatterSeries : Series
{
    private readonly List<double[]> _xs = [];
    private readonly List<double[]> _ys = [];
    private readonly bool[] _drawn;
    private readonly string[]? _colors;
    private readonly string _color;
    private readonly AnimationOptions _o;
    private readonly ColorScale? _colorbar;

    public AnimatedScatterSeries(IReadOnlyList<double[]> xsPerFrame, IReadOnlyList<double[]> ysPerFrame, string color, AnimationOptions o)
    {
        ArgumentNullException.ThrowIfNull(xsPerFrame);
        ArgumentNullException.ThrowIfNull(ysPerFrame);
        ArgumentNullException.ThrowIfNull(o);
        if (xsPerFrame.Count == 0) throw new ArgumentException("At least one frame is needed.", nameof(xsPerFrame));
        if (xsPerFrame.Count != ysPerFrame.Count)
            throw new ArgumentException($"{xsPerFrame.Count} x-frames but {ysPerFrame.Count} y-frames.", nameof(ysPerFrame));
        if (o.FrameStep < 1) throw new ArgumentOutOfRangeException(nameof(o), "FrameStep must be at least 1.");
        if (!(o.DurationSeconds > 0) || !double.IsFinite(o.DurationSeconds)) throw new ArgumentOutOfRangeException(nameof(o), "DurationSeconds must be positive.");
        if (o.HoldEndFrames < 0) throw new ArgumentOutOfRangeException(nameof(o), "HoldEndFrames must be non-negative.");
        if (!(o.Radius > 0)) throw new ArgumentOutOfRangeException(nameof(o), "Radius must be positive.");

        var n = -1;
        for (var f = 0; f < xsPerFrame.Count; f++)
        {
            CheckLengths(xsPerFrame[f], ysPerFrame[f], $"xsPerFrame[{f}]", $"ysPerFrame[{f}]");
            if (n < 0) n = xsPerFrame[f].Length;
            else if (xsPerFrame[f].Length != n)
                throw new ArgumentException($"Frame {f} has {xsPerFrame[f].Length} points but frame 0 has {n}.", nameof(xsPerFrame));
        }
        var last = xsPerFrame.Count - 1;
        for (var f = 0; f <= last; f += o.FrameStep) Keep(f);
        if (last % o.FrameStep != 0) Keep(last);

        void Keep(int f)
        {
            _xs.Add((double[])xsPerFrame[f].Clone());
            _ys.Add((double[])ysPerFrame[f].Clone());
        }

        _o = o;
        _color = color;
        if (o.Values is { } values)
        {
            if (values.Length != n) throw new ArgumentException($"Values has {values.Length} entries but frames have {n} points.", nameof(o));
            var scale = ColorScale.Resolve(o.Colormap ?? Colormap.Viridis, values, o.ValueMin, o.ValueMax, o.ColorbarLabel);
            _colors = values.Select(v => double.IsFinite(v) ? scale.Hex(v) : "").ToArray();
            if (o.ShowColorbar) _colorbar = scale;
        }

        _drawn = new bool[n];
        for (var i = 0; i < n; i++)
        {
            int finite = 0;
            for (var f = 0; f < _xs.Count; f++)
                if (double.IsFinite(_xs[f][i]) && double.IsFinite(_ys[f][i])) finite++;
            var valueOk = _colors is null || _colors[i].Length > 0;
            _drawn[i] = finite > 0 && valueOk;
            if (finite < _xs.Count || !valueOk) NonFinite++;
        }
    }

    public override Box? PointBounds
    {
        get
        {
            Box? b = null;
            for (var f = 0; f < _xs.Count; f++) b = Box.Union(b, Box.Of(_xs[f], _ys[f]));
            return b;
        }
    }

    public override ColorScale? Colorbar => _colorbar;

    public override IEnumerable<LegendEntry> Legend
        => _o.Label is null || _colors is not null ? [] : [new LegendEntry(_o.Label, _color, LegendKind.Marker)];

    /// <summary>Both the first and the last kept frame count.</summary>
    public override IEnumerable<(double X, double Y)> Footprint(PlotTransform t)
    {
        foreach (var f in _xs.Count > 1 ? new[] { 0, _xs.Count - 1 } : [0])
            for (var i = 0; i < _drawn.Length; i++)
                if (double.IsFinite(_xs[f][i]) && double.IsFinite(_ys[f][i]))
                    yield return (t.X(_xs[f][i]), t.Y(_ys[f][i]));
    }

    public override void Render(StringBuilder sb, PlotTransform t)
    {
        var d = Math.Clamp(_o.Decimals, 0, 6);
        var frames = _xs.Count;
        var px = new string[frames];
        var py = new string[frames];
        var dur = Svg.N(_o.DurationSeconds, 3) + "s";
        sb.Append("<g class=\"animated-scatter\"");
        if (_colors is null) sb.Append(" fill=\"").Append(Color(_color)).Append('"');
        if (_o.Opacity < 1) sb.Append(" fill-opacity=\"").Append(Svg.N(Math.Clamp(_o.Opacity, 0, 1))).Append('"');
        sb.Append(">\n");
        var r = Svg.N(_o.Radius);
        for (var i = 0; i < _drawn.Length; i++)
        {
            if (!_drawn[i]) continue;
            // Hold the previous finite position; leading gaps take the first finite one.
            int firstFinite = 0;
            while (!(double.IsFinite(_xs[firstFinite][i]) && double.IsFinite(_ys[firstFinite][i]))) firstFinite++;
            double hx = _xs[firstFinite][i], hy = _ys[firstFinite][i];
            for (var f = 0; f < frames; f++)
            {
                if (double.IsFinite(_xs[f][i]) && double.IsFinite(_ys[f][i])) { hx = _xs[f][i]; hy = _ys[f][i]; }
                px[f] = Svg.N(t.X(hx), d);
                py[f] = Svg.N(t.Y(hy), d);
            }
            sb.Append("<circle cx=\"").Append(px[0]).Append("\" cy=\"").Append(py[0]).Append("\" r=\"").Append(r).Append('"');
            if (_colors is not null) sb.Append(" fill=\"").Append(Color(_colors[i])).Append('"');
            sb.Append('>');
            Animate(sb, "cx", px, dur);
            Animate(sb, "cy", py, dur);
            sb.Append("</circle>\n");
        }
        sb.Append("</g>\n");
    }

    private void Animate(StringBuilder sb, string attribute, string[] values, string dur)
    {
        sb.Append("<animate attributeName=\"").Append(attribute).Append("\" dur=\"").Append(dur)
          .Append("\" repeatCount=\"indefinite\" values=\"");
        sb.AppendJoin(';', values);
        for (var k = 0; k < _o.HoldEndFrames; k++) sb.Append(';').Append(values[^1]);
        sb.Append("\"/>");
    }
}
