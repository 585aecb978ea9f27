using Grader.Grading.Pipeline;

namespace Grader.Grading.Tests.Grading;

/// <summary>
/// The pipeline's bookkeeping with a fake worker (nothing is compiled or run): files per hand-in, resuming, --force,
/// a failed run that keeps the earlier good result, fail-closed verdicts, restarts after a crash, shards and merge.
/// </summary>
public class GradingPipelineTests
{
    private static readonly CourseCatalog Catalog = CourseCatalog.Default;
    private static readonly GradingOutputs Outputs = GradingOutputs.Default;

    private static GradeRun Run(Scratch scratch, string output = "out", bool force = false, Shard? shard = null) =>
        new([scratch.Handins], Path.Combine(scratch.Root, output), 2, shard, force, ManualGrades.Empty,
            TestSettings.For("002", catalog: Catalog));

    private static async Task<(GradingSummary Summary, RecordingProgress Progress)> Grade(FakeWorker worker, GradeRun run)
    {
        var progress = new RecordingProgress();
        var summary = await new GradingPipeline(worker, Outputs).RunAsync(run, progress, DiscoveryLimits.Default, CancellationToken.None);
        return (summary, progress);
    }

    /// <summary>alice's hand-in in <paramref name="scratch"/>, graded into out/ by a fake worker whose checks pass; the worker, for the next run.</summary>
    private static async Task<FakeWorker> AliceGradedOnce(Scratch scratch)
    {
        scratch.Handin("alice");
        var worker = new FakeWorker();
        await Grade(worker, Run(scratch));
        return worker;
    }

    [Test]
    public async Task Each_hand_in_gets_its_files_and_the_run_its_reports()
    {
        using var scratch = new Scratch();
        scratch.Handin("alice");
        scratch.Handin("bob", "namespace Submission; public static class B { }");
        var worker = new FakeWorker() { Verdict = (student, _) => student == "bob" ? CheckOutcome.Failed : CheckOutcome.Passed };

        var (summary, _) = await Grade(worker, Run(scratch));

        summary.Handins.Select(h => h.Student).Should().Equal("alice", "bob");
        summary.Handins[0].AutoTotal.Should().Be(summary.Handins[0].Possible).And.BeGreaterThan(0);
        var pending = summary.Handins[1].Tasks.Where(t => t.NotGradedYet).Sum(t => t.Task.AutoPoints);
        summary.Handins[1].AutoTotal.Should().Be(pending, "bob fails every check; only the shares without checks (none left on sheet 002) count, in full");
        foreach (var student in new[] { "alice", "bob" })
        {
            Directory.GetFiles(Path.Combine(scratch.Root, "out", "students", student)).Select(Path.GetFileName)
                .Should().BeEquivalentTo(["results.json", "feedback.md", "feedback.html"], $"{student}'s folder holds what a student may read, nothing else");
            File.Exists(Path.Combine(scratch.Root, "out", "records", student + ".json")).Should().BeTrue($"{student}'s record is the tutor's, apart");
        }

        foreach (var file in new[] { "gradebook.csv", "junit.xml", "summary.md", "run.json" })
        {
            File.Exists(Path.Combine(scratch.Root, "out", file)).Should().BeTrue($"{file} is written");
        }
    }

    [Test]
    public async Task Hand_ins_named_like_the_runs_files_cannot_overwrite_them()
    {
        // Before students' folders moved under students/, a hand-in folder named gradebook.csv ended the run with
        // "Is a directory: …/gradebook.csv": no gradebook, summary or JUnit for anyone.
        using var scratch = new Scratch();
        string[] names = ["gradebook.csv", "summary.md", "junit.xml", "run.json", ResultStore.StudentsFolder, ResultStore.RecordsFolder];
        foreach (var name in names)
        {
            scratch.Handin(name);
        }

        var (summary, _) = await Grade(new FakeWorker(), Run(scratch));

        summary.Handins.Select(h => h.Student).Should().BeEquivalentTo(names);
        File.ReadAllLines(Path.Combine(scratch.Root, "out", "gradebook.csv")).Should().HaveCount(1 + names.Length);
        XDocumentLoads(Path.Combine(scratch.Root, "out", "junit.xml"));
        foreach (var name in names)
        {
            File.Exists(Path.Combine(scratch.Root, "out", ResultStore.StudentsFolder, name, HandinFeedback.HtmlFile)).Should().BeTrue(name);
        }

        new ResultStore(Path.Combine(scratch.Root, "out")).LoadAll().Select(r => r.Student).Should().BeEquivalentTo(names);
    }

