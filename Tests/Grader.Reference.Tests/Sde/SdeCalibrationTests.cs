using System.Diagnostics;
using Grader.Reference.Data;
using Grader.Reference.Sde;
using Grader.Reference.Sde.Handin;
using Grader.Reference.Tests.Ode;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Tests.Sde;

/// <summary>
/// The grading budget of the SDE training task, measured: per seed, 1000 training and 1000 test points of the Laplace
/// mixture, the reference trained with <see cref="SdeTrainingPreset.Grading"/>'s recipe, and the test ELBO (mean over
/// 20 passes of random t and ε: 20,000 one-draw estimates) against the test set's expected log-likelihood. Run on purpose.
/// </summary>
[Explicit("calibration: minutes of training; prints its figures")]
public sealed class SdeCalibrationTests
{
    [TestCase(400)]
    [TestCase(1200)]
    [TestCase(2400)]
    public void Final_test_elbo_over_seeds(int steps)
    {
        var set = TrainingSetWithLogLikelihood.LaplaceMixture();
        var gaps = new List<double>();
        var seconds = new List<double>();
        for (int seed = 1; seed <= 5; seed++)
        {
            var dataGenerator = new Generator(2000 + seed);
            var train = set.Generate(1000, dataGenerator).Data;
            var (test, expected) = set.Generate(1000, dataGenerator);
            var clock = Stopwatch.StartNew();
            var model = (SdeModel)new ReferenceSdeTraining().Train(train, steps, new Generator(seed));
            clock.Stop();
            var noise = new GeneratorElboNoise(new Generator(77));
            var passes = new List<double[]>();
            using (no_grad())
                for (int i = 0; i < 20; i++) passes.Add(SdeElbo.Compute(model, test, noise).Elbo.ToDoubleArray());
            var all = passes.SelectMany(p => p).ToArray();
            double elbo = all.Average(), perExampleSd = Math.Sqrt(all.Sum(v => (v - elbo) * (v - elbo)) / (all.Length - 1));
            gaps.Add(elbo - expected);
            seconds.Add(clock.Elapsed.TotalSeconds);
            TestContext.Out.WriteLine($"{steps} steps, seed {seed}: test ELBO {elbo:F4} (per-draw sd {perExampleSd:F2}, se {perExampleSd / Math.Sqrt(all.Length):F4}), expected {expected:F4}, gap {elbo - expected:F4}, β {model.Beta.Value:F3}, {clock.Elapsed.TotalSeconds:F1} s");
        }
        double mean = gaps.Average(), sd = Math.Sqrt(gaps.Sum(g => (g - mean) * (g - mean)) / (gaps.Count - 1));
        TestContext.Out.WriteLine($"{steps} steps: gap mean {mean:F4}, sd {sd:F4}, min {gaps.Min():F4}; {seconds.Average():F1} s per run (load {OdeCalibrationTests.LoadAverage()})");
    }
}
