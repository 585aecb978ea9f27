namespace Grader.Figures;

/// <summary>Small conversions from common sample layouts to the double[] columns the plotting API takes.</summary>
public static class PointData
{
    public static double[] ToDouble(float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var r = new double[values.Length];
        for (var i = 0; i < r.Length; i++) r[i] = values[i];
        return r;
    }

    /// <summary>Column <paramref name="column"/> of an N×D array (e.g. column 0 = xs of N×2 samples).</summary>
    public static double[] Column(double[,] points, int column)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, points.GetLength(1));
        var r = new double[points.GetLength(0)];
        for (var i = 0; i < r.Length; i++) r[i] = points[i, column];
        return r;
    }

    /// <inheritdoc cref="Column(double[,], int)"/>
    public static double[] Column(float[,] points, int column)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, points.GetLength(1));
        var r = new double[points.GetLength(0)];
        for (var i = 0; i < r.Length; i++) r[i] = points[i, column];
        return r;
    }
}
