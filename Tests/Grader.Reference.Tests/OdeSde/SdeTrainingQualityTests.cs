using System.Diagnostics;
using Grader.Checks.Hidden.OdeSde;
using Grader.Contracts.OdeSde;
using Grader.Reference.OdeSde.Handin;
using Grader.Remote.Handins;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// The 003 2.3 training check on the grader's loop (<see cref="SdeTrainingQuality"/>, issue 66), by hand: the gap's
/// spread over 20 grading seeds for the reference's parts and the Correct example (the calibration), and the check's CPU
/// per hand-in. In CI the Correct example's pass and the mutants' losses are ExampleHandinsTests' (one seed); the
/// mutants' 20-seed sweep is <see cref="SdeGraderTrainingTests"/>' and <c>OdeSdeTrainingCheatsSeedsTests</c>'.
/// </summary>
public sealed class SdeTrainingQualityTests
{
    private static readonly SdeTrainingQuality Check = new();

    private static object Parts(string trainer)
    {
        if (trainer == "reference") return new ReferenceSdeTrainingParts();
        var compiled = HandinCompiler.Default.Compile(HandinSource.FromFolder(Path.Combine(RepositoryRoot(), "Submissions", "Examples", "OdeSde", "Correct")));
        compiled.Success.Should().BeTrue(compiled.Summary());
        return new HandinInstance(compiled.Assembly!).CreateFresh(typeof(ISdeTrainingParts))!;
    }

    /// <summary>
    /// The gap over grading seeds 1 … 20 (run parameter <c>seeds</c>) as the check runs it (<see cref="SdeTrainingQuality.Measure"/>):
    /// prints each seed and mean ± sd [min, max], the loss's and gradient's largest deviations; every seed must pass.
    /// </summary>
    [TestCase("reference")]
    [TestCase("Correct")]
    [Explicit("calibration: 20 whole checks (800 steps each), minutes of CPU")]
    public void Gap_over_seeds(string trainer)
    {
        var seeds = TestContext.Parameters.Get("seeds", 20);
        var gaps = new List<double>();
        double ratio = 0, gradient = 0;
        var failed = new List<string>();
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
        {
            var (result, scores) = Check.Measure(Context(Parts(trainer), Check.Id, seed));
            TestContext.Progress.WriteLine($"{trainer} seed {seed}: {result.Outcome} {result.TutorDetail}");
            if (!result.Passed) failed.Add($"seed {seed}: {result.Message}");
            if (scores is null) continue;
            gaps.Add(scores.Gap);
            ratio = Math.Max(ratio, scores.MaxLossRatio);
            gradient = Math.Max(gradient, scores.MaxGradientDeviation);
        }

        double mean = gaps.Average(), sd = Math.Sqrt(gaps.Sum(g => (g - mean) * (g - mean)) / Math.Max(1, gaps.Count - 1));
        TestContext.Out.WriteLine($"{trainer}: gap {mean:F4} ± {sd:F4} [{gaps.Min():F4}, {gaps.Max():F4}] over {gaps.Count} seeds; bound {SdeTrainingQuality.Threshold} is {(mean - SdeTrainingQuality.Threshold) / sd:F1} sd below the mean; loss deviation ≤ {ratio:G3} of its bound, gradient ≤ {gradient:G3}");
        failed.Should().BeEmpty();
    }

    /// <summary>The check's CPU on one hand-in (the process's CPU time around <see cref="SdeTrainingQuality.Measure"/>, JIT included).</summary>
    [TestCase("reference", 1UL)]
    [TestCase("Correct", 1UL)]
    [Explicit("a measurement: one whole check")]
    public void Cpu_per_hand_in(string trainer, ulong seed)
    {
        var parts = Parts(trainer);
        var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var (result, scores) = Check.Measure(Context(parts, Check.Id, seed));
        process.Refresh();
        var cpu = process.TotalProcessorTime - before;
        result.Outcome.Should().Be(CheckOutcome.Passed, result.Message);
        TestContext.Out.WriteLine($"{trainer} seed {seed}: {cpu.TotalSeconds:F1} s CPU ({clock.Elapsed.TotalSeconds:F1} s wall), gap {scores!.Gap:F4}");
    }
}
