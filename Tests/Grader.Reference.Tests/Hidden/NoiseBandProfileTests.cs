using Grader.Checks.Hidden.Diffusion;
using Grader.Checks.Hidden.Diffusion.Oracles;
using Grader.Contracts.Diffusion;

namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// <see cref="NoiseBandProfile"/> against closed forms: ε̂ = 0 has loss E‖ε‖²/d = 1 in every band, and ε̂ = z_t has, at
/// step t, E‖√ᾱ_t x + (√(1 − ᾱ_t) − 1) ε‖²/d = ᾱ_t·mean(x²) + (√(1 − ᾱ_t) − 1)², averaged over the band's steps (x and
/// ε independent). Both within 6 sd of the sampling spread (in the identity's case mostly that of the drawn t).
/// </summary>
public sealed class NoiseBandProfileTests
{
    private static readonly NoiseSchedule Schedule = ScheduleTerms.Linear(100, 1e-3, 0.2);

    private sealed class Zero : IEpsilonNetwork
    {
        public Tensor Forward(Tensor zt, Tensor t) => zeros_like(zt);
    }

    private sealed class Identity : IEpsilonNetwork
    {
        public Tensor Forward(Tensor zt, Tensor t) => zt.clone();
    }

    /// <summary>Records the calls' row counts and time inputs.</summary>
    private sealed class Recording(IEpsilonNetwork inner) : IEpsilonNetwork
    {
        public List<float[]> Calls { get; } = [];

        public Tensor Forward(Tensor zt, Tensor t)
        {
            Calls.Add(t.reshape(zt.size(0)).ToArray());
            return inner.Forward(zt, t);
        }
    }

    private static double[] Profile(IEpsilonNetwork network, Tensor heldOut, int bands) => Measure(network, heldOut, bands).Profile;

    private static (double Loss, double[] Profile) Measure(IEpsilonNetwork network, Tensor heldOut, int bands)
    {
        var failed = NoiseBandProfile.Measure(new HandinCall("test", "test"), network, Schedule, heldOut, bands, new Generator(11), new Generator(12), new Generator(13), out var loss, out var profile);
        failed.Should().BeNull();
        return (loss, profile);
    }

    [Test]
    public void The_loss_rows_and_the_band_rows_go_to_the_network_in_one_call_in_a_drawn_order()
    {
        var network = new Recording(new Zero());
        Measure(network, rand([100, 4], new Generator(9)), 4);
        var call = network.Calls.Should().ContainSingle().Subject;
        call.Should().HaveCount(100 + 4 * 100);
        call.Take(100).Should().NotBeInAscendingOrder().And.NotBeInDescendingOrder();
        // The band rows are not grouped: among the first hundred rows every band's steps appear.
        call.Take(100).Select(tau => Math.Min(3, (int)(tau * 100) / 25)).Distinct().Should().HaveCount(4);
    }

    /// <summary>
    /// Several cuts measured at once (the V check's finer profile for measurements): the loss and the first cut's profile
    /// are those of the single cut (the same rows), the second cut's rows go to the same one call, and each of its bands
    /// holds only its own steps (ε̂ = 0: loss 1 in every band; the identity: the closed form of each band's steps).
    /// </summary>
    [Test]
    public void Several_cuts_in_one_call_keep_the_first_cuts_rows()
    {
        var heldOut = rand([300, 4], new Generator(9)) * 2f - 1f;
        var (loss, profile) = Measure(new Identity(), heldOut, 4);
        var network = new Recording(new Identity());
        NoiseBandProfile.Measure(new HandinCall("test", "test"), network, Schedule, heldOut, [4, 10], new Generator(11), new Generator(12), new Generator(13), out var both, out var profiles)
            .Should().BeNull();
        both.Should().Be(loss);
        profiles.Should().HaveCount(2);
        profiles[0].Should().Equal(profile);
        network.Calls.Should().ContainSingle().Which.Should().HaveCount(300 + 4 * 300 + 10 * 300);
        // The identity's loss per band of the finer cut: its closed form averaged over the band's steps, so a band that
        // took another band's steps (or rows) would be far off; within 6 sd of the rows' spread.
        var meanSquare = heldOut.ToDoubleArray().Average(v => v * v);
        var alphaBar = new ScheduleTerms(Schedule).AlphaBar;
        for (var k = 0; k < 10; k++)
        {
            var expected = alphaBar.Skip(k * 10).Take(10).Average(a => a * meanSquare + Math.Pow(Math.Sqrt(1 - a) - 1, 2));
            profiles[1][k].Should().BeApproximately(expected, 6 * 0.3 / Math.Sqrt(300) + 0.02 * expected, $"band {k + 1} of 10");
        }
    }

