using Grader.Checks.Diffusion.Support;

namespace Grader.Checks.Tests.Diffusion;

/// <summary>The keyed noise source draws row by row: what a sampler gets depends on (seed, key, row, trailing shape) only.</summary>
public sealed class KeyedNoiseTests
{
    [Test]
    public void Row_i_of_an_n_by_d_request_is_the_same_for_every_n_and_row_0_is_the_d_and_1_by_d_draw()
    {
        var noise = new KeyedNoise(42);
        var big = noise.ForStep(7, [8, 3]).ToArray();
        var small = noise.ForStep(7, [5, 3]).ToArray();
        var one = noise.ForStep(7, [1, 3]).ToArray();
        var flat = noise.ForStep(7, [3]).ToArray();
        Assert.That(small, Is.EqualTo(big.Take(15).ToArray()), "rows 0–4 of [8, 3] are [5, 3]");
        Assert.That(one, Is.EqualTo(big.Take(3).ToArray()), "[1, 3] is row 0 of [8, 3]");
        Assert.That(flat, Is.EqualTo(one), "[3] is [1, 3]");
        var latent = noise.Latent([8, 3]).ToArray();
        Assert.That(noise.Latent([2, 3]).ToArray(), Is.EqualTo(latent.Take(6).ToArray()), "the latent is drawn row by row too");
    }

    [Test]
    public void Rows_keys_seeds_and_trailing_shapes_give_different_draws()
    {
        var noise = new KeyedNoise(42);
        var rows = noise.ForStep(7, [4, 3]).ToArray();
        for (var i = 1; i < 4; i++) Assert.That(rows.Skip(3 * i).Take(3).ToArray(), Is.Not.EqualTo(rows.Take(3).ToArray()), $"row {i} differs from row 0");
        Assert.That(noise.ForStep(8, [4, 3]).ToArray(), Is.Not.EqualTo(rows), "another step");
        Assert.That(new KeyedNoise(43).ForStep(7, [4, 3]).ToArray(), Is.Not.EqualTo(rows), "another seed");
        Assert.That(noise.Latent([4, 3]).ToArray(), Is.Not.EqualTo(rows), "the latent's key");
        Assert.That(noise.ForStep(7, [4, 4]).ToArray().Take(3).ToArray(), Is.Not.EqualTo(rows.Take(3).ToArray()), "another row length");
    }

    [Test]
    public void A_draw_is_a_pure_function_of_its_key_and_shape_and_records_the_request()
    {
        var noise = new KeyedNoise(5);
        var first = noise.ForStep(3, [6, 2]).ToArray();
        noise.ForStep(1, [6, 2]);
        Assert.That(noise.ForStep(3, [6, 2]).ToArray(), Is.EqualTo(first));
        Assert.That(new KeyedNoise(5).ForStep(3, [6, 2]).ToArray(), Is.EqualTo(first), "a fresh source with the same seed");
        Assert.That(noise.StepRequests.Select(r => (r.t, string.Join(",", r.shape))), Is.EqualTo(new[] { (3, "6,2"), (1, "6,2"), (3, "6,2") }));
    }

    /// <summary>Every row is standard normal (moments over 20,000 rows; 5-sigma bands, false-fail ≈ 1e-6).</summary>
    [Test]
    public void The_rows_are_standard_normal()
    {
        var values = new KeyedNoise(11).ForStep(2, [20_000, 2]).ToArray().Select(v => (double)v).ToArray();
        var n = values.Length;
        var mean = values.Average();
        var variance = values.Select(v => (v - mean) * (v - mean)).Sum() / (n - 1);
        Assert.That(Math.Abs(mean), Is.LessThan(5 / Math.Sqrt(n)));
        Assert.That(Math.Abs(variance - 1), Is.LessThan(5 * Math.Sqrt(2.0 / n)));
        var lag = 0.0;
        for (var i = 0; i + 2 < n; i += 2) lag += values[i] * values[i + 2];
        Assert.That(Math.Abs(lag / (n / 2 - 1)), Is.LessThan(5 / Math.Sqrt(n / 2.0)), "neighbouring rows uncorrelated");
    }

    [Test]
    public void Scalars_vectors_and_empty_shapes_are_drawn()
    {
        var noise = new KeyedNoise(1);
        Assert.That(noise.ForStep(0, []).shape, Is.Empty);
        Assert.That(noise.ForStep(0, [0, 2]).shape, Is.EqualTo(new[] { 0, 2 }));
        Assert.That(noise.ForStep(0, [2, 3, 4]).ToArray().Take(12).ToArray(), Is.EqualTo(noise.ForStep(0, [3, 4]).ToArray()), "rank 3: rows of the last dimension, row-major");
        Assert.That(noise.ForStep(0, []).item(), Is.EqualTo(noise.ForStep(0, [1]).ToArray()[0]), "a scalar is the first value of a one-value row");
        Assert.Throws<ArgumentException>(() => noise.ForStep(0, [-1, 2]));
    }
}
