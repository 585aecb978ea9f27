using Grader.Checks.Hidden.Diffusion.Statistical;
using Grader.Reference.Diffusion.Handin;

namespace Grader.Reference.Tests.Hidden.Statistical;

public sealed class ElboDrawsFollowAlgorithmOneTests
{
    private static readonly ElboDrawsFollowAlgorithmOne Check = new();

    [TestCase(ElboDrawBug.None, 1UL)]
    [TestCase(ElboDrawBug.None, 2UL)]
    [TestCase(ElboDrawBug.Float32, 3UL)]
    [TestCase(ElboDrawBug.PerSampleNetworkCalls, 4UL)]
    public void Draws_as_algorithm_1_makes_them_pass(ElboDrawBug variant, ulong seed)
    {
        FormulaHandins.Passes(Check, new FormulaDtuDdpm(variant), seed);
    }

    [Test]
    public void The_reference_passes() =>
        Check.Run(FormulaHandins.Context(new ReferenceDtuDdpm(), 5)).Outcome.Should().Be(CheckOutcome.Passed);

    [TestCase(ElboDrawBug.OneTimePerBatch, "Every sample got the same t", "draw one t per sample, not one per batch")]
    [TestCase(ElboDrawBug.TimeFromOne, "never took the first step (code index 0, the paper's t = 1)")]
    [TestCase(ElboDrawBug.TimeUpToTMinusTwo, "never took the last step (code index T − 1, the paper's t = T)")]
    [TestCase(ElboDrawBug.RawTime, "not a code index 0 … T − 1")]
    [TestCase(ElboDrawBug.NoiseScaledHalf, "The noise ε your NegativeElbo used", "is not standard normal", "failed: variance")]
    [TestCase(ElboDrawBug.NoiseScaledTwo, "is not standard normal", "failed: variance")]
    [TestCase(ElboDrawBug.NoiseWithoutSquareRoot, "The factor in front of ε in your z_t is not √(1 − ᾱ_t)", "grows over the steps like (1 − ᾱ_t)^")]
    [TestCase(ElboDrawBug.DataWithoutSquareRoot, "does not scale the data as Algorithm 1 does")]
    [TestCase(ElboDrawBug.OneNoiseForAllSamples, "is not standard normal", "law")]
    [TestCase(ElboDrawBug.OneNoisePerSampleForAllCoordinates, "The coordinates of your noise ε are correlated")]
    public void A_draw_that_is_not_algorithm_1s_fails_naming_it(ElboDrawBug bug, params string[] fragments)
    {
        foreach (var seed in new ulong[] { 11, 12 })
        {
            var result = FormulaHandins.Fails(Check, new FormulaDtuDdpm(bug), seed);
            foreach (var fragment in fragments) result.Message.Should().Contain(fragment);
            result.Message.Should().NotContain("20000").And.NotContain("20,000", "feedback does not give away the hidden set-up");
        }
    }

    /// <summary>
    /// The missing square root (z_t = √ᾱ_t·x + (1 − ᾱ_t)·ε, mutant <c>missing-sqrt</c>): the message names the factor
    /// of ε with its fitted power, 1 (the fit's standard error is about 0.004), and not the noise ε itself.
    /// </summary>
    [Test]
    public void The_missing_square_root_is_named_by_the_power_of_the_noise_factor()
    {
        var result = Check.Run(FormulaHandins.Context(new FormulaDtuDdpm(ElboDrawBug.NoiseWithoutSquareRoot), 13));
        TestContext.Out.WriteLine(result.Message);
        var power = double.Parse(System.Text.RegularExpressions.Regex.Match(result.Message, @"like \(1 − ᾱ_t\)\^([0-9.]+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        power.Should().BeInRange(0.95, 1.05);
        result.Message.Should().NotContain("The noise ε your NegativeElbo used");
    }

    /// <summary>The neighbour-correlation test alone (rows repeated in pairs keep the pooled law and the coordinates independent).</summary>
    [Test]
    public void Noise_reused_by_neighbouring_samples_fails()
    {
        const int n = ElboDrawsFollowAlgorithmOne.Samples, d = ElboDrawsFollowAlgorithmOne.Dimension;
        var g = new Grader.Tensors.Generator(9);
        var schedule = new Grader.Contracts.Diffusion.NoiseSchedule(Enumerable.Range(0, 500).Select(k => 1e-4 + (0.02 - 1e-4) * k / 499).ToArray());
        var abar = FormulaHandins.AlphaBar(schedule);
        var x = new float[n * d];
        var z = new float[n * d];
        var tau = new float[n];
        var eps = new double[d];
        for (var i = 0; i < n; i++)
        {
            var t = (int)g.NextInt(0, 500);
            tau[i] = (float)t / 500;
            if (i % 2 == 0) for (var j = 0; j < d; j++) eps[j] = g.NextNormal();
            for (var j = 0; j < d; j++)
            {
                x[i * d + j] = (float)g.NextNormal();
                z[i * d + j] = (float)(Math.Sqrt(abar[t]) * x[i * d + j] + Math.Sqrt(1 - abar[t]) * eps[j]);
            }
        }

        var result = Check.Judge(new Grader.Checks.Checking.HandinCall(Check.Id, Check.SheetRef), z, tau, x, schedule);
        result.Outcome.Should().Be(CheckOutcome.Failed);
        result.Message.Should().Contain("The noise ε of neighbouring samples is correlated");
    }
}
