namespace Grader.Cli.Tests.GitHub;

/// <summary>
/// The shell of <c>.github/workflows/grade-cohort.yml</c> run here, as GitHub runs a step (<c>bash --noprofile --norc
/// -eo pipefail</c>, the job's environment, <c>GITHUB_OUTPUT</c> a file): the plan step's shard list and its refusals,
/// then the grade step once per shard of that list and the merge step over their folders. The grade and merge steps
/// call <c>dotnet run --project Graders/Cli -c Release -- …</c>; a <c>dotnet</c> on PATH stands in for that and runs
/// this build's grader with the same arguments. The hand-ins do not compile (and one zip is corrupt, so one shard ends
/// with exit code 3), which keeps the grading cheap and still takes every step through grade, merge and the gradebook.
/// The grade and merge steps are ignored where bubblewrap does not work (the workflow's shards require it), unless
/// GRADER_REQUIRE_SANDBOX=1.
/// </summary>
public class GradeCohortWorkflowTests
{
    private const string Workflow = "grade-cohort.yml";

    [Test]
    public void The_plan_step_lists_the_shards_1_to_N_and_passes_the_seed()
    {
        var (code, output, _) = Plan(shards: "3", seed: "42");
        code.Should().Be(0);
        output.Should().Be("shards=[1,2,3]\nseed=42\n");
    }

    [Test]
    public void The_plan_step_draws_a_seed_when_none_is_given()
    {
        var (code, output, _) = Plan(shards: "1", seed: "");
        code.Should().Be(0);
        output.Should().MatchRegex(@"^shards=\[1\]\nseed=[0-9]+\n$");
    }

    [TestCase("0", "", "", "shards must be a whole number from 1 to 256")]
    [TestCase("257", "", "", "shards must be a whole number from 1 to 256")]
    [TestCase("3x", "", "", "shards must be a whole number from 1 to 256")]
    [TestCase("3", "abc", "", "seed must be a whole number")]
    [TestCase("3", "", "handins-2026", "needs artifact-run-id")]
    public void The_plan_step_refuses_bad_inputs_with_one_error(string shards, string seed, string artifact, string message)
    {
        var (code, output, log) = Plan(shards, seed, artifact);
        code.Should().Be(1);
        log.Should().Contain("::error::").And.Contain(message);
        output.Should().BeEmpty("no job runs on a refused plan");
    }

    [Test]
    public void The_grade_step_of_each_planned_shard_and_the_merge_step_give_the_gradebook_of_one_run()
    {
        SandboxKit.RequirePolicy(); // the workflow's shards grade in the sandbox only
        using var scratch = new Scratch();
        string[] students = ["ada", "bert", "cleo", "dora", "emil", "fynn"];
        foreach (var student in students)
            scratch.Handin(student, "namespace Submission; public static class A { this does not compile }");
        File.WriteAllBytes(Path.Combine(scratch.Handins, "greta.zip"), [0x50, 0x4b, 0x03, 0x04, 0x00]);
        File.Copy(Path.Combine(RepositoryRoot.Path, "fixtures", "handins", "assignment.json"), Path.Combine(scratch.Handins, "assignment.json"));
        var shim = StandIn(scratch.Root);

        var (planned, output, _) = Plan(shards: "3", seed: "7");
        planned.Should().Be(0);
        var shards = output.Split('\n')[0]["shards=[".Length..^1].Split(',');
        shards.Should().Equal("1", "2", "3");

        var grade = WorkflowSteps.Named(Workflow, "Grade shard ${{ matrix.shard }} of ${{ inputs.shards }}");
        var warnings = 0;
        foreach (var shard in shards)
        {
            var run = Step(grade, scratch.Root, shim, ("SHARD", shard), ("SHARDS", "3"), ("SEED", "7"), ("HANDINS", scratch.Handins), ("SHEET", ""));
            run.Code.Should().Be(0, $"shard {shard}: {run.Output}{run.Error}");
            if (run.Output.Contains($"::warning::shard {shard}/3 refused some inputs", StringComparison.Ordinal))
                warnings++;
        }

        warnings.Should().Be(1, "the corrupt zip is refused in its shard (exit code 3), which still counts as complete");
        var merge = Step(WorkflowSteps.Named(Workflow, "Merge the shards into one gradebook"), scratch.Root, shim);
        merge.Code.Should().Be(0, merge.Output + merge.Error);

        var single = ProcessResult.Run("dotnet", [Grader, "grade", scratch.Handins, "--out", Path.Combine(scratch.Root, "single"), "--seed", "7"],
            new Dictionary<string, string>(), TimeSpan.FromMinutes(5));
        single.Code.Should().Be(3, single.Output + single.Error);
        var gradebook = File.ReadAllText(Path.Combine(scratch.Root, "out", "all", "gradebook.csv"));
        gradebook.Should().Be(File.ReadAllText(Path.Combine(scratch.Root, "single", "gradebook.csv")));
        gradebook.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(r => r.Split(',')[0]).Should().BeEquivalentTo([.. students, "greta"], "the refused zip keeps its zero row");
    }