    [Test]
    public async Task A_failed_hidden_checks_set_up_stays_out_of_the_students_folder()
    {
        // The tutor's catalog (hidden checks due). Every hidden check fails with a tutor detail; the student's folder is
        // what a tutor hands over, so no file in it may carry the detail. Hidden check ids are not the tutor's only: the
        // feedback and results.json name each check a student is graded on (hidden ones "after_published").
        using var scratch = new Scratch();
        scratch.Handin("alice");
        var settings = TestSettings.For("002");
        var hidden = settings.Config.Due.Where(d => d.Check.Visibility == Visibility.Hidden).Select(d => d.Check.Check.Id).ToHashSet(StringComparer.Ordinal);
        hidden.Should().NotBeEmpty("sheet 002 has hidden checks in the tutor's catalog");
        var worker = new FakeWorker()
        {
            Verdict = (_, check) => hidden.Contains(check) ? CheckOutcome.Failed : CheckOutcome.Passed,
            TutorDetail = (_, check) => hidden.Contains(check) ? $"HIDDEN-SET-UP of {check}: T = 250, 4096 points" : null,
        };
        var output = Path.Combine(scratch.Root, "out");

        await new GradingPipeline(worker, Outputs).RunAsync(new GradeRun([scratch.Handins], output, 1, null, false, ManualGrades.Empty, settings),
            new RecordingProgress(), DiscoveryLimits.Default, CancellationToken.None);

        var files = Directory.GetFiles(ResultStore.StudentFolderIn(output, "alice"), "*", SearchOption.AllDirectories);
        files.Select(Path.GetFileName).Should().BeEquivalentTo(["results.json", "feedback.md", "feedback.html"]);
        files.Should().OnlyContain(f => !File.ReadAllText(f).Contains("HIDDEN-SET-UP", StringComparison.Ordinal), "the hidden set-up is the tutor's");
        var record = File.ReadAllText(new ResultStore(output).RecordPath("alice"));
        hidden.Should().OnlyContain(id => record.Contains($"HIDDEN-SET-UP of {id}", StringComparison.Ordinal), "the tutor's record keeps every failed hidden check's set-up");
        File.ReadAllText(Path.Combine(output, "summary.md")).Should().Contain("HIDDEN-SET-UP of ");
    }

    [Test]
    public async Task An_output_folder_of_the_earlier_layout_is_refused_by_grade_and_merge_with_one_message()
    {
        // Before records/, each student's folder held record.json (the hidden set-up with it). Resuming from it would keep
        // those files where a handed-over folder leaks them, so the run stops before grading anything.
        using var scratch = new Scratch();
        var worker = await AliceGradedOnce(scratch);
        var output = Path.Combine(scratch.Root, "out");
        File.Move(new ResultStore(output).RecordPath("alice"), Path.Combine(ResultStore.StudentFolderIn(output, "alice"), ResultStore.OldRecordFileName));
        int jobs = worker.Jobs;

        var grade = () => Grade(worker, Run(scratch));
        (await grade.Should().ThrowAsync<UsageException>())
            .Which.Message.Should().Contain("earlier grader").And.Contain("record.json").And.Contain("1 student folder(s)").And.Contain("records/<student>.json");
        worker.Jobs.Should().Be(jobs, "nothing is graded");

        var merge = () => new ShardMerge(Catalog, Outputs).Merge([output], Path.Combine(scratch.Root, "merged"));
        merge.Should().Throw<MergeException>().WithMessage("*earlier grader*records/<student>.json*");
        Directory.Exists(Path.Combine(scratch.Root, "merged")).Should().BeFalse();
    }

    private static void XDocumentLoads(string path) => System.Xml.Linq.XDocument.Load(path).Root.Should().NotBeNull();

    [Test]
    public async Task A_second_run_reuses_unchanged_hand_ins_and_grades_changed_ones()
    {
        using var scratch = new Scratch();
        scratch.Handin("alice");
        scratch.Handin("bob", "namespace Submission; public static class B { }");
        var worker = new FakeWorker();
        await Grade(worker, Run(scratch));
        int first = worker.Jobs;
        var stamp = File.GetLastWriteTimeUtc(Path.Combine(scratch.Root, "out", "records", "alice.json"));

        var (again, progress) = await Grade(worker, Run(scratch));
        worker.Jobs.Should().Be(first, "nothing changed, so nothing is graded again");
        progress.Plan.Should().Be((0, 2, 0));
        again.Handins.Should().HaveCount(2);
        File.GetLastWriteTimeUtc(Path.Combine(scratch.Root, "out", "records", "alice.json")).Should().Be(stamp);

        scratch.Handin("bob", "namespace Submission; public static class B { public static int X = 1; }");
        var (_, changed) = await Grade(worker, Run(scratch));
        changed.Plan.Should().Be((1, 1, 0));
        changed.Finished.Select(f => f.Student).Should().Equal("bob");

        var (_, forced) = await Grade(worker, Run(scratch, force: true));
        forced.Plan.Should().Be((2, 0, 0));
    }

