namespace Grader.Checks.Hidden.Flows;

/// <summary>
/// The midpoint rule on an n×n grid over a box, for the change-of-variables checks: the box is the bounding box of the
/// image under f⁻¹ of the circle ‖z‖ = 7 (f a homeomorphism of the plane, so the image of the disk lies inside it),
/// widened by a tenth on each side; the density's mass outside is at most P(‖z‖ &gt; 7) = e^(−24.5) ≈ 2.3·10⁻¹¹.
/// </summary>
internal static class Quadrature
{
    /// <summary>Radius of the latent disk the box holds.</summary>
    public const double Radius = 7;

    /// <summary>The box around f⁻¹ of the circle of <see cref="Radius"/>, from 720 points on the circle.</summary>
    public static (double X0, double X1, double Y0, double Y1) Box(Func<double[], double[]> inverse)
    {
        ArgumentNullException.ThrowIfNull(inverse);
        double x0 = double.MaxValue, x1 = double.MinValue, y0 = double.MaxValue, y1 = double.MinValue;
        for (int k = 0; k < 720; k++)
        {
            double angle = 2 * Math.PI * k / 720;
            var x = inverse([Radius * Math.Cos(angle), Radius * Math.Sin(angle)]);
            x0 = Math.Min(x0, x[0]); x1 = Math.Max(x1, x[0]);
            y0 = Math.Min(y0, x[1]); y1 = Math.Max(y1, x[1]);
        }
        double wx = (x1 - x0) / 10, wy = (y1 - y0) / 10;
        return (x0 - wx, x1 + wx, y0 - wy, y1 + wy);
    }

    /// <summary>The grid's midpoints, row by row, as float32 [n·n, 2] flattened, and the cell area.</summary>
    public static (float[] Points, double Area) Grid((double X0, double X1, double Y0, double Y1) box, int n)
    {
        double hx = (box.X1 - box.X0) / n, hy = (box.Y1 - box.Y0) / n;
        var points = new float[2 * n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                points[2 * (i * n + j)] = (float)(box.X0 + (i + 0.5) * hx);
                points[2 * (i * n + j) + 1] = (float)(box.Y0 + (j + 0.5) * hy);
            }
        return (points, hx * hy);
    }
}