    /// <summary>
    /// The input <c>course</c> (COURSE, a path in the repository) through the grade step of two shards and the merge
    /// step, which runs in another folder (another job's checkout, the shard job's file gone): the merged gradebook has the
    /// course's sheet (Heidelberg 2023 without 3 (b): maximum 20, not the shipped 21, and no column of 3 (b)).
    /// </summary>
    [Test]
    public void The_grade_and_merge_steps_grade_with_the_course_input()
    {
        SandboxKit.RequirePolicy();
        using var scratch = new Scratch();
        string[] students = ["ada", "bert", "cleo", "dora"];
        foreach (var student in students)
            scratch.Handin(student, "namespace Submission; public static class A { this does not compile }");
        File.Copy(Path.Combine(RepositoryRoot.Path, "fixtures", "handins", "assignment.json"), Path.Combine(scratch.Handins, "assignment.json"));
        const string Course = "courses/heidelberg-2027.toml";
        Directory.CreateDirectory(Path.Combine(scratch.Root, "courses"));
        File.WriteAllText(Path.Combine(scratch.Root, Course), EditedCourse.HeidelbergWithout3b());
        var shim = StandIn(scratch.Root);

        var grade = WorkflowSteps.Named(Workflow, "Grade shard ${{ matrix.shard }} of ${{ inputs.shards }}");
        foreach (var shard in new[] { "1", "2" })
        {
            var run = Step(grade, scratch.Root, shim, ("SHARD", shard), ("SHARDS", "2"), ("SEED", "7"), ("HANDINS", scratch.Handins), ("SHEET", ""), ("COURSE", Course));
            run.Code.Should().Be(0, $"shard {shard}: {run.Output}{run.Error}");
        }

        // The merge job runs on another machine: its own checkout (the course file at another path; the shard job's is
        // gone), the shards downloaded into out/. The course input names its copy there.
        var mergeJob = Path.Combine(scratch.Root, "merge-job");
        Directory.CreateDirectory(Path.Combine(mergeJob, "courses"));
        File.Move(Path.Combine(scratch.Root, Course), Path.Combine(mergeJob, Course));
        foreach (var shard in new[] { "1", "2" })
            scratch.Copy(Path.Combine(scratch.Root, "out", "shard-" + shard), Path.Combine("merge-job", "out", "shard-" + shard));
        var merge = Step(WorkflowSteps.Named(Workflow, "Merge the shards into one gradebook"), mergeJob, shim, ("COURSE", Course));
        merge.Code.Should().Be(0, merge.Output + merge.Error);
        var rows = File.ReadAllLines(Path.Combine(mergeJob, "out", "all", "gradebook.csv"));
        var header = rows[0].Split(',');
        header.Should().NotContain(h => h.StartsWith("000/3b/autodiff-modes", StringComparison.Ordinal), "the course dropped 3 (b)");
        rows.Skip(1).Select(r => r.Split(',')).Should().HaveCount(students.Length).And.OnlyContain(r => r[Array.IndexOf(header, "max")] == "20");
        File.ReadAllText(Path.Combine(mergeJob, "out", "all", RunFile.FileName)).Should().Contain(Path.Combine(scratch.Root, Course), "the run was graded with the shard job's file");
    }

    /// <summary>This build's grader (the test's own output folder has it and its host).</summary>
    private static string Grader => Path.Combine(AppContext.BaseDirectory, "grader.dll");

    /// <summary>The plan step with the inputs <paramref name="shards"/>, <paramref name="seed"/> and <paramref name="artifact"/>: its exit code, GITHUB_OUTPUT and log.</summary>
    private static (int Code, string Output, string Log) Plan(string shards, string seed, string artifact = "")
    {
        using var scratch = new Scratch();
        var outputs = Path.Combine(scratch.Root, "github-output");
        File.WriteAllText(outputs, "");
        var run = Step(WorkflowSteps.Named(Workflow, "List the shards 1..N"), scratch.Root, null,
            ("SHARDS", shards), ("SEED", seed), ("ARTIFACT", artifact), ("ARTIFACT_RUN_ID", ""), ("GITHUB_OUTPUT", outputs));
        return (run.Code, File.ReadAllText(outputs), run.Output + run.Error);
    }

    /// <summary>Runs a step's script as GitHub does, in <paramref name="directory"/>, with <paramref name="path"/> first on PATH.</summary>
    private static ProcessResult Step(WorkflowSteps.Step step, string directory, string? path, params (string Key, string Value)[] environment)
    {
        var script = Path.Combine(directory, $"step-{step.Line}.sh");
        File.WriteAllText(script, step.Script);
        var variables = environment.ToDictionary(e => e.Key, e => e.Value);
        if (path is not null)
            variables["PATH"] = path + ":" + Environment.GetEnvironmentVariable("PATH");
        return ProcessResult.Run("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], variables, TimeSpan.FromMinutes(5), directory);
    }

    /// <summary>A folder with a <c>dotnet</c> that takes <c>dotnet run … -- ARGS</c> and runs this build's grader with ARGS.</summary>
    private static string StandIn(string root)
    {
        var folder = Path.Combine(root, "shim");
        Directory.CreateDirectory(folder);
        var dotnet = Path.Combine(folder, "dotnet");
        var real = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Where(f => f.Length > 0)
            .Select(f => Path.Combine(f, "dotnet")).First(File.Exists);
        File.WriteAllText(dotnet, $$"""
            #!/bin/bash
            # Stands in for `dotnet run [--no-build] --project Graders/Cli -c Release -- ARGS`: this build's grader with ARGS.
            [ "$1" = run ] || { echo "the stand-in dotnet takes only 'dotnet run … -- ARGS', not '$*'" >&2; exit 64; }
            while [ $# -gt 0 ] && [ "$1" != -- ]; do shift; done
            shift
            exec "{{real}}" "{{Grader}}" "$@"

            """);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(dotnet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return folder;
    }
}