    [Test]
    public async Task A_crashed_rerun_never_replaces_an_earlier_good_result()
    {
        using var scratch = new Scratch();
        var worker = await AliceGradedOnce(scratch);
        var before = File.ReadAllText(Path.Combine(scratch.Root, "out", "records", "alice.json"));

        worker.Script = (_, keys) => (0, WorkerEnd.Crashed, 137);
        var (summary, progress) = await Grade(worker, Run(scratch, force: true));

        progress.Finished.Should().ContainSingle().Which.KeptEarlier.Should().BeTrue();
        File.ReadAllText(Path.Combine(scratch.Root, "out", "records", "alice.json")).Should().Be(before);
        summary.Handins.Single().Status.Should().Be(HandinStatus.Graded);
    }

    [Test]
    public async Task A_crash_fails_the_running_check_and_a_fresh_worker_runs_the_rest()
    {
        using var scratch = new Scratch();
        scratch.Handin("alice");
        var worker = new FakeWorker();
        worker.Script = (job, keys) => job.Skip.Count == 0 ? (1, WorkerEnd.Crashed, 134) : null;

        var (summary, _) = await Grade(worker, Run(scratch));

        var outcome = summary.Handins.Single();
        outcome.Status.Should().Be(HandinStatus.Crashed);
        outcome.Timing.WorkerRuns.Should().Be(2);
        var verdicts = outcome.Tasks.SelectMany(t => t.Checks).ToArray();
        verdicts.Count(v => !v.Passed).Should().Be(1, "only the check that was running when the worker died fails");
        verdicts.Single(v => !v.Passed).Result.Message.Should().Contain("stack overflow");
        worker.Received[1].Skip.Should().HaveCount(2, "the second worker skips the check that passed and the one that crashed");
    }

    [Test]
    public async Task A_check_that_never_reports_fails_closed()
    {
        using var scratch = new Scratch();
        scratch.Handin("alice");
        // The worker says it is done but reported only the first check.
        var worker = new FakeWorker() { Script = (_, keys) => (1, WorkerEnd.Done, 0) };

        var (summary, _) = await Grade(worker, Run(scratch));

        var verdicts = summary.Handins.Single().Tasks.SelectMany(t => t.Checks).ToArray();
        verdicts.Should().HaveCountGreaterThan(1);
        verdicts.Skip(1).Should().OnlyContain(v => !v.Passed && v.Result.Message.Contains("without a verdict"));
    }

    [Test]
    public async Task Two_shards_partition_the_cohort_and_merge_into_the_full_run()
    {
        using var scratch = new Scratch();
        foreach (var student in new[] { "ada", "alan", "barbara", "claude", "edsger", "grace", "john", "katherine" })
        {
            scratch.Handin(student, $"namespace Submission; public static class {char.ToUpperInvariant(student[0])}{student[1..]} {{ }}");
        }

        var worker = new FakeWorker() { Verdict = (student, check) => student.Length % 2 == 0 && check.Contains("beta-one") ? CheckOutcome.Failed : CheckOutcome.Passed };
        var (full, _) = await Grade(worker, Run(scratch, "full"));
        var (one, _) = await Grade(worker, Run(scratch, "s1", shard: new Shard(1, 2)));
        var (two, _) = await Grade(worker, Run(scratch, "s2", shard: new Shard(2, 2)));

        one.Handins.Select(h => h.Student).Intersect(two.Handins.Select(h => h.Student)).Should().BeEmpty();
        one.Handins.Concat(two.Handins).Select(h => h.Student).Order().Should().Equal(full.Handins.Select(h => h.Student));
        one.Handins.Should().NotBeEmpty();
        two.Handins.Should().NotBeEmpty();

        new ShardMerge(Catalog, Outputs).Merge([Path.Combine(scratch.Root, "s1"), Path.Combine(scratch.Root, "s2")], Path.Combine(scratch.Root, "merged"));
        File.ReadAllText(Path.Combine(scratch.Root, "merged", "gradebook.csv")).Should().Be(File.ReadAllText(Path.Combine(scratch.Root, "full", "gradebook.csv")));
        foreach (var student in full.Handins.Select(h => h.Student))
        {
            File.ReadAllText(Path.Combine(scratch.Root, "merged", "students", student, "results.json")).Should().NotBeEmpty();
        }

        new ResultStore(Path.Combine(scratch.Root, "merged")).LoadAll().Select(r => r.Student).Should().Equal(full.Handins.Select(h => h.Student), "the records come along, so the joined folder resumes");
        Directory.EnumerateFiles(Path.Combine(scratch.Root, "merged", "students"), "*", SearchOption.AllDirectories).Select(Path.GetFileName).Distinct()
            .Should().BeEquivalentTo(["results.json", "feedback.md", "feedback.html"]);
    }

