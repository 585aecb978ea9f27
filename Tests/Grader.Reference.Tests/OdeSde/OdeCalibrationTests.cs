using Grader.Checks.Hidden.OdeSde;
using Grader.Reference.OdeSde;
using Grader.Reference.OdeSde.Handin;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// The grading budget of the ODE training task, measured: per seed, 1000 training and 1000 test points of the task's
/// data set, the reference trained with <see cref="OdeTrainingPreset.Grading"/>, and the test log-likelihood by rk4
/// against the test set's expected log-likelihood (the generator's printed value). Run on purpose (minutes). Asserts what
/// the budget is chosen for: the reference's gap within the graded band [<see cref="OdeTrainingPartsQuality.Threshold"/>,
/// <see cref="OdeTrainingPartsQuality.MaxGap"/>] on every seed, and each named training bug below the threshold on every seed.
/// </summary>
[Explicit("calibration: minutes of training; prints its figures and asserts the graded band")]
public sealed class OdeCalibrationTests
{
    [TestCase("laplace_mixture", OdeMethod.Rk4, 48)]
    [TestCase("laplace_mixture", OdeMethod.Euler, 48)]
    [TestCase("gaussian", OdeMethod.Rk4, 48)]
    public void Final_test_log_likelihood_over_seeds(string distribution, OdeMethod method, int steps)
    {
        var set = distribution == "gaussian" ? TrainingSetWithLogLikelihood.Gaussian() : TrainingSetWithLogLikelihood.LaplaceMixture();
        var gaps = new List<double>();
        var seconds = new List<double>();
        for (int seed = 1; seed <= 5; seed++)
        {
            var dataGenerator = new Generator(1000 + seed);
            var train = set.Generate(1000, dataGenerator).Data;
            var (test, expected) = set.Generate(1000, dataGenerator);
            var clock = Stopwatch.StartNew();
            var trained = TrainReference(OdeTrainingPreset.Grading with { Method = method }, train, steps, new Generator(seed));
            clock.Stop();
            double ll;
            using (no_grad()) ll = OdeLogLikelihood.Mean(ContractNetwork.Of(trained), test, OdeMethod.Rk4).item();
            gaps.Add(ll - expected);
            seconds.Add(clock.Elapsed.TotalSeconds);
            TestContext.Out.WriteLine($"{distribution}, {method.Name()}, {steps} steps, seed {seed}: test log-likelihood {ll:F4}, expected {expected:F4}, gap {ll - expected:F4}, {clock.Elapsed.TotalSeconds:F1} s");
        }
        double mean = gaps.Average(), sd = Math.Sqrt(gaps.Sum(g => (g - mean) * (g - mean)) / (gaps.Count - 1));
        TestContext.Out.WriteLine($"{distribution}, {method.Name()}, {steps} steps: gap mean {mean:F4}, sd {sd:F4}, min {gaps.Min():F4}; {seconds.Average():F1} s per run (load {LoadAverage()})");
        gaps.Should().OnlyContain(g => g >= OdeTrainingPartsQuality.Threshold && g <= OdeTrainingPartsQuality.MaxGap,
            "the reference trained with the grading recipe must pass the training check's band on every seed");
    }

    /// <summary>
    /// Power of a threshold on the same statistic against two named training bugs, with the grading budget (rk4, 48
    /// steps): the trace treated as a constant (create_graph forgotten) and the trace with the wrong sign in the loss.
    /// Both are trained on the buggy loss and evaluated with the correct log-likelihood.
    /// </summary>
    [TestCase("trace without create_graph")]
    [TestCase("trace with the wrong sign")]
    public void Training_bugs_under_the_same_budget(string bug)
    {
        var set = TrainingSetWithLogLikelihood.LaplaceMixture();
        for (int seed = 1; seed <= 3; seed++)
        {
            var dataGenerator = new Generator(1000 + seed);
            var train = set.Generate(1000, dataGenerator).Data;
            var (test, expected) = set.Generate(1000, dataGenerator);
            var g = new Generator(seed);
            var drift = new DriftNetwork(g);
            var optimizer = optim.Adam(drift.parameters(), lr: 1e-2);
            var batches = new EpochBatches(1000, 125);
            using (enable_grad())
            {
                for (int step = 0; step < 48; step++)
                {
                    var batch = train.index_select(0, batches.Next(g));
                    optimizer.zero_grad();
                    var (x0, trace) = OdeLogLikelihood.SolveBackward(new Broken(drift, bug), batch, OdeMethod.Rk4, createGraph: true);
                    var logp = bug.Contains("sign", StringComparison.Ordinal) ? StandardNormal.LogProb(x0) + trace : StandardNormal.LogProb(x0) - trace;
                    var loss = -logp.mean();
                    loss.backward();
                    optimizer.step();
                }
            }
            double ll;
            using (no_grad()) ll = OdeLogLikelihood.Mean(drift, test, OdeMethod.Rk4).item();
            TestContext.Out.WriteLine($"{bug}, seed {seed}: test log-likelihood {ll:F4}, expected {expected:F4}, gap {ll - expected:F4}");
            (ll - expected).Should().BeLessThan(OdeTrainingPartsQuality.Threshold, $"a training with the {bug} must fail the training check (seed {seed})");
        }
    }

    /// <summary>The drift as a buggy loss sees it: the trace detached (no create_graph), or as it is (the sign is flipped by the caller).</summary>
    private sealed class Broken(DriftNetwork inner, string bug) : ITimeDependentFunction
    {
        public Tensor Value(Tensor x, Tensor t) => inner.Value(x, t);

        public (Tensor Value, Tensor PartialX) WithPartialX(Tensor x, Tensor t, bool createGraph)
        {
            var (value, partial) = inner.WithPartialX(x, t, createGraph);
            return bug.Contains("create_graph", StringComparison.Ordinal) ? (value, partial.detach()) : (value, partial);
        }

        public (Tensor Value, Tensor PartialT) WithPartialT(Tensor x, Tensor t, bool createGraph) => inner.WithPartialT(x, t, createGraph);
    }

    internal static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "?"; }
    }

    /// <summary>The reference's drift (<c>ODE.ipynb</c>'s network, from <paramref name="generator"/>) trained by <see cref="OdeTraining"/> for <paramref name="steps"/> steps.</summary>
    private static DriftNetwork TrainReference(OdeTrainingPreset preset, Tensor data, int steps, Generator generator)
    {
        var drift = new DriftNetwork(generator);
        OdeTraining.Train(drift, data, preset with { Steps = steps }, generator);
        return drift;
    }
}
