namespace Grader.Checks.Results;

/// <summary>
/// The one rounding of a grade and its one formatter per output precision, so that every output prints the same number
/// of a <see cref="HandinReport"/>: 4 decimals where a machine reads it (the CSVs, junit.xml, <c>semester totals</c>, the
/// web app), 2 where a person reads it (feedback, summary.md, the self-check, progress lines, catalog tables), 6 for the
/// per-test numbers of Gradescope's results.json (a JSON number). Each element of an output uses one of them.
/// </summary>
public static class PointsText
{
    /// <summary>The grade's precision: a total is rounded to it once (<see cref="Round"/>), the machine outputs print it.</summary>
    public const int Decimals = 4;

    /// <summary>The one rounding of a grade: to <see cref="Decimals"/> decimals.</summary>
    public static double Round(double points) => Math.Round(points, Decimals);

    /// <summary>Points for a machine (4 decimals, no trailing zeros, '.'): "7.5", "1.3333"; empty for null.</summary>
    public static string Exact(double? points) =>
        points is { } p ? Round(p).ToString("0.####", CultureInfo.InvariantCulture) : "";

    /// <summary>Points for a person (2 decimals, no trailing zeros, '.'): "2", "0.5", "1.33".</summary>
    public static string Shown(double points) => Math.Round(points, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Points as a JSON number (6 decimals; 0 for a value that is not finite, which JSON cannot hold).</summary>
    public static double Json(double points) => double.IsFinite(points) ? Math.Round(points, 6) : 0;
}