    /// <summary>The tilt is the last k bands' loss over the first k bands'; no tilt (NaN) without 2k bands.</summary>
    [Test]
    public void The_tilt_is_the_noisiest_bands_over_the_least_noisy()
    {
        NoiseBandProfile.Tilt([1, 2, 3, 4, 5, 6], 2).Should().BeApproximately(11.0 / 3, 1e-12);
        NoiseBandProfile.Tilt([2, 9, 9, 9, 1], 1).Should().BeApproximately(0.5, 1e-12);
        NoiseBandProfile.Tilt([1, 2, 3], 2).Should().Be(double.NaN);
        // The identity network's profile (loss growing towards low noise): a tilt below 1.
        NoiseBandProfile.Tilt(Profile(new Identity(), rand([200, 4], new Generator(9)), 10), 3).Should().BeLessThan(1);
    }

    [Test]
    public void The_loss_over_all_steps_is_the_identitys_closed_form()
    {
        const int rows = 4000;
        var heldOut = rand([rows, 10], new Generator(15)) * 2f - 1f;
        var meanSquare = heldOut.ToDoubleArray().Average(v => v * v);
        var alphaBar = new ScheduleTerms(Schedule).AlphaBar;
        var expected = alphaBar.Average(a => a * meanSquare + Math.Pow(Math.Sqrt(1 - a) - 1, 2));
        Measure(new Identity(), heldOut, 4).Loss.Should().BeApproximately(expected, 6 * 0.3 / Math.Sqrt(rows));
    }

    [Test]
    public void A_zero_network_has_loss_one_in_every_band()
    {
        var heldOut = rand([500, 40], new Generator(3)) * 2f - 1f;
        var profile = Profile(new Zero(), heldOut, 4);
        profile.Should().HaveCount(4);
        var sd = Math.Sqrt(2.0 / (500 * 40));
        profile.Should().OnlyContain(v => Math.Abs(v - 1) < 6 * sd);
    }

    [Test]
    public void The_identity_has_each_bands_closed_form_loss()
    {
        const int rows = 4000;
        var heldOut = rand([rows, 10], new Generator(5)) * 2f - 1f;
        var meanSquare = heldOut.ToDoubleArray().Average(v => v * v);
        var alphaBar = new ScheduleTerms(Schedule).AlphaBar;
        var profile = Profile(new Identity(), heldOut, 4);
        for (var k = 0; k < 4; k++)
        {
            var steps = Enumerable.Range(25 * k, 25).ToList();
            var expected = steps.Average(t => alphaBar[t] * meanSquare + Math.Pow(Math.Sqrt(1 - alphaBar[t]) - 1, 2));
            // The spread is mostly the band's t, one per row: (1 − √(1 − ᾱ_t))² ranges over at most [0, 1] within a band
            // (sd ≤ 0.3 per row), ᾱ_t·|x|²/d less; 6 sd of a mean over the rows.
            profile[k].Should().BeApproximately(expected, 6 * 0.3 / Math.Sqrt(rows), $"band {k + 1}");
        }

        profile[0].Should().BeGreaterThan(profile[3], "the identity is right only where z_t is nearly pure noise");
    }

    [Test]
    public void The_last_band_takes_the_remainder_of_the_steps() =>
        Profile(new Zero(), rand([50, 4], new Generator(7)), 3).Should().HaveCount(3);
}
