using System.Diagnostics;
using Grader.Reference.Data;
using Grader.Reference.Ode;
using Grader.Reference.Ode.Handin;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Tests.Ode;

/// <summary>
/// The grading budget of the ODE training task, measured: per seed, 1000 training and 1000 test points of the task's
/// data set, the reference trained with <see cref="OdeTrainingPreset.Grading"/>, and the test log-likelihood by rk4
/// against the test set's expected log-likelihood (the generator's printed value). Run on purpose (minutes).
/// </summary>
[Explicit("calibration: minutes of training; prints its figures")]
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
            var trained = new ReferenceOdeTraining(OdeTrainingPreset.Grading with { Method = method }).Train(train, steps, new Generator(seed));
            clock.Stop();
            double ll;
            using (no_grad()) ll = OdeLogLikelihood.Mean(ContractNetwork.Of(trained), test, OdeMethod.Rk4).item();
            gaps.Add(ll - expected);
            seconds.Add(clock.Elapsed.TotalSeconds);
            TestContext.Out.WriteLine($"{distribution}, {method.Name()}, {steps} steps, seed {seed}: test log-likelihood {ll:F4}, expected {expected:F4}, gap {ll - expected:F4}, {clock.Elapsed.TotalSeconds:F1} s");
        }
        double mean = gaps.Average(), sd = Math.Sqrt(gaps.Sum(g => (g - mean) * (g - mean)) / (gaps.Count - 1));
        TestContext.Out.WriteLine($"{distribution}, {method.Name()}, {steps} steps: gap mean {mean:F4}, sd {sd:F4}, min {gaps.Min():F4}; {seconds.Average():F1} s per run (load {LoadAverage()})");
    }

    internal static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "?"; }
    }
}
