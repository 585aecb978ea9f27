using Grader.Reference.Flows;

namespace Grader.Reference.Tests.Flows;

/// <summary>
/// Change of variables: the density log p(x) = −½‖f(x)‖² − ln 2π + log|det ∂f/∂x| of a 2-D INN (4 blocks, moved global
/// affine: far from Gaussian, spread over ~30×25) integrates to 1 over the plane. A per-point comparison of the log-det with a
/// Jacobian could miss a log-det that is wrong together with the forward map; the integral cannot.
/// </summary>
public sealed class DensityQuadratureTests
{
    private static readonly InnCase Case = new(2, 4, 32, 2.0, PermutationKind.Soft, 1.0, true, 1.0, 31);

    /// <summary>Midpoint rule on an n×n grid over the box, with the log-density's log-det multiplied by <paramref name="k"/> (1: the flow's).</summary>
    private static double Integral(Inn inn, (double X0, double X1, double Y0, double Y1) box, int n, double k = 1)
    {
        double hx = (box.X1 - box.X0) / n, hy = (box.Y1 - box.Y0) / n, sum = 0;
        const int batch = 1 << 16;
        var points = new float[batch * 2];
        using var _ = no_grad();
        for (int start = 0; start < n * n; start += batch)
        {
            int m = Math.Min(batch, n * n - start);
            for (int p = 0; p < m; p++)
            {
                int i = (start + p) / n, j = (start + p) % n;
                points[2 * p] = (float)(box.X0 + (i + 0.5) * hx);
                points[2 * p + 1] = (float)(box.Y0 + (j + 0.5) * hy);
            }
            var (z, ld) = inn.forward(tensor(points, batch, 2).narrow(0, 0, m));
            var zs = z.ToDoubleArray();
            var lds = ld.ToDoubleArray();
            for (int p = 0; p < m; p++)
                sum += Math.Exp(-0.5 * (zs[2 * p] * zs[2 * p] + zs[2 * p + 1] * zs[2 * p + 1]) - Math.Log(2 * Math.PI) + k * lds[p]);
        }
        return sum * hx * hy;
    }

    [Test]
    public void A_two_dimensional_flow_s_density_integrates_to_one_and_a_wrong_log_det_does_not()
    {
        var inn = Case.Build();
        // The box: the samples' extent (10⁵ draws from the flow itself) widened by half on each side; no sample lies in
        // the outer third, so the mass outside is far below 1/10⁵ unless the tails are heavier than the flow's
        // piecewise-affine map of a Gaussian can make them.
        var s = inn.Sample(100_000, new Generator(1)).ToDoubleArray();
        double x0 = double.MaxValue, x1 = double.MinValue, y0 = double.MaxValue, y1 = double.MinValue;
        for (int i = 0; i < s.Length / 2; i++)
        {
            x0 = Math.Min(x0, s[2 * i]); x1 = Math.Max(x1, s[2 * i]);
            y0 = Math.Min(y0, s[2 * i + 1]); y1 = Math.Max(y1, s[2 * i + 1]);
        }
        double wx = (x1 - x0) / 2, wy = (y1 - y0) / 2;
        var box = (x0 - wx, x1 + wx, y0 - wy, y1 + wy);
        double coarse = Integral(inn, box, 400), fine = Integral(inn, box, 800);
        // Midpoint rule: error O(h²), so fine − 1 ≈ (fine − coarse)/3; allow 3·|fine − coarse| for the quadrature, plus
        // 1e-4 for the float32 log-density (DoubleInn's bound is ≤ 5e-5 per point for these 4 blocks) and the tail. The
        // wrong log-dets measured: left out 5.42, doubled 0.19, sign flipped 29.5.
        double tolerance = 3 * Math.Abs(fine - coarse) + 1e-4;
        TestContext.Out.WriteLine($"box [{box.Item1:F2}, {box.Item2:F2}]×[{box.Item3:F2}, {box.Item4:F2}]; ∫p = {coarse:F6} (400²), {fine:F6} (800²); tolerance {tolerance:E2}");
        fine.Should().BeApproximately(1, tolerance);

        foreach (var (k, what) in new[] { (0.0, "log-det left out"), (2.0, "log-det doubled"), (-1.0, "log-det with the wrong sign") })
        {
            double wrong = Integral(inn, box, 400, k);
            TestContext.Out.WriteLine($"{what}: ∫ = {wrong:F4}");
            Math.Abs(wrong - 1).Should().BeGreaterThan(0.05, what);
        }
    }
}
