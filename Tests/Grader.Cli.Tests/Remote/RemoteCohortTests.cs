using FluentAssertions;
using Grader.Checks.Catalog;
using Grader.Checks.Hidden.Diffusion;
using Grader.Cli.Commands;
using Grader.Cli.Discovery;
using Grader.Cli.Grading;
using Grader.Cli.Reporters;
using Grader.Cli.Remote;
using Grader.Cli.Tests.Support;
using Grader.Cli.Workers;

namespace Grader.Cli.Tests.Remote;

/// <summary>
/// The bundled cohort (fixtures/handins) gets exactly the same verdict, check by check, with the checks in the grader
/// and only the hand-in in the worker (<see cref="CheckPlacement.Grader"/>) as with the checks in the worker next to
/// the hand-in (<see cref="CheckPlacement.Worker"/>, the earlier design). The training-quality checks are left out,
/// except for the correct hand-in and the training mutant (the one hand-in whose bug only they catch).
/// Sandboxed where bubblewrap works, plain child processes elsewhere.
/// <para>
/// Explicit: it proved the move of the checks out of the worker (26 hand-ins, 650 verdicts, identical outcomes and
/// messages; the training checks' scores identical to every digit) and is rerun when either placement changes. It
/// grades the cohort twice and trains four times (≈ 4 min on 2 cores), and the everyday suite already grades the
/// cohort with the checks in the grader against its answer key (CohortGradingTests, AdversarialGradingTests).
/// </para>
/// </summary>
[NonParallelizable]
[Category("Slow")]
[Explicit("the migration proof of the checks' placement; run on purpose (≈ 4 min)")]
public class RemoteCohortTests
{
    private static readonly string Handins = Path.Combine(RepositoryRoot.Path, "fixtures", "handins");
    private static readonly string[] TrainingChecks = [.. DiffusionTutorPack.TrainingChecks.Select(c => c.Id)];
    private static readonly GradingOutputs Outputs = new(HandinFeedback.Write, RunReports.Write);

    private static IWorker Worker(CheckPlacement placement) => SandboxProbe.Current is { Usable: true, Policy: { } policy }
        ? new BubblewrapWorker(policy, null, placement)
        : new ChildProcessWorker(null, null, placement);

    private static async Task<IReadOnlyDictionary<string, string[]>> Grade(CheckPlacement placement, string input, string output, bool training)
    {
        var run = new GradeRun([input], output, 2, null, false, ManualGrades.Empty,
            new GradeSettings(null, false, 20240917, Path.Combine(RepositoryRoot.Path, "fixtures", "snapshots"),
                WorkerLimits.Default with { CheckTime = TimeSpan.FromSeconds(training ? 120 : 10) },
                (training ? [] : TrainingChecks).ToHashSet(StringComparer.Ordinal)));
        var summary = await new GradingPipeline(Worker(placement), CommonOptions.Catalog, Outputs).RunAsync(run, new RecordingProgress(), DiscoveryLimits.Default, CancellationToken.None);
        foreach (var h in summary.Handins)
        {
            Messages[(placement, h.Student)] = h.Report.Tasks.SelectMany(t => t.Checks.Select(c => $"{t.Task.Id} {c.Spec.Check.Id}: {c.Result.Message}")).ToArray();
        }

        return summary.Handins.ToDictionary(
            h => h.Student,
            h => h.Report.Tasks.SelectMany(t => t.Checks.Select(c => $"{t.Task.Id} {c.Spec.Check.Id}: {c.Result.Outcome}")).Prepend($"status {h.Status}").ToArray());
    }

    private static readonly Dictionary<(CheckPlacement, string), string[]> Messages = [];

    /// <summary>Prints the messages that differ between the two placements (for the record; outcomes are what must agree).</summary>
    private static void ReportMessages(IEnumerable<string> students)
    {
        int differ = 0;
        foreach (var student in students)
        {
            var a = Messages[(CheckPlacement.Worker, student)];
            var b = Messages[(CheckPlacement.Grader, student)];
            foreach (var (x, y) in a.Zip(b).Where(p => p.First != p.Second))
            {
                differ++;
                TestContext.Out.WriteLine($"{student}: inside  {x}\n{new string(' ', student.Length)}  outside {y}");
            }
        }

        TestContext.Out.WriteLine($"{differ} messages differ");
    }

    [Test]
    public async Task The_cohort_gets_the_same_verdicts_with_the_checks_outside_the_sandbox()
    {
        using var scratch = new Scratch();
        var inside = await Grade(CheckPlacement.Worker, Handins, Path.Combine(scratch.Root, "inside"), training: false);
        var outside = await Grade(CheckPlacement.Grader, Handins, Path.Combine(scratch.Root, "outside"), training: false);

        inside.Keys.Should().BeEquivalentTo(CohortKey.Entries().Select(e => e.Student));
        outside.Keys.Should().BeEquivalentTo(inside.Keys);
        foreach (var (student, verdicts) in inside)
        {
            outside[student].Should().Equal(verdicts, $"{student} gets the same verdicts");
        }

        TestContext.Out.WriteLine($"{inside.Count} hand-ins, {inside.Values.Sum(v => v.Length - 1)} verdicts, all equal");
        ReportMessages(inside.Keys);
    }

    [Test]
    public async Task The_training_checks_give_the_same_verdicts_with_the_checks_outside_the_sandbox()
    {
        using var scratch = new Scratch();
        var input = Path.Combine(scratch.Root, "training");
        Directory.CreateDirectory(input);
        var key = CohortKey.Entries();
        foreach (var entry in new[] { key.Single(e => e.Example == "Diffusion/Correct"), key.Single(e => e.TrainingOnly) })
        {
            File.Copy(Path.Combine(Handins, entry.Student + ".zip"), Path.Combine(input, entry.Student + ".zip"));
        }

        var inside = await Grade(CheckPlacement.Worker, input, Path.Combine(scratch.Root, "inside"), training: true);
        var outside = await Grade(CheckPlacement.Grader, input, Path.Combine(scratch.Root, "outside"), training: true);

        inside.Should().HaveCount(2);
        foreach (var (student, verdicts) in inside)
        {
            verdicts.Should().Contain(v => v.Contains(TrainingChecks[0], StringComparison.Ordinal)).And.Contain(v => v.Contains(TrainingChecks[1], StringComparison.Ordinal));
            outside[student].Should().Equal(verdicts, $"{student} gets the same verdicts");
        }

        ReportMessages(inside.Keys);
    }
}
