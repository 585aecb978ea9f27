namespace Grader.Figures;

/// <summary>Categorical colours (matplotlib/Tableau "tab10").</summary>
public static class Palette
{
    private static readonly string[] Tab10Colors =
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ];

    public static IReadOnlyList<string> Tab10 => Tab10Colors;

    /// <summary>The <paramref name="index"/>-th categorical colour (cycles; negative indices allowed).</summary>
    public static string Color(int index)
    {
        var n = Tab10Colors.Length;
        return Tab10Colors[((index % n) + n) % n];
    }

    public const string Blue = "#1f77b4";
    public const string Orange = "#ff7f0e";
    public const string Green = "#2ca02c";
    public const string Red = "#d62728";
    public const string Purple = "#9467bd";
    public const string Grey = "#7f7f7f";
    public const string Black = "#222222";
}
