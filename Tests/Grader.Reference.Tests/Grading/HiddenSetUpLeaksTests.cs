namespace Grader.Reference.Tests.Grading;

/// <summary>The filter <see cref="ExampleHandinsTests"/> runs over the hidden checks' messages finds the figures it names and passes the sheet's terms.</summary>
public sealed class HiddenSetUpLeaksTests
{
    [TestCase("6000 training steps on the standardised V (8000 points)", 2)]
    [TestCase("the reference sampler (σ_t² = β̃_t, T = 250) drawing 2000 samples", 2)]
    [TestCase("Train(the V data set [8000, 2], T = 250, steps = 6000, generator)", 3)]
    [TestCase("linear β from 0.0001 to 0.02, β 1e-4 … 0.02", 1)]
    [TestCase("mean: √N·mean(r) = 0.3 (N = 20000, α = 1e-7)", 1)]
    [TestCase("with budgets of 0, 1, …, 20 steps", 1)]
    [TestCase("LogLikelihood matches the reference on 47 unseen examples", 1)]
    [TestCase("IsValid agrees with the sheet on 16 schedules; classified right in 8 questions", 2)]
    [TestCase("Smallest input (after 1 case and 0 shrinks): y′ = 1.45·y. Replay 6915284422764825080,11400714819323198485.", 1)]
    [TestCase("on step 37 your NegativeElbo did not draw t as random.Integers(0, 100, …) (64 values) as Algorithm 1 does", 3)]
    [TestCase("on step 12 NegativeElbo returned 32 values for a batch of 64.", 3)]
    [TestCase("NegativeElbo(x, ...) must return one value per sample, shape [N], got 128 values of another shape.", 1)]
    [TestCase("Loss(...) must return a scalar tensor, got a tensor of 64 elements.", 1)]
    [TestCase("the parameters changed during your Loss call (parameter 0 of Parameters(), 200 values)", 1)]
    [TestCase("Loss returned NaN on step 3.", 1)]
    public void Names_the_hidden_figures(string text, int count) =>
        HiddenSetUpLeaks.In(text).Should().HaveCount(count);

    /// <summary>The feedback shows a property's counterexample and its replay seed (TextReport), so they are read too.</summary>
    [Test]
    public void Reads_a_propertys_counterexample()
    {
        var result = Grader.Checks.Results.CheckResult.Fail("flows.x", "the log-determinant equals log|det J| fails.",
            counterexample: new Grader.Checks.Results.Counterexample("C = 3, N = 4, seed 6", "C = 2, N = 3, seed 6", 2, "123,456"));
        HiddenSetUpLeaks.In(result).Should().HaveCount(5);
    }

    [TestCase("Samples drawn from your trained network are too far from the V: MMD² = 0.03 (≤ 0.0075). Check Algorithm 1: t ~ U{0..T−1}, at t ≥ T/2.")]
    [TestCase("Sample([N, d], schedule, network, noise) threw ArgumentException: the ε-network got the time input t/T = 1, the step t = T")]
    [TestCase("on the first step your NegativeElbo did not draw t as random.Integers(0, T, …) (one per sample) as Algorithm 1 does; it asked for Integers, Normal.")]
    [TestCase("on step 0 of the grader's training your loss is 1.5, but the formula (Euler backwards from t = 1 on linspace(0, 1, 100)) gives 1.4")]
    [TestCase("the batch size (the notebook's Adam uses 1e-3; the sheet suggests 64), and a network able to learn ε̂")]
    [TestCase("With η = 1 the DDIM step at t = 1 responds to z 100 times too strongly; the noise of shape [1, d] at t = T − 1 (the first reverse step)")]
    [TestCase("The layer's output differs from the reference's: expected -0.166623, seen 0.279494 at output[0, 2, 0] (|Δ| = 0.45 > tolerance 5.2E-07; 327 of 386 values outside). Smallest counterexample: case 'fresh 3': B 2, L 4, S 4, E 1")]
    public void Passes_the_sheets_terms(string text) =>
        HiddenSetUpLeaks.In(text).Should().BeEmpty();
}
