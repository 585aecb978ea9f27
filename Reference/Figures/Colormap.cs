namespace Grader.Figures;

/// <summary>
/// A continuous colormap: a small table of equally spaced colour stops with linear interpolation.
/// <see cref="Viridis"/> is the default (perceptually uniform, colour-blind friendly).
/// </summary>
public sealed class Colormap
{
    private readonly Rgb[] _stops;

    public Colormap(string name, IReadOnlyList<Rgb> stops)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(stops);
        if (stops.Count < 2) throw new ArgumentException("A colormap needs at least two stops.", nameof(stops));
        Name = name;
        _stops = stops.ToArray();
    }

    public string Name { get; }

    /// <summary>The colour stops, equally spaced on [0, 1].</summary>
    public IReadOnlyList<Rgb> Stops => _stops;

    /// <summary>Colour at <paramref name="t"/> in [0, 1] (clamped; NaN maps to 0).</summary>
    public Rgb Map(double t)
    {
        if (double.IsNaN(t)) t = 0;
        t = Math.Clamp(t, 0.0, 1.0);
        var pos = t * (_stops.Length - 1);
        var i = Math.Min((int)Math.Floor(pos), _stops.Length - 2);
        return Rgb.Lerp(_stops[i], _stops[i + 1], pos - i);
    }

    /// <summary>Colour of <paramref name="value"/> on the scale [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public Rgb Map(double value, double min, double max)
        => Map(max > min ? (value - min) / (max - min) : 0.5);

    /// <summary>"#rrggbb" at <paramref name="t"/> in [0, 1].</summary>
    public string Hex(double t) => Map(t).Hex;

    private static Colormap Of(string name, params string[] hex)
        => new(name, hex.Select(Rgb.Parse).ToArray());

    /// <summary>matplotlib's viridis, sampled at 11 points.</summary>
    public static Colormap Viridis { get; } = Of("viridis",
        "#440154", "#482475", "#414487", "#355f8d", "#2a788e", "#21918c",
        "#22a884", "#44bf70", "#7ad151", "#bddf26", "#fde725");

    /// <summary>matplotlib's magma, sampled at 11 points.</summary>
    public static Colormap Magma { get; } = Of("magma",
        "#000004", "#140e36", "#3b0f70", "#641a80", "#8c2981", "#b73779",
        "#de4968", "#f7705c", "#fe9f6d", "#fecf92", "#fcfdbf");

    /// <summary>ColorBrewer "Blues" (white to dark blue): a light background for densities under samples.</summary>
    public static Colormap Blues { get; } = Of("blues",
        "#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b");

    /// <summary>ColorBrewer "Greys" (white to black).</summary>
    public static Colormap Greys { get; } = Of("greys",
        "#ffffff", "#f0f0f0", "#d9d9d9", "#bdbdbd", "#969696", "#737373", "#525252", "#252525", "#000000");
}
