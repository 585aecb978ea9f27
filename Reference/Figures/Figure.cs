using System.Globalization;
using System.Text;

namespace Grader.Figures;

/// <summary>
/// An SVG figure: a grid of <see cref="Axes"/> panels (e.g. 1×2, 1×4).
/// <see cref="PanelWidth"/>×<see cref="PanelHeight"/> is the plot area of each panel; margins for title,
/// tick labels, axis labels and (if any panel has one) a colourbar are added around it.
/// Output is deterministic and culture-invariant.
/// </summary>
public sealed class Figure
{
    private readonly Axes[] _panels;
    private string? _idPrefix;

    public Figure(int rows = 1, int columns = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows * (long)columns, 256L, "rows * columns");
        Rows = rows;
        Columns = columns;
        _panels = Enumerable.Range(0, rows * columns).Select(_ => new Axes()).ToArray();
    }

    public int Rows { get; }
    public int Columns { get; }

    /// <summary>Panels in row-major order.</summary>
    public IReadOnlyList<Axes> Panels => _panels;

    /// <summary>Panel by row-major index.</summary>
    public Axes this[int index] => _panels[index];

    public Axes this[int row, int column]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(row);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
            ArgumentOutOfRangeException.ThrowIfNegative(column);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, Columns);
            return _panels[row * Columns + column];
        }
    }

    /// <summary>Overall title above the panels.</summary>
    public string? Title { get; set; }

    /// <summary>Width of each plot area in pixels.</summary>
    public double PanelWidth { get; set; } = 320;

    /// <summary>Height of each plot area in pixels.</summary>
    public double PanelHeight { get; set; } = 320;

    public double MarginLeft { get; set; } = 64;
    public double MarginRight { get; set; } = 20;
    public double MarginTop { get; set; } = 30;
    public double MarginBottom { get; set; } = 48;

    /// <summary>Extra width per panel when any panel shows a colourbar.</summary>
    public double ColorbarSpace { get; set; } = 80;

    /// <summary>Height of the band holding <see cref="Title"/> (only when a title is set).</summary>
    public double TitleHeight { get; set; } = 28;

    /// <summary>
    /// Prefix of element ids (clip paths, gradients). Null (default) derives it from the content, so that several
    /// different figures inlined in one HTML page do not clash. Must be a letter followed by letters, digits, '-' or '_'.
    /// </summary>
    public string? IdPrefix
    {
        get => _idPrefix;
        set
        {
            if (value is not null && (value.Length == 0 || !char.IsAsciiLetter(value[0])
                || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
                throw new ArgumentException("IdPrefix must be a letter followed by letters, digits, '-' or '_'.", nameof(value));
            _idPrefix = value;
        }
    }

    /// <summary>Total non-finite data skipped over all panels.</summary>
    public int NonFiniteCount => _panels.Sum(p => p.NonFiniteCount);

    /// <summary>Width of the cells in <paramref name="column"/>: plot area plus margins, plus <see cref="ColorbarSpace"/> if a panel in that column shows a colourbar.</summary>
    public double ColumnWidth(int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, Columns);
        var colorbar = Enumerable.Range(0, Rows).Any(r => _panels[r * Columns + column].ColorbarScale is not null);
        return MarginLeft + PanelWidth + MarginRight + (colorbar ? ColorbarSpace : 0);
    }

    /// <summary>Left edge of the cells in <paramref name="column"/> (the plot area starts <see cref="MarginLeft"/> further right).</summary>
    public double ColumnLeft(int column)
    {
        var x = 0.0;
        for (var c = 0; c < column; c++) x += ColumnWidth(c);
        return x;
    }

    /// <summary>Height of one grid row (plot area plus margins).</summary>
    public double RowHeight => MarginTop + PanelHeight + MarginBottom;

    /// <summary>Top edge of the cells in <paramref name="row"/>.</summary>
    public double RowTop(int row) => (string.IsNullOrEmpty(Title) ? 0 : TitleHeight) + row * RowHeight;

    public double Width => ColumnLeft(Columns);
    public double Height => RowTop(Rows);

    /// <summary>The SVG document (no XML declaration, so it can also be inlined in HTML).</summary>
    public string ToSvg()
    {
        if (!(PanelWidth > 0) || !(PanelHeight > 0) || !double.IsFinite(PanelWidth) || !double.IsFinite(PanelHeight))
            throw new InvalidOperationException("PanelWidth and PanelHeight must be positive.");
        var body = new StringBuilder();
        var defs = new StringBuilder();
        double width = Width, height = Height;
        if (!string.IsNullOrEmpty(Title))
            Svg.Text(body, width / 2, TitleHeight - 8, Title, $"class=\"figure-title\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\" fill=\"{Svg.TextColor}\"");
        for (var r = 0; r < Rows; r++)
            for (var c = 0; c < Columns; c++)
                _panels[r * Columns + c].Render(body, defs, this, ColumnLeft(c), RowTop(r), r * Columns + c);

        var sb = new StringBuilder(body.Length + defs.Length + 512);
        sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" width=\"")
          .Append(Svg.N(width)).Append("\" height=\"").Append(Svg.N(height)).Append("\" viewBox=\"0 0 ")
          .Append(Svg.N(width)).Append(' ').Append(Svg.N(height)).Append("\" font-family=\"").Append(Svg.FontFamily).Append("\">\n");
        if (defs.Length > 0) sb.Append("<defs>\n").Append(defs).Append("</defs>\n");
        sb.Append("<rect class=\"background\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        sb.Append(body);
        sb.Append("</svg>\n");
        var text = sb.ToString();
        var prefix = _idPrefix ?? "fig" + Fnv1a(text).ToString("x8", CultureInfo.InvariantCulture);
        return text.Replace(Svg.IdToken, prefix, StringComparison.Ordinal);
    }

    /// <summary>Writes <see cref="ToSvg"/> as UTF-8 atomically: a temporary file in the same folder, then a move over <paramref name="path"/>.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full) ?? throw new ArgumentException($"No folder in '{path}'.", nameof(path));
        Directory.CreateDirectory(dir);
        var svg = ToSvg();
        var tmp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            File.WriteAllText(tmp, svg, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    private static uint Fnv1a(string s)
    {
        var h = 2166136261u;
        foreach (var c in s)
        {
            h = (h ^ c) * 16777619u;
        }
        return h;
    }
}
