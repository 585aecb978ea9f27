using System.Diagnostics;
using Grader.Checks.Hidden.Diffusion;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// A measurement (issue 79 item 2, docs/measurements/2026-11-29-purity.md): the V check's CPU on the Correct example,
/// in process, per grading seed, with the load printed. Run on a commit before the run-time probes and on one after,
/// the same seeds, to see what the probes cost. Explicit: three V trainings.
/// </summary>
[Explicit("measurement: three V checks on the Correct example")]
public sealed class VCheckCpuMeasurement
{
    [Test]
    public void The_V_checks_CPU_on_the_correct_example()
    {
        var check = new HeidelbergVTrainingQuality();
        var parts = Parts("Correct");
        check.Run(Context(parts, check.Id, 99)).Outcome.Should().Be(CheckOutcome.Passed, "warm-up");
        foreach (var seed in new ulong[] { 1, 2, 3 })
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var result = check.Run(Context(Parts("Correct"), check.Id, seed));
            var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            TestContext.Out.WriteLine($"seed {seed}: {result.Outcome}, {used:0.00} s of CPU; load {File.ReadAllText("/proc/loadavg").Trim()}");
            result.Outcome.Should().Be(CheckOutcome.Passed, result.Message);
        }
    }
}
