namespace Grader.Figures;

/// <summary>A resolved value-to-colour scale, drawn as the panel's colourbar.</summary>
internal sealed record ColorScale(Colormap Map, double Min, double Max, string? Label)
{
    public string Hex(double v) => Map.Map(v, Min, Max).Hex;

    /// <summary>Uses the given bounds, or the finite range of <paramref name="values"/> (widened if degenerate).</summary>
    public static ColorScale Resolve(Colormap map, IEnumerable<double> values, double? min, double? max, string? label)
    {
        if (min is { } a && !double.IsFinite(a)) throw new ArgumentOutOfRangeException(nameof(min), "Colour-scale minimum must be finite.");
        if (max is { } b && !double.IsFinite(b)) throw new ArgumentOutOfRangeException(nameof(max), "Colour-scale maximum must be finite.");
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        if (min is null || max is null)
        {
            foreach (var v in values)
            {
                if (!double.IsFinite(v)) continue;
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
        }
        if (double.IsPositiveInfinity(lo)) { lo = 0; hi = 1; }
        lo = min ?? lo;
        hi = max ?? hi;
        if (min is not null && max is not null && hi <= lo)
            throw new ArgumentException("Colour-scale maximum must exceed its minimum.");
        if (hi <= lo)
        {
            if (min is not null) hi = lo + 1;
            else if (max is not null) lo = hi - 1;
            else { lo -= 0.5; hi += 0.5; }
        }
        return new ColorScale(map, lo, hi, label);
    }
}
