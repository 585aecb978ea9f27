namespace Grader.Reference.Tests.Data;

public sealed class DtuToyDataTests
{
    /// <summary>z for a two-sided false-fail rate of 1e-6 under the normal approximation to the binomial.</summary>
    private const double Z1e6 = 4.892;

    /// <summary>
    /// Binomial test of the mixture weights: of n = 20,000 draws, the count from component 1 (weight 1/5) is
    /// Binomial(n, 0.2), sd √(n·0.2·0.8) = 56.6; we accept 4000 ± 4.892·sd (false-fail rate 1e-6 over seeds).
    /// The same band is applied to the nearest-centre classification, which differs from the component with
    /// probability Φ(−0.354/0.1) ≈ 2e-4 per draw (a bias of ≈ 4 in the count, well inside the band).
    /// </summary>
    [Test]
    public void TwoGaussians_weights_pass_a_binomial_test()
    {
        const int n = 20_000;
        var tg = DtuToyData.TwoGaussians();
        var x = tg.Sample(n, new Generator(21), out var components).ToArray();
        double sd = Math.Sqrt(n * 0.2 * 0.8), band = Z1e6 * sd;
        components.Count(c => c == 0).Should().BeInRange((int)(n * 0.2 - band), (int)(n * 0.2 + band));
        int near1 = 0;
        for (int i = 0; i < n; i++) if (x[2 * i] + x[2 * i + 1] > 1.0) near1++;
        near1.Should().BeInRange((int)(n * 0.2 - band), (int)(n * 0.2 + band));
    }

    [Test]
    public void TwoGaussians_log_prob_matches_the_formula()
    {
        var tg = DtuToyData.TwoGaussians();
        double Normal(double dx, double dy) => Math.Exp(-(dx * dx + dy * dy) / (2 * 0.01)) / (2 * Math.PI * 0.01);
        foreach (var (px, py) in new[] { (0.25, 0.25), (0.75, 0.75), (0.5, 0.5), (0.1, 0.9) })
        {
            double expected = Math.Log(0.2 * Normal(px - 0.75, py - 0.75) + 0.8 * Normal(px - 0.25, py - 0.25));
            tg.LogProb(tensor(new[] { px, py }, 1, 2)).item().Should().BeApproximately((float)expected, 1e-4f);
        }
    }

    [Test]
    public void Chequerboard_has_five_squares_of_density_one_point_eight()
    {
        var cb = DtuToyData.Chequerboard();
        cb.Squares.Should().Equal((0, 0), (0, 2), (1, 1), (2, 0), (2, 2));
        cb.InSupportDensity.Should().BeApproximately(1.8, 1e-12);
        (cb.Squares.Count * cb.SquareSide * cb.SquareSide * cb.InSupportDensity).Should().BeApproximately(1, 1e-12);
    }

    [Test]
    public void Chequerboard_samples_lie_in_the_support_and_spread_evenly()
    {
        const int n = 50_000;
        var cb = DtuToyData.Chequerboard();
        var x = cb.Sample(n, new Generator(22));
        cb.SupportFraction(x).Should().Be(1.0);
        var lp = cb.LogProb(x).ToArray();
        lp.Should().OnlyContain(v => float.IsFinite(v));
        lp.Count(v => Math.Abs(v - Math.Log(1.8)) < 1e-6).Should().BeGreaterThan(n - 5, "only edge points shared by two squares differ");
        // Each square holds Binomial(n, 1/5) points: sd 89.4; band 4.892·sd (false-fail 1e-6 per square).
        var v = x.ToArray();
        double band = Z1e6 * Math.Sqrt(n * 0.2 * 0.8);
        foreach (var (i, j) in cb.Squares)
        {
            int count = 0;
            for (int r = 0; r < n; r++)
                if ((int)(v[2 * r] * 3) == i && (int)(v[2 * r + 1] * 3) == j) count++;
            count.Should().BeInRange((int)(n / 5 - band), (int)(n / 5 + band));
        }
    }

    [Test]
    public void Chequerboard_log_prob_is_minus_infinity_off_support()
    {
        var cb = DtuToyData.Chequerboard();
        var off = tensor(new double[] { 0.5, 0.1, 0.1, 0.5, 0.9, 0.5, 0.5, 0.9, -0.1, 0.1, 1.1, 0.5, 0.5, -0.01 }, 7, 2);
        cb.LogProb(off).ToArray().Should().OnlyContain(v => float.IsNegativeInfinity(v));
        var on = tensor(new double[] { 0.1, 0.1, 0.5, 0.5, 0.9, 0.1, 0.1, 0.9, 0.9, 0.9, 0.0, 0.0, 1.0, 1.0 }, 7, 2);
        cb.LogProb(on).ToArray().Should().OnlyContain(v => Math.Abs(v - Math.Log(1.8)) < 1e-6);
    }

    [Test]
    public void Symmetric_map_round_trips_and_shifts_the_log_density_by_d_ln2()
    {
        var g = new Generator(23);
        var x = rand([100, 2], g);
        var y = DtuToyData.ToSymmetric(x);
        y.ToArray().Should().OnlyContain(v => v >= -1f && v <= 1f);
        DtuToyData.FromSymmetric(y).ToArray().Zip(x.ToArray()).Should().AllSatisfy(p => p.First.Should().BeApproximately(p.Second, 1e-6f));

        foreach (IToyDistribution d in new IToyDistribution[] { DtuToyData.TwoGaussians(), DtuToyData.Chequerboard() })
        {
            var mapped = DtuToyData.InSymmetricBox(d);
            mapped.LogDensityShift.Should().BeApproximately(-2 * Math.Log(2), 1e-12);
            var s = d.Sample(200, g);
            var lpX = d.LogProb(s).ToArray();
            var lpY = mapped.LogProb(DtuToyData.ToSymmetric(s)).ToArray();
            for (int i = 0; i < lpX.Length; i++)
                if (float.IsFinite(lpX[i])) lpY[i].Should().BeApproximately(lpX[i] - 2 * MathF.Log(2), 1e-4f);
        }
        DtuToyData.InSymmetricBox(DtuToyData.Chequerboard()).LogProb(tensor(new[] { 0.0, 0.0 }, 1, 2)).item()
            .Should().BeApproximately(MathF.Log(0.45f), 1e-6f, "1.8 / 2² in [−1, 1]²");
    }

    /// <summary>Midpoint-rule integral of exp(log p) over a box, in double.</summary>
    private static double Integral(IToyDistribution d, double lo, double hi, int m)
    {
        double h = (hi - lo) / m;
        var pts = new double[m * m * 2];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++) { pts[2 * (i * m + j)] = lo + (i + 0.5) * h; pts[2 * (i * m + j) + 1] = lo + (j + 0.5) * h; }
        return d.LogProb(tensor(pts, m * m, 2)).ToArray().Sum(v => Math.Exp(v)) * h * h;
    }

    [Test]
    public void Densities_integrate_to_one_in_both_spaces()
    {
        Integral(DtuToyData.TwoGaussians(), -1, 2, 300).Should().BeApproximately(1, 1e-3);
        Integral(DtuToyData.InSymmetricBox(DtuToyData.TwoGaussians()), -3, 3, 300).Should().BeApproximately(1, 1e-3);
        // 299 cells per side: no midpoint falls on a square edge; the error is the boundary cells' share, O(1/m).
        Integral(DtuToyData.Chequerboard(), 0, 1, 299).Should().BeApproximately(1, 2e-2);
        Integral(DtuToyData.InSymmetricBox(DtuToyData.Chequerboard()), -1, 1, 299).Should().BeApproximately(1, 2e-2);
    }
}
