using System.Globalization;

namespace Grader.Figures;

/// <summary>An opaque sRGB colour.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>Lower-case "#rrggbb".</summary>
    public string Hex => string.Create(CultureInfo.InvariantCulture, $"#{R:x2}{G:x2}{B:x2}");

    /// <summary>Parses "#rrggbb" or "rrggbb".</summary>
    public static Rgb Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var s = hex.StartsWith('#') ? hex[1..] : hex;
        if (s.Length != 6 || !int.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v))
            throw new FormatException($"Not a #rrggbb colour: '{hex}'.");
        return new Rgb((byte)(v >> 16), (byte)(v >> 8), (byte)v);
    }

    /// <summary>Linear interpolation in sRGB between <paramref name="a"/> (t=0) and <paramref name="b"/> (t=1).</summary>
    public static Rgb Lerp(Rgb a, Rgb b, double t)
    {
        t = Math.Clamp(t, 0.0, 1.0);
        static byte L(byte x, byte y, double t) => (byte)Math.Clamp(Math.Round(x + (y - x) * t), 0, 255);
        return new Rgb(L(a.R, b.R, t), L(a.G, b.G, t), L(a.B, b.B, t));
    }

    public override string ToString() => Hex;
}
