using Grader.Checks.Checking;
using Grader.Checks.Packs;
using Grader.Tests.SamplePack;
using Grader.Runner.Host;
using Grader.Contracts.Sample;
using Grader.Remote.Values;
using static Grader.Checks.Catalog.CheckSpec;

namespace Grader.Grading.Tests.Grading;

/// <summary>
/// The sample pack (Tests/Grader.Tests.SamplePack: its own contract assembly, checks, reference, snapshot,
/// examples and a one-sheet course) graded as <c>grader grade</c> grades: <see cref="HandinRunner"/> with this
/// machine's worker (the sandbox where it works), the checks here and the hand-in in a real <c>grader-host</c>, which
/// receives the pack's contract assembly and nothing else of it. Sheet 900 has the bound task (2 automatic points:
/// <c>sample.scale-doubles</c> weight 2, <c>sample.scale-is-odd</c> weight 1, so 4/3 and 2/3) and a task whose
/// automatic point is pending (counts in full).
/// </summary>
public sealed class SamplePackHostTests
{
    private static readonly string PendingTaskId = SamplePack.Tasks.Single(t => t.ChecksPending).Id;

    private static readonly CourseCatalog Catalog = SamplePack.Catalog();

    private static readonly GradeSettings Settings = new(
        new GradingConfig(Catalog, Catalog.FindAssignment(SamplePack.Sheet.Id)!, 7, VisibleOnly: false, new HashSet<string>(), SamplePack.Folders.Snapshots),
        WorkerLimits.Default);

    [Test]
    public void The_host_of_a_sample_run_receives_the_pack_contract_assembly_and_no_other()
    {
        var contracts = HostContracts.For(Settings.Config);

        contracts.Assemblies.Select(a => a.GetName().Name).Should().Equal("Grader.Contracts", "Grader.Contracts.Sample");
        contracts.Contains(typeof(IScaler)).Should().BeTrue();
        HostContracts.For(TestSettings.For("004").Config).Should().BeSameAs(ContractSet.Default, "the course's packs keep their contracts in Grader.Contracts, so their hosts are sent no assembly");
    }

    [Test]
    public async Task The_correct_example_earns_full_marks_and_the_pending_task_counts_in_full()
    {
        var (record, report) = await Grade(SamplePack.Pack.Folders.Correct);

        record.Status.Should().Be(HandinStatus.Graded, record.Log);
        record.Timing.WorkerRuns.Should().Be(1, "one host serves every check");
        record.Checks.Select(c => (c.TaskId, c.CheckId, c.Result.Outcome)).Should().Equal(
            (SamplePack.TaskId, "sample.scale-doubles", CheckOutcome.Passed),
            (SamplePack.TaskId, "sample.scale-is-odd", CheckOutcome.Passed));
        report.Find(SamplePack.TaskId)!.Score.Should().Be(2);
        AssertPendingTaskCountsInFull(report);
        report.AutoTotal.Should().Be(3);
        report.Possible.Should().Be(3, "2 automatic points of the bound task and 1 of the pending one; the task's manual point is not automatic");
        report.ManualPending.Should().Be(1);
    }

    [Test]
    public async Task A_mutant_loses_exactly_the_share_of_the_check_that_catches_it_with_that_check_message()
    {
        var (record, report) = await Grade($"{SamplePack.Pack.Folders.Mutants}/triples");

        record.Status.Should().Be(HandinStatus.Graded, record.Log);
        var failed = record.Checks.Where(c => c.Result.Outcome != CheckOutcome.Passed).ToArray();
        failed.Select(c => (c.TaskId, c.CheckId, c.Result.Outcome)).Should().Equal((SamplePack.TaskId, "sample.scale-doubles", CheckOutcome.Failed));
        // The snapshot's inputs are 0, 1, 2.5, -3, 1e-300: Scale(0) = 0 passes, Scale(1) = 3 is the first wrong answer.
        failed[0].Result.Message.Should().Be("Scale(1) is not 2·x.");
        (failed[0].Result.Expected, failed[0].Result.Seen).Should().Be(("2", "3"));
        report.Find(SamplePack.TaskId)!.Score.Should().BeApproximately(2.0 / 3, 1e-12, "scale-is-odd (weight 1 of 3) still passes: 3x is odd");
        AssertPendingTaskCountsInFull(report);
        report.AutoTotal.Should().BeApproximately(3 - 4.0 / 3, 1e-12, "only the bound task loses points, the share of scale-doubles (weight 2 of 3 of 2 points)");
        report.Possible.Should().Be(3);
        TextReport.Render(report).Should().Contain("FAILED sample.scale-doubles (1.33 pts): Scale(1) is not 2·x.");
    }

