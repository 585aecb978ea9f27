using Grader.Checks.Hidden.Diffusion;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// A measurement, run on purpose (issue 79): the process's CPU of the V check (<see cref="HeidelbergVTrainingQuality"/>,
/// its whole decision) on the Correct example's parts, in process, per grading seed; paired with the same test on the
/// base commit (docs/measurements/2026-11-28-grader-loss-drives-training.md). Asserts only that the check passed.
/// </summary>
[Explicit("measurement: a V check per seed, run alone (it reads the process's CPU time)")]
[NonParallelizable]
public sealed class VCheckCpuMeasurement
{
    [TestCase(1UL)]
    [TestCase(2UL)]
    [TestCase(3UL)]
    public void The_V_check_on_the_correct_example(ulong seed)
    {
        var check = new HeidelbergVTrainingQuality();
        var parts = Parts("Correct");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var result = check.Run(Context(parts, check.Id, seed));
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        TestContext.Out.WriteLine(FormattableString.Invariant($"VCPU\tseed {seed}\t{used.TotalSeconds:F2} s CPU\t{result.Outcome}\t{result.TutorDetail}"));
        result.Outcome.Should().Be(CheckOutcome.Passed, result.Message);
    }
}
