using System.Globalization;
using System.Text;

namespace Grader.Figures;

/// <summary>Internal SVG text helpers: invariant number formatting and XML escaping.</summary>
internal static class Svg
{
    /// <summary>Stands for the figure's id prefix while the body is rendered; cannot occur in escaped user text.</summary>
    public const string IdToken = "\u0001fig\u0001";

    public const string FontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif";
    public const string TextColor = "#222222";
    public const string AxisColor = "#444444";
    public const string GridColor = "#e6e6e6";
    public const string NoteColor = "#b00020";

    private static readonly string[] Formats =
        Enumerable.Range(0, 10).Select(d => d == 0 ? "0" : "0." + new string('#', d)).ToArray();

    /// <summary>Shortest invariant rendering of <paramref name="v"/> with at most <paramref name="decimals"/> decimals ("-0" becomes "0").</summary>
    public static string N(double v, int decimals = 2)
    {
        if (!double.IsFinite(v)) v = 0;
        var s = v.ToString(Formats[Math.Clamp(decimals, 0, Formats.Length - 1)], CultureInfo.InvariantCulture);
        return s == "-0" ? "0" : s;
    }

    /// <summary>A local id, made unique per figure by the prefix substituted in <see cref="Figure.ToSvg"/>.</summary>
    public static string Id(string local) => IdToken + "-" + local;

    /// <summary>Escapes text for XML content and attribute values; drops characters not allowed in XML 1.0.</summary>
    public static string Esc(string? s)
    {
        if (string.IsNullOrEmpty(s)) return "";
        var sb = new StringBuilder(s.Length + 8);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&apos;"); break;
                case '\t': case '\n': case '\r': sb.Append(' '); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                    {
                        sb.Append(c).Append(s[++i]);
                    }
                    else if (c >= 0x20 && !char.IsSurrogate(c) && c != '\uFFFE' && c != '\uFFFF')
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Appends <c>&lt;text&gt;</c> with escaped content.</summary>
    public static void Text(StringBuilder sb, double x, double y, string text, string attributes = "")
    {
        sb.Append("<text x=\"").Append(N(x)).Append("\" y=\"").Append(N(y)).Append('"');
        if (attributes.Length > 0) sb.Append(' ').Append(attributes);
        sb.Append('>').Append(Esc(text)).Append("</text>\n");
    }

    /// <summary>Rough rendered width of <paramref name="text"/> in pixels (for layout of legends and notes).</summary>
    public static double TextWidth(string text, double fontSize) => text.Length * fontSize * 0.6;
}
