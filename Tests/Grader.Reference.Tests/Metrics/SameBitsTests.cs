using Grader.Metrics;

namespace Grader.Reference.Tests.Metrics;

/// <summary>
/// The metrics' faster paths give the bits of the plain computation: the two-dimensional distances eight points at a
/// time, the median heuristic's one-pass window, and the energy distance's y–y sum kept for a repeated second sample.
/// </summary>
public sealed class SameBitsTests
{
    [TestCase(0, 2, 1)]
    [TestCase(3, 40, 37)]
    [TestCase(17, 64, 2)]
    [TestCase(1, 1000, 999)]
    public void Two_dimensional_row_distances_are_the_scalar_loops_bits(int i, int rows, int from)
    {
        var rng = new Random(rows * 31 + i);
        var z = new double[2 * rows];
        // Mixed magnitudes, so that a contracted multiply-add or another order of the sum would show in the last bits.
        for (var k = 0; k < z.Length; k++) z[k] = (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-6, 7));
        var buf = new double[rows];
        SampleMatrix.RowSquaredDistances(z, 2, i, from, rows, buf);
        for (var j = from; j < rows; j++)
        {
            var dx = z[2 * i] - z[2 * j];
            var dy = z[2 * i + 1] - z[2 * j + 1];
            BitConverter.DoubleToInt64Bits(buf[j - from]).Should().Be(BitConverter.DoubleToInt64Bits(dx * dx + dy * dy), $"pair ({i}, {j})");
        }
    }

    [TestCase(7)]
    [TestCase(8)]
    [TestCase(1999)]
    public void Energy_distance_roots_are_summed_one_by_one_left_to_right(int length)
    {
        var rng = new Random(length);
        var squared = Enumerable.Range(0, length).Select(_ => rng.NextDouble() * Math.Pow(10, rng.Next(-8, 9))).ToArray();
        var expected = 0.0;
        foreach (var s in squared) expected += Math.Sqrt(s);
        BitConverter.DoubleToInt64Bits(default(EnergyDistance.Euclidean).Sum(squared)).Should().Be(BitConverter.DoubleToInt64Bits(expected));
    }

    [TestCase(400, 400, 2, 1)]   // 319,600 pairs: the window path, even count
    [TestCase(401, 399, 2, 2)]   // 319,600 pairs as well, other sizes
    [TestCase(500, 300, 3, 3)]
    [TestCase(420, 381, 2, 4)]   // 320,400 pairs
    [TestCase(421, 381, 2, 5)]   // 321,201 pairs: odd count
    public void Median_heuristic_is_the_brute_force_median_on_samples_the_window_selects_in(int m, int n, int d, int seed)
    {
        var x = TestSamples.Gaussian(m, d, seed);
        var y = TestSamples.Gaussian(n, d, seed + 50, mean: 0.4, std: 1.7);
        Mmd.MedianHeuristic(x, y).Should().Be(TestSamples.MedianPooledDistance(x, y));
    }

    [Test]
    public void Median_heuristic_is_exact_when_the_window_holds_too_many_pairs()
    {
        // 95 % of the points coincide: most pairs are at distance 0, more than the window may collect, so the
        // histogram selection answers; the median is still the brute force's.
        var x = new double[1100, 2];
        var y = new double[1100, 2];
        for (var i = 0; i < 1100; i++)
        {
            if (i % 20 == 0) { x[i, 0] = i; y[i, 1] = -i; }
        }
        Mmd.MedianHeuristic(x, y).Should().Be(TestSamples.MedianPooledDistance(x, y));
    }

    [Test]
    public void Energy_distance_with_a_kept_reference_sample_is_the_uncached_bits()
    {
        var y = TestSamples.Gaussian(700, 2, 90);
        var samples = Enumerable.Range(0, 4).Select(s => TestSamples.Gaussian(650 + s, 2, 91 + s, mean: 0.1 * s)).ToArray();
        var fresh = Uncached(() => samples.Select(x => EnergyDistance.UnbiasedSquared(x, y)).ToArray());
        // Twice each: the first call may fill the entry, the second reads it; a copy of y has the same bits.
        var kept = samples.Select(x => EnergyDistance.UnbiasedSquared(x, y)).ToArray();
        var again = samples.Select(x => EnergyDistance.UnbiasedSquared(x, (double[,])y.Clone())).ToArray();
        for (var s = 0; s < samples.Length; s++)
        {
            BitConverter.DoubleToInt64Bits(kept[s]).Should().Be(BitConverter.DoubleToInt64Bits(fresh[s]));
            BitConverter.DoubleToInt64Bits(again[s]).Should().Be(BitConverter.DoubleToInt64Bits(fresh[s]));
        }
    }

    [Test]
    public void A_reference_sample_that_differs_in_one_point_or_in_shape_is_not_taken_for_a_kept_one()
    {
        var y = TestSamples.Gaussian(300, 2, 7);
        var x = TestSamples.Gaussian(300, 2, 8);
        EnergyDistance.UnbiasedSquared(x, y); // kept
        var nudged = (double[,])y.Clone();
        nudged[299, 1] += 0.25;
        var reshaped = new double[600, 1];
        Buffer.BlockCopy(y, 0, reshaped, 0, 600 * sizeof(double));
        var xColumn = TestSamples.Gaussian(500, 1, 9);
        var expected = Uncached(() => (EnergyDistance.UnbiasedSquared(x, nudged), EnergyDistance.UnbiasedSquared(xColumn, reshaped)));
        EnergyDistance.UnbiasedSquared(x, nudged).Should().Be(expected.Item1);
        EnergyDistance.UnbiasedSquared(xColumn, reshaped).Should().Be(expected.Item2);
        // The moved point changes the value, so an entry taken for the wrong sample would show.
        EnergyDistance.UnbiasedSquared(x, nudged).Should().NotBe(EnergyDistance.UnbiasedSquared(x, y));
    }

    [Test]
    public void Two_threads_with_the_same_reference_sample_get_the_uncached_bits()
    {
        var y = TestSamples.Gaussian(800, 2, 21);
        var xs = Enumerable.Range(0, 8).Select(s => TestSamples.Gaussian(800, 2, 30 + s)).ToArray();
        var fresh = Uncached(() => xs.Select(x => EnergyDistance.UnbiasedSquared(x, y)).ToArray());
        var parallel = new double[xs.Length];
        Parallel.For(0, xs.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, s => parallel[s] = EnergyDistance.UnbiasedSquared(xs[s], y));
        parallel.Select(BitConverter.DoubleToInt64Bits).Should().Equal(fresh.Select(BitConverter.DoubleToInt64Bits));
    }

    private static readonly object Switch = new();

    private static T Uncached<T>(Func<T> body)
    {
        lock (Switch)
        {
            ReferenceBlock.Enabled = false;
            try { return body(); }
            finally { ReferenceBlock.Enabled = true; }
        }
    }
}