    [Test]
    public async Task A_refused_hand_in_keeps_its_zero_row_through_shards_resume_and_merge()
    {
        using var scratch = new Scratch();
        foreach (var student in new[] { "ada", "alan", "barbara", "claude" })
        {
            scratch.Handin(student);
        }

        File.WriteAllBytes(Path.Combine(scratch.Handins, "grace.zip"), [0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
        Directory.CreateDirectory(Path.Combine(scratch.Handins, "@john"));
        File.WriteAllText(Path.Combine(scratch.Handins, "@john", "A.cs"), "namespace Submission; public static class A { }");
        var worker = new FakeWorker();

        var (full, _) = await Grade(worker, Run(scratch, "full"));
        await Grade(worker, Run(scratch, "s1", shard: new Shard(1, 2)));
        await Grade(worker, Run(scratch, "s2", shard: new Shard(2, 2)));
        var (resumed, _) = await Grade(worker, Run(scratch, "full"));
        new ShardMerge(Catalog, Outputs).Merge([Path.Combine(scratch.Root, "s1"), Path.Combine(scratch.Root, "s2")], Path.Combine(scratch.Root, "merged"));

        full.Handins.Select(h => h.Student).Should().Equal("ada", "alan", "barbara", "claude");
        var gradebook = File.ReadAllText(Path.Combine(scratch.Root, "full", "gradebook.csv"));
        var rows = GradebookCsv.Parse(gradebook);
        rows.Skip(1).Select(r => (r[0], r[1])).Should().Equal(
            [("'@john", "refused"), ("ada", "graded"), ("alan", "graded"), ("barbara", "graded"), ("claude", "graded"), ("grace", "refused")]);
        GradebookCsv.Cells(rows, "grace")["note"].Should().Contain("'grace.zip' is not a readable zip");
        resumed.Handins.Should().HaveCount(4);
        File.ReadAllText(Path.Combine(scratch.Root, "full", "gradebook.csv")).Should().Be(gradebook, "a resumed run keeps the refused rows");
        File.ReadAllText(Path.Combine(scratch.Root, "merged", "gradebook.csv")).Should().Be(gradebook, "each refused row comes from its shard, once");
        File.ReadAllText(Path.Combine(scratch.Root, "merged", "gradebook-lms.csv")).Should().Be(File.ReadAllText(Path.Combine(scratch.Root, "full", "gradebook-lms.csv")));
    }

    [Test]
    public void Merge_refuses_overlapping_shards_and_folders_that_are_not_output()
    {
        using var scratch = new Scratch();
        var merge = new ShardMerge(Catalog, Outputs);
        Directory.CreateDirectory(Path.Combine(scratch.Root, "empty"));
        var act = () => merge.Merge([Path.Combine(scratch.Root, "empty")], Path.Combine(scratch.Root, "m"));
        act.Should().Throw<MergeException>().WithMessage("*is not the output folder*");
    }

    [Test]
    public async Task Merge_refuses_a_student_graded_in_two_folders()
    {
        using var scratch = new Scratch();
        scratch.Handin("alice");
        var worker = new FakeWorker();
        await Grade(worker, Run(scratch, "a"));
        await Grade(worker, Run(scratch, "b"));
        var act = () => new ShardMerge(Catalog, Outputs).Merge([Path.Combine(scratch.Root, "a"), Path.Combine(scratch.Root, "b")], Path.Combine(scratch.Root, "m"));
        act.Should().Throw<MergeException>().WithMessage("*alice was graded in both*");
    }

    [Test]
    public async Task Several_folders_are_one_cohort_and_a_student_in_two_of_them_is_refused()
    {
        using var scratch = new Scratch();
        scratch.Handin("alice");
        scratch.Handin("bob");
        var second = Path.Combine(scratch.Root, "late");
        Directory.CreateDirectory(Path.Combine(second, "carol"));
        File.WriteAllText(Path.Combine(second, "carol", "A.cs"), "namespace Submission; public static class C { }");
        Directory.CreateDirectory(Path.Combine(second, "Bob"));
        File.WriteAllText(Path.Combine(second, "Bob", "A.cs"), "namespace Submission; public static class B { }");

        var (summary, _) = await Grade(new FakeWorker(), Run(scratch) with { Inputs = [scratch.Handins, second] });

        summary.Handins.Select(h => h.Student).Should().Equal("alice", "carol");
        summary.Problems.Should().ContainSingle(p => p.Skipped && p.Message.Contains("more than once"));
    }

    [TestCase("0/2")]
    [TestCase("3/2")]
    [TestCase("1/0")]
    [TestCase("a/b")]
    [TestCase("1")]
    public void A_malformed_shard_is_refused(string text)
    {
        var act = () => Shard.Parse(text);
        act.Should().Throw<FormatException>().WithMessage("*k/N*");
    }
}
