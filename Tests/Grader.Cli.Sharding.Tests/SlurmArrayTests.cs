namespace Grader.Cli.Sharding.Tests;

/// <summary>
/// The tutor's Slurm recipe (Graders/Cli/Sharding/README.md) run as written on a real single-node cluster
/// (<see cref="LocalSlurm"/>): the grader published once, grade-array.slurm submitted as an array of 3 shards over 3
/// hand-ins of the bundled cohort (one in each shard) (the quick pass), merge.slurm submitted with afterok on the array. Shard 2 is made to
/// fail (its output path is a file): the merge must not run, the failed task and its log must say which shard failed,
/// and once the path is cleared, that shard alone run again and the merge's dependency pointed at it, the merge runs and
/// its gradebook equals a one-process <c>grader grade</c> of the same hand-ins and seed. Each shard's peak memory (sstat
/// MaxRSS, sampled every second) stays inside the script's <c>--mem</c>.
/// Ignored where Slurm cannot run (not root, slurm-wlm or munge missing), unless GRADER_REQUIRE_SLURM=1.
/// </summary>
[NonParallelizable]
[Category("Slow")]
public class SlurmArrayTests
{
    /// <summary>
    /// Three hand-ins of the bundled cohort, one in each shard of 3 (FNV-1a of the name modulo 3: amara 1, bastian 2,
    /// dario 3; the test checks every shard graded one), so each shard grades and the merge joins three folders. Six (two
    /// shards of two) cost ≈ 4 CPU-s more per grading of the array and of the one-process run, and proved nothing more.
    /// </summary>
    private static readonly string[] Students = ["amara-lindqvist", "bastian-okoro", "dario-lindahl"];

    /// <summary>Every training check left out (<see cref="TutorCatalog.TrainingCheckIds"/>; on sheet 000 the V and INN trainings).</summary>
    private static readonly string[] QuickPass =
        [.. TutorCatalog.TrainingCheckIds.Order(StringComparer.Ordinal).SelectMany(id => new[] { "--skip-check", id }), "--call-cpu", "2"];

    private const string Seed = "20261123";

    private static string Sharding => Path.Combine(RepositoryRoot.Path, "Graders", "Cli", "Sharding");

    private LocalSlurm _slurm = null!;
    private Scratch _published = null!;
    private string _grader = null!;

    /// <summary>
    /// One cluster and one publish for both tests (each publish is an MSBuild start, seconds of CPU): the cluster runs
    /// one test's jobs after the other's, and each test's work folder gets <c>bin/grader</c> as a link to the one
    /// published folder, where the recipe's default GRADER looks.
    /// </summary>
    [OneTimeSetUp]
    public void Start_the_cluster_and_publish_the_grader()
    {
        _slurm = LocalSlurm.Start();
        _published = new Scratch();
        _grader = Publish(_published.Root);
    }

    /// <summary>Nothing of a test left in the queue for the next one (a failed test may leave its merge pending).</summary>
    [TearDown]
    public void Cancel_every_job() => _slurm.Client("scancel", ["--user", Environment.UserName]);

    [OneTimeTearDown]
    public void Stop_the_cluster()
    {
        _slurm?.Dispose();
        _published?.Dispose();
    }

    /// <summary>The published grader where the recipe looks by default: <c>work/bin/grader</c>, a link to the one publish.</summary>
    private string LinkedGrader(string work)
    {
        var folder = Path.Combine(work, "bin", "grader");
        Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
        Directory.CreateSymbolicLink(folder, _grader);
        return folder;
    }

