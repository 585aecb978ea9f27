namespace Grader.Reference.Tests.Data;

public sealed class HeidelbergToyDataTests
{
    private static (double[] mean, double[] std) Moments(Tensor x) { var s = Standardisation.Fit(x); return (s.Mean, s.Std); }

    /// <summary>
    /// Raw moments of the V by hand: x = ±2(1 − u) + noise, so Var x = 4·E[(1 − u)²] + 0.01 = 4/3 + 0.01 (std 1.1590);
    /// y = 3(1 − u) + noise, Var y = 9/12 + 0.01 (std 0.8718). With 8000 points the standard error of each sample std is
    /// below 0.006, so ±0.03 is a 5σ band.
    /// </summary>
    [Test]
    public void V_has_the_notebooks_raw_moments_and_standardised_vertex()
    {
        var v = HeidelbergToyData.V(new Generator(10));
        v.Data.shape.Should().Equal(8000, 2);
        v.Raw.shape.Should().Equal(8000, 2);
        var (mean, std) = Moments(v.Raw);
        mean[0].Should().BeApproximately(0, 0.05);
        mean[1].Should().BeApproximately(1.5, 0.05);
        std[0].Should().BeApproximately(Math.Sqrt(4.0 / 3 + 0.01), 0.03).And.BeApproximately(1.159, 0.03);
        std[1].Should().BeApproximately(Math.Sqrt(0.75 + 0.01), 0.03).And.BeApproximately(0.872, 0.03);

        var vertex = v.Standardisation.Apply([0.0, 0.0]);
        vertex[0].Should().BeApproximately(0, 0.05);
        vertex[1].Should().BeApproximately(-1.72, 0.05);
        var tip = v.Standardisation.Apply([2.0, 3.0]);
        tip[0].Should().BeApproximately(1.73, 0.05);
        tip[1].Should().BeApproximately(1.72, 0.05);
    }

    [Test]
    public void V_puts_the_right_arm_first_and_labels_the_arms()
    {
        var v = HeidelbergToyData.V(new Generator(11));
        ShouldBeSortedInTwoClasses(v.Labels);
        var raw = v.Raw.ToArray();
        double right = 0, left = 0;
        for (int i = 0; i < 4000; i++) { right += raw[2 * i]; left += raw[2 * (4000 + i)]; }
        (right / 4000).Should().BeApproximately(1, 0.05, "E[2(1 − u)] = 1 on the right arm");
        (left / 4000).Should().BeApproximately(-1, 0.05);
    }

    [TestCase("V")]
    [TestCase("mixture")]
    [TestCase("moons")]
    public void Data_are_standardised(string name)
    {
        var g = new Generator(12);
        var set = name switch { "V" => HeidelbergToyData.V(g), "mixture" => HeidelbergToyData.Mixture(g), _ => HeidelbergToyData.TwoMoons(g) };
        set.Data.shape.Should().Equal(8000, 2);
        set.Labels.Should().HaveCount(8000);
        var (mean, std) = Moments(set.Data);
        mean.Should().AllSatisfy(m => m.Should().BeApproximately(0, 1e-5));
        std.Should().AllSatisfy(s => s.Should().BeApproximately(1, 1e-5));
        set.Standardisation.Invert(set.Data).ToArray().Zip(set.Raw.ToArray())
            .Should().AllSatisfy(p => p.First.Should().BeApproximately(p.Second, 1e-4f));
    }

    [Test]
    public void Same_generator_seed_gives_the_same_data()
    {
        HeidelbergToyData.V(new Generator(5)).Data.ToArray().Should().Equal(HeidelbergToyData.V(new Generator(5)).Data.ToArray());
        HeidelbergToyData.V(new Generator(5)).Data.ToArray().Should().NotEqual(HeidelbergToyData.V(new Generator(6)).Data.ToArray());
    }

    [Test]
    public void Mixture_has_8_centres_of_1000_and_its_density_in_standardised_space()
    {
        var set = HeidelbergToyData.Mixture(new Generator(13));
        for (int c = 0; c < 8; c++) set.Labels.Count(l => l == c).Should().Be(1000);
        var raw = set.Raw.ToArray();
        for (int c = 0; c < 8; c++)
        {
            double mx = 0, my = 0;
            for (int i = 0; i < 1000; i++) { mx += raw[2 * (c * 1000 + i)]; my += raw[2 * (c * 1000 + i) + 1]; }
            // The mean of 1000 N(·, 0.1²) draws has std 0.1/√1000 ≈ 0.0032; 0.02 is > 6σ.
            (mx / 1000).Should().BeApproximately(HeidelbergToyData.MixtureCentres[c][0], 0.02);
            (my / 1000).Should().BeApproximately(HeidelbergToyData.MixtureCentres[c][1], 0.02);
        }

        var density = set.Density!;
        density.Weights.Should().AllSatisfy(w => w.Should().Be(1.0 / 8));
        density.Means[0].Should().Equal(set.Standardisation.Apply(HeidelbergToyData.MixtureCentres[0]));
        // log p_z(z) = log p_x(x) + Σ ln std at any point.
        var rawDensity = HeidelbergToyData.RawMixture();
        var points = tensor(new double[] { 0, 4, 1.5, -2.2, 0.3, 0.1 }, 3, 2);
        var lpRaw = rawDensity.LogProb(points).ToArray();
        var lpStd = density.LogProb(set.Standardisation.Apply(points)).ToArray();
        for (int i = 0; i < 3; i++) lpStd[i].Should().BeApproximately((float)(lpRaw[i] + set.Standardisation.LogDensityShift), 1e-3f);
    }

    [Test]
    public void Moons_follow_make_moons_formula_sorted_by_label()
    {
        var set = HeidelbergToyData.TwoMoons(new Generator(14));
        ShouldBeSortedInTwoClasses(set.Labels);
        var raw = set.Raw.ToArray();
        for (int i = 0; i < 8000; i++)
        {
            double x = raw[2 * i], y = raw[2 * i + 1];
            double r2 = i < 4000 ? x * x + y * y : (x - 1) * (x - 1) + (y - 0.5) * (y - 0.5);
            r2.Should().BeApproximately(1, 1e-5, "every point lies on its unit half circle (no noise)");
            if (i < 4000) y.Should().BeGreaterThanOrEqualTo(-1e-6); else y.Should().BeLessThanOrEqualTo(0.5 + 1e-6);
        }
        // The end points of both linspaces are present: (1, 0), (−1, 0), (0, 0.5), (2, 0.5).
        var pts = Enumerable.Range(0, 8000).Select(i => (x: raw[2 * i], y: raw[2 * i + 1])).ToList();
        foreach (var (ex, ey) in new[] { (1f, 0f), (-1f, 0f), (0f, 0.5f), (2f, 0.5f) })
            pts.Should().Contain(p => Math.Abs(p.x - ex) < 1e-6 && Math.Abs(p.y - ey) < 1e-6);
    }

    /// <summary>The labels of a set sorted by class: the first 4000 points of class 0, the rest of class 1.</summary>
    private static void ShouldBeSortedInTwoClasses(int[] labels)
    {
        labels.Take(4000).Should().OnlyContain(l => l == 0);
        labels.Skip(4000).Should().OnlyContain(l => l == 1);
    }
}