    [Test]
    public async Task A_pack_whose_contract_shares_an_assembly_with_its_checks_is_refused_before_any_host_starts()
    {
        var settings = Settings with { Config = With(new ExercisePack("Mixed", [typeof(IScaler), typeof(IMixedScaler)], [new(SamplePack.TaskId, [typeof(IMixedScaler)], [Visible(new MixedCheck())])], SamplePack.Pack.Folders)) };
        var source = HandinSource.Load(Path.Combine(SamplePack.Root, SamplePack.Pack.Folders.Correct));
        var runner = new HandinRunner(WorkerFactory.Create(out _), settings, HandinCompiler.Default);

        var refuse = () => HostContracts.For(settings.Config);
        var grade = () => runner.GradeAsync(new DiscoveredHandin(source.Name, "/nonexistent/" + source.Name, source, "0000"), CancellationToken.None);

        var refusal = $"the contract {typeof(IMixedScaler).FullName} lives in Grader.Grading.Tests, which also holds checks or references of the run; *";
        refuse.Should().Throw<InvalidOperationException>().WithMessage(refusal);
        (await grade.Should().ThrowAsync<WorkerStartException>()).Which.Message.Should().Match($"*could not start*{refusal}*not of the hand-in*");
    }

    [Test]
    public void A_pack_whose_contract_cannot_cross_is_refused_with_the_member()
    {
        var config = With(SamplePack.Pack with { Contracts = [typeof(IScaler), typeof(IOverloaded)] });

        var refuse = () => HostContracts.For(config);

        refuse.Should().Throw<InvalidOperationException>().WithMessage("a contract of the run can't cross to its host: IOverloaded.Scale: a contract names each method once*");
    }

    private static GradingConfig With(ExercisePack pack)
    {
        var catalog = new CourseCatalog([SamplePack.Sheet], SamplePack.Tasks, [pack]).WithTutorPacks([SamplePack.Tutor]);
        return Settings.Config with { Catalog = catalog, Assignment = catalog.FindAssignment(SamplePack.Sheet.Id)! };
    }

    private static void AssertPendingTaskCountsInFull(HandinReport report)
    {
        var pending = report.Find(PendingTaskId)!;
        pending.NotGradedYet.Should().BeTrue();
        pending.Checks.Should().BeEmpty();
        (pending.Score, pending.MaxAuto).Should().Be((1.0, 1.0));
        TextReport.Render(report).Should().Contain(TextReport.NotGradedYet);
    }

    private static async Task<(HandinRecord Record, HandinReport Report)> Grade(string relativeFolder)
    {
        var source = HandinSource.Load(Path.Combine(SamplePack.Root, relativeFolder));
        var runner = new HandinRunner(WorkerFactory.Create(out var warning), Settings, HandinCompiler.Default);
        if (warning is not null)
        {
            TestContext.Out.WriteLine(warning);
        }

        var record = await runner.GradeAsync(new DiscoveredHandin(source.Name, "/nonexistent/" + source.Name, source, "0000"), CancellationToken.None);
        var report = record.ToReport(Settings.Config, ManualGrades.Empty);
        TestContext.Out.WriteLine(TextReport.Render(report));
        return (record, report);
    }

    /// <summary>A contract defined beside a check, in one assembly: a host would receive the check with it.</summary>
    public interface IMixedScaler
    {
        double Scale(double x);
    }

    /// <summary>A contract the channel can't carry: two methods of one name.</summary>
    public interface IOverloaded
    {
        double Scale(double x);

        double Scale(double x, double factor);
    }

    private sealed class MixedCheck : ICheck
    {
        public string Id => "mixed.scale";

        public string SheetRef => "sheet 900, ex. 1";

        public CheckResult Run(CheckContext context) => CheckResult.Pass(Id, "never run", SheetRef);
    }
}
