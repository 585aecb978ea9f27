using Grader.Checks.Hidden.Diffusion;
using Grader.Contracts.Diffusion;
using Grader.Reference.Data;
using Grader.Remote.Training;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// The toy-data check's CPU per hand-in before and after the grader's loop (issue 66), the Correct example, on the same
/// grading seed and data: before, the check trained the hand-in's own loop (<see cref="IDiffusionTraining"/>, still in
/// the Correct example) three times per data set, at 1500 steps and at the budget response's two smaller budgets
/// (their midpoints, 68 and 330 steps); after, the grader's loop trains the parts once, 1500 steps, and the hidden side
/// replays its recorded steps. The sampling and the held-out loss are the same before and after and are timed once, as
/// the whole check after. The process's CPU time: run alone. Prints <c>TOYCPU</c> rows.
/// </summary>
[Explicit("measurement: trains the toy data several times, a minute of CPU; run alone, it reads the process's CPU time")]
[NonParallelizable]
public sealed class DtuToyTrainingCpuMeasurementTests
{
    [Test]
    public void Training_cpu_before_and_after_on_the_same_seed([Values(20231010UL)] ulong seed)
    {
        var check = new DtuToyDataTrainingQuality();
        var schedule = check.Design.Schedule();
        var context = DtuContext("Correct", check.Id, seed);
        var oldTraining = (IDiffusionTraining)context.TryHandin<IDiffusionTraining>()!;
        var run = context.TryHandin<IDtuTrainingRun>()!;
        double before = 0, after = 0, replay = 0;
        foreach (var (k, law) in new[] { (0, DtuToyData.TwoGaussians()), (1, (IToyDistribution)DtuToyData.Chequerboard()) })
        {
            var salt = 16UL * (ulong)(k + 1);
            var data = DtuToyData.TrainingData(law, check.Design.TrainingPoints, context.NewGenerator(salt + 1));
            foreach (var steps in new[] { check.Design.Steps, 68, 330 })
                before += Cpu(() => oldTraining.Train(data.clone(), schedule, steps, context.NewGenerator(salt + 3)));
            DtuTrainingOutcome? outcome = null;
            after += Cpu(() => outcome = run.Train(data, schedule, check.Design.Steps, context.NewGenerator(salt + 3), context.NewGenerator(salt + 8)));
            outcome!.FailedPart.Should().BeNull(outcome.Reason);
            replay += Cpu(() => DtuLossReplay.Verify(outcome.Steps, schedule).Problem.Should().BeNull());
        }

        var whole = Cpu(() => check.Run(DtuContext("Correct", check.Id, seed)).Outcome.Should().Be(CheckOutcome.Passed));
        // The reference's parts (batch 1000) through the same loop: the largest call, for CallCpu's figure of IDtuTrainingRun.Train.
        var reference = DtuContext("reference", check.Id, seed);
        var referenceRun = DtuTrainingRun.InProcess(reference.TryHandin<IDtuTrainingParts>()!, reference.TryHandin<IDtuDdpm>()!);
        var referenceData = DtuToyData.TrainingData(DtuToyData.Chequerboard(), check.Design.TrainingPoints, reference.NewGenerator(33));
        var referenceCpu = Cpu(() => referenceRun.Train(referenceData, schedule, check.Design.Steps, reference.NewGenerator(35), reference.NewGenerator(40)).FailedPart.Should().BeNull());
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"TOYCPU\tseed {seed}\tbefore: the hand-in's Train at 1500 + 68 + 330 steps × 2 data sets {before:F2} s\tafter: the grader's loop at 1500 steps × 2 {after:F2} s, replay {replay:F3} s\tthe whole check after (first run, fresh runs if any) {whole:F2} s\tthe reference's parts, one Train call (1500 steps, batch 1000) {referenceCpu:F2} s"));
        after.Should().BeGreaterThan(0);
    }

    internal static double Cpu(Action body)
    {
        var process = System.Diagnostics.Process.GetCurrentProcess();
        process.Refresh();
        var start = process.TotalProcessorTime;
        body();
        process.Refresh();
        return (process.TotalProcessorTime - start).TotalSeconds;
    }
}
