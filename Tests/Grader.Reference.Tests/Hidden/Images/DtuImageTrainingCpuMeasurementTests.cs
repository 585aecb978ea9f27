using Grader.Checks.Hidden.Diffusion;
using Grader.Checks.Hidden.Diffusion.Images;
using Grader.Contracts.Diffusion;
using Grader.Remote.Training;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.Hidden.Images;

/// <summary>
/// The image check's CPU on the grader's loop (issue 66), for <c>CallCpu</c>'s figure of
/// <see cref="IDtuTrainingRun.TrainOnImages"/>: the reference's parts through one <c>TrainOnImages</c> call (the check's
/// images, T = 100, 1,000 steps, batch 64), the replay of its recorded steps, and the whole check on the reference and
/// on the Correct example. The process's CPU time: run alone. Prints an <c>IMAGECPU</c> row.
/// </summary>
[Explicit("measurement: two image trainings and two whole checks, about a minute of CPU; run alone, it reads the process's CPU time")]
[NonParallelizable]
public sealed class DtuImageTrainingCpuMeasurementTests
{
    [Test]
    public void Training_cpu_of_the_reference_and_the_whole_check([Values(20231010UL)] ulong seed)
    {
        var check = new DtuImageTrainingQuality();
        var context = DtuContext("reference", check.Id, seed);
        var run = DtuTrainingRun.InProcess(context.TryHandin<IDtuTrainingParts>()!, context.TryHandin<IDtuDdpm>()!, context.TryHandin<IMnistDdpm>()!);
        var (train, _, _, _, _) = check.Images(context.NewGenerator(1));
        var schedule = check.Design.Schedule();
        DtuTrainingOutcome? outcome = null;
        var training = Cpu(() => outcome = run.TrainOnImages(train, schedule, check.Design.Steps, context.NewGenerator(2), context.NewGenerator(3)));
        outcome!.FailedPart.Should().BeNull(outcome.Reason);
        var reference = Cpu(() => check.Run(DtuContext("reference", check.Id, seed)).Outcome.Should().Be(CheckOutcome.Passed));
        var correct = Cpu(() => check.Run(DtuContext("Correct", check.Id, seed)).Outcome.Should().Be(CheckOutcome.Passed));
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"IMAGECPU\tseed {seed}\tthe reference's TrainOnImages (T = 100, {check.Design.Steps} steps) {training:F2} s\tloss part's largest deviation {outcome.MaxLossDeviation:G3}\tthe whole check: reference {reference:F2} s, Correct example {correct:F2} s (compile included)"));
        training.Should().BeGreaterThan(0);
    }

    private static double Cpu(Action body)
    {
        var process = System.Diagnostics.Process.GetCurrentProcess();
        process.Refresh();
        var start = process.TotalProcessorTime;
        body();
        process.Refresh();
        return (process.TotalProcessorTime - start).TotalSeconds;
    }
}
