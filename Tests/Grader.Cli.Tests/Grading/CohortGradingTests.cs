using System.Text.Json;
using System.Xml.Linq;
using FluentAssertions;
using Grader.Checks.Catalog;
using Grader.Checks.Hidden.Diffusion;
using Grader.Cli.Commands;
using Grader.Cli.Discovery;
using Grader.Cli.Grading;
using Grader.Cli.Reporters;
using Grader.Cli.Tests.Support;
using Grader.Cli.Workers;

namespace Grader.Cli.Tests.Grading;

/// <summary>
/// The acceptance test, end to end with real worker processes: grading the bundled cohort
/// (fixtures/handins) gives every hand-in the score its answer key (fixtures/cohort/cohort.json) expects, the outputs
/// exist and agree, and a second run into the same folder resumes (grades nothing, rewrites nothing).
/// The two training-quality checks (≈ 15 s each per hand-in) are left out here (<c>--skip-check</c>), and the check
/// time limit is 10 s (the endless-loop hand-in costs 4 × 10 s); <see cref="Training_checks_in_workers"/> runs them
/// for the correct hand-in and the training mutant, the only hand-in whose bug only they catch.
/// </summary>
[NonParallelizable]
[Category("Slow")]
public class CohortGradingTests
{
    private static readonly string Handins = Path.Combine(RepositoryRoot.Path, "fixtures", "handins");
    private static readonly string[] TrainingChecks = [.. DiffusionTutorPack.TrainingChecks.Select(c => c.Id)];
    private static readonly GradingOutputs Outputs = new(HandinFeedback.Write, RunReports.Write);
    private Scratch _scratch = null!;
    private GradingSummary _summary = null!;

    private static GradeRun Run(string input, string output, bool skipTraining) => new([input], output, 2, null, false, ManualGrades.Empty,
        new GradeSettings(null, false, 20240917, Path.Combine(RepositoryRoot.Path, "fixtures", "snapshots"),
            WorkerLimits.Default with { CheckTime = TimeSpan.FromSeconds(skipTraining ? 10 : 120) },
            (skipTraining ? TrainingChecks : []).ToHashSet(StringComparer.Ordinal)));

    private static Task<GradingSummary> Grade(GradeRun run, RecordingProgress progress) =>
        new GradingPipeline(WorkerFactory.Create(out _), CommonOptions.Catalog, Outputs).RunAsync(run, progress, DiscoveryLimits.Default, CancellationToken.None);

    [OneTimeSetUp]
    public async Task Grade_the_cohort()
    {
        _scratch = new Scratch();
        _summary = await Grade(Run(Handins, Path.Combine(_scratch.Root, "out"), skipTraining: true), new RecordingProgress());
    }

    [OneTimeTearDown]
    public void CleanUp() => _scratch.Dispose();

    public static IEnumerable<TestCaseData> Students() => CohortKey.Entries().Select(e => new TestCaseData(e).SetName($"Cohort {e.Student} ({e.Example})"));

    [TestCaseSource(nameof(Students))]
    public void Each_hand_in_gets_the_score_its_answer_key_expects(CohortKey.Entry entry)
    {
        var outcome = _summary.Handins.SingleOrDefault(h => h.Student == entry.Student);
        outcome.Should().NotBeNull($"{entry.Student} is in the cohort");
        outcome!.Status.ToString().Should().Be(entry.Status, outcome.Reason);
        var lost = outcome.Report.Tasks.Where(t => t.Checks.Count > 0 && !t.FullMarks).Select(t => t.Task.Id).ToArray();
        // Left out here: the training checks, so a bug only they catch costs nothing in this run.
        var onlyTraining = CommonOptions.Catalog.Tasks.Where(t => t.Graded && t.Checks.All(c => TrainingChecks.Contains(c.Check.Id))).Select(t => t.Id).ToHashSet();
        var expected = entry.TrainingOnly ? [] : entry.FullMarksExcept.Where(t => !onlyTraining.Contains(t)).ToArray();
        lost.Should().BeEquivalentTo(expected, string.Join("\n", outcome.Report.Tasks.SelectMany(t => t.Checks).Where(c => !c.Passed).Select(c => $"{c.Result.Id}: {c.Result.Message}")));
        if (entry.Status == "Graded" && expected.Length > 0)
        {
            outcome.Report.Total.Should().BeLessThan(outcome.Report.Possible);
        }
    }

    [Test]
    public void The_outputs_exist_and_agree_with_each_other()
    {
        var output = Path.Combine(_scratch.Root, "out");
        var gradebook = File.ReadAllLines(Path.Combine(output, "gradebook.csv"));
        gradebook.Should().HaveCount(1 + CohortKey.Entries().Count);
        XDocument.Load(Path.Combine(output, "junit.xml")).Descendants("testcase").Should().NotBeEmpty();
        File.ReadAllText(Path.Combine(output, "summary.md")).Should().Contain("zofia-marchetti").And.Contain("yusuf-bergstrom");
        foreach (var outcome in _summary.Handins)
        {
            using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, outcome.Student, "results.json")));
            var tests = results.RootElement.GetProperty("tests").EnumerateArray().ToArray();
            results.RootElement.GetProperty("score").GetDouble().Should().BeApproximately(tests.Sum(t => t.GetProperty("score").GetDouble()), 1e-6);
            foreach (var file in new[] { "feedback.md", "feedback.html", HandinRecord.FileName })
            {
                File.Exists(Path.Combine(output, outcome.Student, file)).Should().BeTrue($"{outcome.Student}/{file}");
            }
        }
    }

    [Test]
    public async Task A_second_run_resumes_without_grading_or_rewriting_anything()
    {
        var output = Path.Combine(_scratch.Root, "out");
        var stamps = Directory.EnumerateFiles(output, HandinRecord.FileName, SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        var progress = new RecordingProgress();

        var again = await Grade(Run(Handins, output, skipTraining: true), progress);

        progress.Plan.Should().Be((0, CohortKey.Entries().Count, 0));
        progress.Finished.Should().BeEmpty();
        stamps.Should().OnlyContain(s => File.GetLastWriteTimeUtc(s.Key) == s.Value);
        again.Handins.Select(h => (h.Student, h.Report.Total)).Should().Equal(_summary.Handins.Select(h => (h.Student, h.Report.Total)));
    }

    [Test]
    public async Task Training_checks_in_workers()
    {
        var key = CohortKey.Entries();
        var correct = key.Single(e => e.Example == "Diffusion/Correct");
        var training = key.Single(e => e.TrainingOnly);
        var input = Path.Combine(_scratch.Root, "training");
        Directory.CreateDirectory(input);
        foreach (var entry in new[] { correct, training })
        {
            File.Copy(Path.Combine(Handins, entry.Student + ".zip"), Path.Combine(input, entry.Student + ".zip"));
        }

        var summary = await Grade(Run(input, Path.Combine(_scratch.Root, "training-out"), skipTraining: false), new RecordingProgress());

        foreach (var entry in new[] { correct, training })
        {
            var outcome = summary.Handins.Single(h => h.Student == entry.Student);
            outcome.Report.Tasks.Where(t => t.Checks.Count > 0 && !t.FullMarks).Select(t => t.Task.Id).Should().BeEquivalentTo(entry.FullMarksExcept, outcome.Reason);
            outcome.Report.Tasks.SelectMany(t => t.Checks).Select(c => c.Spec.Check.Id).Should().Contain(TrainingChecks);
        }
    }
}