    [Test]
    public void The_Slurm_array_grades_in_shards_a_failed_shard_blocks_the_merge_and_runs_again_and_the_merge_equals_one_run()
    {
        var slurm = _slurm;
        using var scratch = new Scratch();
        var clock = Stopwatch.StartNew();
        var work = scratch.Root;
        var grader = LinkedGrader(work);
        var handins = Path.Combine(work, "handins");
        Directory.CreateDirectory(handins);
        foreach (var student in Students)
            File.Copy(Path.Combine(RepositoryRoot.Path, "fixtures", "handins", student + ".zip"), Path.Combine(handins, student + ".zip"));
        File.Copy(Path.Combine(RepositoryRoot.Path, "fixtures", "handins", "assignment.json"), Path.Combine(handins, "assignment.json"));
        var output = Path.Combine(work, "out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "shard-2"), "in the way: shard 2 cannot write its folder\n");

        string[] gradeArray = [Path.Combine(Sharding, "grade-array.slurm"), .. QuickPass];
        var array = slurm.Submit(work, ["--array=1-3", $"--export=ALL,HANDINS={handins},OUT={output},SEED={Seed}", .. gradeArray]);
        var merge = slurm.Submit(work, $"--dependency=afterok:{array}", $"--export=ALL,OUT={output}", Path.Combine(Sharding, "merge.slurm"));

        // The one-process run of the same hand-ins and seed, beside the array (it is not a Slurm job).
        var single = Task.Run(() => ProcessResult.Run(Path.Combine(grader, "grader"),
            ["grade", handins, "--out", Path.Combine(work, "single"), "--seed", Seed, "-j", "2", .. QuickPass], new Dictionary<string, string>(), TimeSpan.FromMinutes(10)));

        var peaks = new Dictionary<string, long>(StringComparer.Ordinal);
        void Sample(string job)
        {
            foreach (var (task, rss) in slurm.Memory(job))
                peaks[job + "_" + task] = Math.Max(rss, peaks.GetValueOrDefault(job + "_" + task));
        }

        var tasks = slurm.WaitFor(array, () => Sample(array));
        tasks.Keys.Should().BeEquivalentTo(["1", "2", "3"]);
        tasks["1"]["JobState"].Should().Be("COMPLETED");
        tasks["3"]["JobState"].Should().Be("COMPLETED");
        tasks["2"]["JobState"].Should().Be("FAILED", "shard 2 could not write its output folder");
        tasks["2"]["ExitCode"].Should().Be("4:0", "the grader's exit code for an output folder it cannot write");
        var failedLog = File.ReadAllText(Path.Combine(work, $"grade-cohort-{array}_2.out"));
        failedLog.Should().Contain("shard 2/3").And.Contain(Path.Combine(output, "shard-2")).And.Contain("already exists");

        var waiting = slurm.WaitFor(merge, pendingFor: "DependencyNeverSatisfied")[merge];
        waiting["JobState"].Should().Be("PENDING", "afterok: a failed array task keeps the merge from running");
        Directory.Exists(Path.Combine(output, "all")).Should().BeFalse();

        // Shard 2 alone again: a part of the array must name N (the script refuses to guess it from --array=2) ...
        File.Delete(Path.Combine(output, "shard-2"));
        var unnamed = slurm.Submit(work, ["--array=2", $"--export=ALL,HANDINS={handins},OUT={output}", .. gradeArray]);
        slurm.WaitFor(unnamed)["2"]["JobState"].Should().Be("FAILED");
        File.ReadAllText(Path.Combine(work, $"grade-cohort-{unnamed}_2.out")).Should().Contain("set SHARDS to the number of shards");

        // ... and with SHARDS=3, and no SEED: it takes the seed the other shards recorded.
        var again = slurm.Submit(work, ["--array=2", $"--export=ALL,HANDINS={handins},OUT={output},SHARDS=3", .. gradeArray]);
        slurm.Client("scontrol", ["update", $"JobId={merge}", $"Dependency=afterok:{again}"]).Code.Should().Be(0);
        slurm.WaitFor(again, () => Sample(again))["2"]["JobState"].Should().Be("COMPLETED");
        File.ReadAllText(Path.Combine(work, $"grade-cohort-{again}_2.out")).Should().Contain($"seed {Seed}");
        var merged = slurm.WaitFor(merge)[merge];
        merged["JobState"].Should().Be("COMPLETED", File.ReadAllText(Path.Combine(work, $"grade-merge-{merge}.out")));

        var one = single.Result;
        one.Code.Should().Be(0, one.Error);
        var gradebook = File.ReadAllText(Path.Combine(output, "all", "gradebook.csv"));
        gradebook.Should().Be(File.ReadAllText(Path.Combine(work, "single", "gradebook.csv")));
        gradebook.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(r => r.Split(',')[0]).Should().BeEquivalentTo(Students);
        foreach (var shard in new[] { "1", "2", "3" })
            Directory.EnumerateFiles(Path.Combine(output, "shard-" + shard, "records")).Should().ContainSingle($"the hash puts one of these three students in shard {shard}");

        var limit = LocalSlurm.Bytes(Regex.Match(File.ReadAllText(Path.Combine(Sharding, "grade-array.slurm")), @"#SBATCH --mem=(\S+)").Groups[1].Value);
        TestContext.Out.WriteLine($"the recipe ran in {clock.Elapsed.TotalSeconds:0} s (3 shards, a failed shard run again, merge, the one-process run beside); "
            + "peak memory per shard (sstat MaxRSS): " + string.Join(", ", peaks.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value / (1024.0 * 1024):0} MiB")));
        peaks.Keys.Should().Contain([$"{array}_1", $"{array}_3", $"{again}_2"], "every shard that graded was sampled while it ran");
        peaks.Values.Should().OnlyContain(p => p > 0 && p < limit, $"each shard stays inside the script's --mem ({limit / (1024 * 1024)} MiB)");
        peaks.Values.Should().OnlyContain(p => p < 1024L * 1024 * 1024, "the whole task fits in the 1 GiB the --mem default keeps beyond its two hosts' own 3 GiB ceilings");
    }

    /// <summary>
    /// COURSE through the recipe: grade-array.slurm as an array of 2 shards and merge.slurm after it, both with a course
    /// file (Heidelberg 2023 without 3 (b)) over hand-ins that do not compile (cheap: the points are the course's, not
    /// the hand-ins'); the file is moved between the two, and COURSE names it where it is for the merge. The merged
    /// gradebook has the course's maximum, 20 (the shipped sheet's is 21), and no column of 3 (b).
    /// </summary>
    [Test]
    public void The_Slurm_array_and_merge_grade_with_the_course_file_COURSE_names()
    {
        var slurm = _slurm;
        using var scratch = new Scratch();
        var work = scratch.Root;
        LinkedGrader(work);
        string[] students = ["ada", "bert", "cleo", "dora"];
        foreach (var student in students)
            scratch.Handin(student, "namespace Submission; public static class A { this does not compile }");
        File.Copy(Path.Combine(RepositoryRoot.Path, "fixtures", "handins", "assignment.json"), Path.Combine(scratch.Handins, "assignment.json"));
        var course = Path.Combine(work, "heidelberg-2027.toml");
        File.WriteAllText(course, EditedCourse.HeidelbergWithout3b());
        var output = Path.Combine(work, "out");

        var array = slurm.Submit(work, "--array=1-2", $"--export=ALL,HANDINS={scratch.Handins},OUT={output},SEED={Seed},COURSE={course}", Path.Combine(Sharding, "grade-array.slurm"));
        var tasks = slurm.WaitFor(array);
        tasks.Values.Should().OnlyContain(t => t["JobState"] == "COMPLETED", string.Join('\n', tasks.Keys.Select(k => File.ReadAllText(Path.Combine(work, $"grade-cohort-{array}_{k}.out")))));

        // The course file moved after grading: COURSE names it where it is now, for the merge.
        var moved = Path.Combine(work, "courses-archive", "heidelberg-2027.toml");
        Directory.CreateDirectory(Path.GetDirectoryName(moved)!);
        File.Move(course, moved);
        var merge = slurm.Submit(work, $"--dependency=afterok:{array}", $"--export=ALL,OUT={output},COURSE={moved}", Path.Combine(Sharding, "merge.slurm"));
        var merged = slurm.WaitFor(merge)[merge];
        merged["JobState"].Should().Be("COMPLETED", File.ReadAllText(Path.Combine(work, $"grade-merge-{merge}.out")));

        var rows = File.ReadAllLines(Path.Combine(output, "all", "gradebook.csv"));
        var header = rows[0].Split(',');
        header.Should().NotContain(h => h.StartsWith("000/3b/autodiff-modes", StringComparison.Ordinal), "the course dropped 3 (b)");
        rows.Skip(1).Select(r => r.Split(',')).Should().HaveCount(students.Length).And.OnlyContain(r => r[Array.IndexOf(header, "max")] == "20");
        foreach (var shard in new[] { "1", "2" })
            File.ReadAllText(Path.Combine(output, "shard-" + shard, RunFile.FileName)).Should().Contain(course);
    }

    /// <summary>
    /// <c>dotnet publish Graders/Cli -c &lt;this build's configuration&gt; --no-build -o work/bin/grader</c>: the recipe's
    /// publish, of the build the test suite already made (no compiling; ReadyToRun as that build chose).
    /// </summary>
    private static string Publish(string work)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var cli = Path.Combine(RepositoryRoot.Path, "Graders", "Cli");
        var intermediate = Path.Combine(cli, "obj", configuration, "net10.0");
        var readyToRun = File.Exists(Path.Combine(intermediate, "r2r", "grader.dll"))
            && File.GetLastWriteTimeUtc(Path.Combine(intermediate, "r2r", "grader.dll")) >= File.GetLastWriteTimeUtc(Path.Combine(intermediate, "grader.dll"));
        var folder = Path.Combine(work, "bin", "grader");
        var result = ProcessResult.Run("dotnet", ["publish", cli, "-c", configuration, "--no-build", "-p:GraderReadyToRun=" + (readyToRun ? "true" : "false"), "-o", folder],
            new Dictionary<string, string>(), TimeSpan.FromMinutes(5));
        result.Code.Should().Be(0, result.Output + result.Error);
        return folder;
    }
}
