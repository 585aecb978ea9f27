using System.CommandLine;
using System.IO.Compression;
using System.Xml.Linq;

namespace Grader.Cli.Tests.Commands;

/// <summary>
/// The verbs as a user types them: bad input ends in one clear message and the documented exit code, never a stack
/// trace; <c>check --ci</c> writes what a student's GitHub job needs.
/// </summary>
[NonParallelizable]
public class CommandLineTests
{
    private static readonly string Snapshots = Path.Combine(RepositoryRoot.Path, "fixtures", "snapshots");

    private static Task<(int Code, string Out, string Error)> Grader(params string[] args) => GraderInProcess.RunAsync(args);

    [TestCase(new[] { "grade", "handins", "--jobs", "0", "--out", "out" }, "grader grade: --jobs must be between 1 and 256. See 'grader grade --help'.")]
    [TestCase(new[] { "grade", "handins" }, "grader grade: Option '--out' is required. See 'grader grade --help'.")]
    [TestCase(new[] { "grade", "handins", "--out", "out", "--sheet", "999" }, "grader grade: --sheet: Unknown sheet '999'.")]
    [TestCase(new[] { "rubric", "export", "--out" }, "grader rubric export: ")]
    [TestCase(new[] { "catalog", "--no-such-option" }, "grader catalog: Unrecognized command or argument '--no-such-option'.")]
    [TestCase(new[] { "grade", "handins", "--no-such-option", "--out", "out" }, "grader grade: Unknown option '--no-such-option'.")]
    [TestCase(new[] { "similarity", "handins", "--sheets", "000", "--out", "out" }, "grader similarity: Unknown option '--sheets'.")]
    [TestCase(new[] { "merge", "out1", "--no-such-option", "--out", "out" }, "grader merge: Unknown option '--no-such-option'.")]
    [TestCase(new[] { "grde", "handins", "--out", "out" }, "grader: unknown command 'grde'. Did you mean 'grade'? See 'grader --help'.")]
    [TestCase(new[] { "rubric", "exprot", "--handins", "h" }, "grader rubric: unknown command 'exprot'. Did you mean 'export'? See 'grader rubric --help'.")]
    [TestCase(new[] { "bake" }, "grader: unknown command 'bake'. See 'grader --help'.")]
    public async Task A_usage_error_is_one_line_naming_the_option_and_pointing_to_help(string[] args, string start)
    {
        var (code, text, error) = await Grader(args);

        code.Should().Be(ExitCodes.UsageError);
        text.Should().BeEmpty();
        error.TrimEnd('\n', '\r').Should().NotContain("\n", "one line, not the help").And.StartWith(start).And.EndWith("--help'.").And.NotContain("Usage:");
    }

    [TestCase("2", "002")]
    [TestCase("02", "002")]
    [TestCase("004", "004")]
    [TestCase("4", "004")]
    public void A_sheet_given_as_a_number_is_the_one_sheet_of_that_number(string given, string sheet)
    {
        GraderCommand.Create().Parse(["grade", "handins", "--out", "out", "--sheet", given]).Errors.Should().BeEmpty();
        CommonOptions.Catalog.FindAssignment(given)!.Id.Should().Be(sheet);
        CommonOptions.Catalog.FindAssignment(given)!.Tasks.Should().NotBeEmpty().And.OnlyContain(t => t.Sheet == sheet);
    }

    [TestCase("5")]
    [TestCase("-2")]
    [TestCase("2.0")]
    [TestCase("\u0662")] // Arabic-Indic two: not a number a sheet id is written in
    [TestCase("99999999999999999999")]
    public void A_number_that_names_no_sheet_is_an_unknown_sheet(string given)
    {
        given = System.Text.RegularExpressions.Regex.Unescape(given);
        CommonOptions.Catalog.FindAssignment(given).Should().BeNull();
        GraderCommand.UsageLine(GraderCommand.Create().Parse(["grade", "handins", "--out", "out", "--sheet", given])).Should().Contain("Unknown sheet");
    }

    [TestCase("grade")]
    [TestCase("assign")]
    public void A_sheet_of_no_shipped_course_is_answered_with_how_to_pass_the_course(string verb)
    {
        var line = GraderCommand.UsageLine(GraderCommand.Create().Parse([verb, .. verb == "grade" ? new[] { "handins" } : [], "--out", "out", "--sheet", "105"]));

        line.Should().Contain("Unknown sheet '105'").And.Contain("pass --course NAME.toml");
    }

    [Test]
    public async Task An_assignment_file_of_a_course_of_ones_own_is_answered_with_how_to_pass_the_course()
    {
        using var scratch = new Scratch();
        scratch.Handin("alice");
        File.WriteAllText(Path.Combine(scratch.Handins, "assignment.json"), "{\"course\": \"dgm-ws2026\", \"sheet\": \"002\"}");

        var (code, _, error) = await Grader("grade", scratch.Handins, "--out", Path.Combine(scratch.Root, "out"), "--snapshots", Snapshots);

        code.Should().Be(ExitCodes.UsageError);
        error.Should().Contain("names the course \"dgm-ws2026\", which is not one of the courses graded with (").And.Contain("tum-deep-generative-models-2023")
            .And.Contain("pass --course NAME.toml").And.NotContain("   at ");
    }

    [Test]
    public async Task A_run_stopped_by_ctrl_c_says_how_far_it_got_and_how_to_resume()
    {
        using var scratch = new Scratch();
        scratch.Handin("alice");
        scratch.Handin("bob");
        var output = new StringWriter();
        var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync(); // Ctrl-C: System.CommandLine cancels the action's token

        var code = await GraderCommand.Create().Parse(["grade", scratch.Handins, "--out", Path.Combine(scratch.Root, "out"), "--sheet", "002", "--snapshots", Snapshots, "--plain"])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, stop.Token);

        code.Should().Be(ExitCodes.Stopped, error.ToString());
        output.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n')[^1].Should().Be("Stopped: 0 of 2 graded; run the same command again to resume.");
        error.ToString().Should().NotContain("   at ").And.NotContain("OperationCanceledException");
    }

    [Test]
    public void A_stopped_run_counts_the_hand_ins_kept_and_finished()
    {
        var counted = new global::Grader.Cli.Progress.CountingProgress(new global::Grader.Cli.Progress.PlainProgress(TextWriter.Null));
        counted.StoppedLine.Should().Be(global::Grader.Cli.Progress.CountingProgress.StoppedBeforeGrading);

        counted.Planned(toGrade: 3, reused: 2, refused: 1);
        counted.Started("carol");
        counted.Finished(ReporterFixture.Carol(), keptEarlier: false);

        counted.StoppedLine.Should().Be("Stopped: 3 of 5 graded; run the same command again to resume.");
    }

    [Test]
    public async Task An_output_folder_that_cannot_be_written_is_said_in_the_tools_words()
    {
        using var scratch = new Scratch();
        scratch.Handin("alice");
        var output = "/sys/grader-out-" + Guid.NewGuid().ToString("N"); // not even root may create a folder in sysfs

        var (code, _, error) = await Grader("grade", scratch.Handins, "--out", output, "--sheet", "002", "--snapshots", Snapshots, "--plain");

        code.Should().Be(ExitCodes.InfrastructureFailure);
        error.Trim().Should().Be($"grader grade: The output could not be written to '{output}' (seed.txt): permission denied (the folder, or one above it, is read-only or belongs to someone else)."
            + " Give --out a folder you can write to, or make room, and run again.");
    }

    [Test]
    public async Task A_missing_folder_of_hand_ins_is_a_usage_error()
    {
        using var scratch = new Scratch();
        var (code, _, error) = await Grader("grade", Path.Combine(scratch.Root, "nowhere"), "--out", Path.Combine(scratch.Root, "out"), "--snapshots", Snapshots);
        code.Should().Be(ExitCodes.UsageError);
        error.Should().StartWith("grader grade: ").And.Contain("nowhere").And.NotContain("   at ");
    }

    [Test]
    public async Task An_empty_folder_of_hand_ins_is_a_usage_error()
    {
        using var scratch = new Scratch();
        Directory.CreateDirectory(scratch.Handins);
        var (code, _, error) = await Grader("grade", scratch.Handins, "--out", Path.Combine(scratch.Root, "out"), "--sheet", "002", "--snapshots", Snapshots);
        code.Should().Be(ExitCodes.UsageError);
        error.Should().Contain("empty").And.NotContain("   at ");
    }

    [TestCase("--sheet", "999", "Unknown sheet '999'")]
    [TestCase("--shard", "3/2", "is not a shard")]
    [TestCase("--skip-check", "no.such.check", "Unknown check 'no.such.check'")]
    [TestCase("--jobs", "0", "--jobs must be between 1 and 256")]
    [TestCase("--check-timeout", "-5", "must be a positive number of seconds")]
    [TestCase("--call-cpu", "-1", "--call-cpu must be a number of seconds, 0 or more")]
    [TestCase("--compile-cpu", "0", "--compile-cpu must be a positive number of seconds")]
    public async Task A_bad_option_is_refused_before_anything_runs(string option, string value, string message)
    {
        using var scratch = new Scratch();
        scratch.Handin("alice");
        var (code, _, error) = await Grader("grade", scratch.Handins, "--out", Path.Combine(scratch.Root, "out"), option, value);
        code.Should().Be(ExitCodes.UsageError);
        error.Should().Contain(message);
        Directory.Exists(Path.Combine(scratch.Root, "out")).Should().BeFalse("nothing ran");
    }

    [TestCase("grade")]
    [TestCase("check")]
    public Task A_data_folder_without_images_is_refused_in_one_sentence(string verb) => DataIsRefusedInOneSentence(verb, root =>
    {
        var missing = Path.Combine(root, "no-such-folder");
        var empty = Directory.CreateDirectory(Path.Combine(root, "empty")).FullName;
        return [(missing, $"--data: the folder '{missing}' does not exist."), (empty, $"--data: '{empty}' holds no train-images-idx3-ubyte")];
    });

    [TestCase("grade")]
    [TestCase("check")]
    public Task Colour_images_are_refused_for_the_mnist_task_in_one_sentence(string verb) => DataIsRefusedInOneSentence(verb, root =>
    {
        var cifar = Path.Combine(root, "cifar");
        global::Grader.Reference.Data.GeneratedImages.WriteCifar10Folder(cifar, 40, seed: 2);
        return [(cifar, $"--data: CIFAR-10 (binary batches in {cifar}) holds images of 3 channels, and task 004/3.5/mnist of sheet 004 takes one-channel images")];
    });

    /// <summary>
    /// <c>grade</c> (a scratch folder of hand-ins: alice's) or <c>check</c> (alice's hand-in) of sheet 004 with <c>--data</c>
    /// each folder <paramref name="folders"/> makes in the scratch root is a usage error whose message, one line, contains
    /// the folder's message, and writes no output folder.
    /// </summary>
    private static async Task DataIsRefusedInOneSentence(string verb, Func<string, (string Folder, string Message)[]> folders)
    {
        using var scratch = new Scratch();
        scratch.Handin("alice");
        foreach (var (data, message) in folders(scratch.Root))
        {
            string[] args = verb == "grade"
                ? ["grade", scratch.Handins, "--out", Path.Combine(scratch.Root, "out"), "--sheet", "004", "--snapshots", Snapshots, "--data", data]
                : ["check", Path.Combine(scratch.Handins, "alice"), "--sheet", "004", "--snapshots", Snapshots, "--data", data];
            var (code, _, error) = await Grader(args);
            code.Should().Be(ExitCodes.UsageError, error);
            error.Should().Contain(message).And.NotContain("   at ");
            error.Trim().Split('\n').Should().ContainSingle("one sentence, on one line");
            Directory.Exists(Path.Combine(scratch.Root, "out")).Should().BeFalse("nothing ran");
        }
    }

    [Test]
    public async Task A_malformed_rubric_is_refused_with_its_row_and_column()
    {
        using var scratch = new Scratch();
        scratch.Handin("alice");
        var csv = Path.Combine(scratch.Root, "rubric.csv");
        File.WriteAllText(csv, "student,task,item,max_points,points,comment,rubric\nalice,000/1a/train-and-sample,no-such-item,1,1,,\n");
        var (code, _, error) = await Grader("grade", scratch.Handins, "--out", Path.Combine(scratch.Root, "out"), "--manual", csv, "--sheet", "002", "--snapshots", Snapshots);
        code.Should().Be(ExitCodes.UsageError);
        error.Should().Contain("row 2").And.Contain("column");
    }

    [Test]
    public async Task Refused_hand_ins_are_listed_and_the_rest_is_graded()
    {
        using var scratch = new Scratch();
        scratch.Handin("alice", "namespace Submission; public static class A { }");
        File.WriteAllBytes(Path.Combine(scratch.Handins, "bob.zip"), [0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
        File.WriteAllText(Path.Combine(scratch.Handins, "carol.pdf"), "%PDF-1.4");
        var output = Path.Combine(scratch.Root, "out");

        var (code, text, _) = await Grader("grade", scratch.Handins, "--out", output, "--sheet", "002", "--snapshots", Snapshots, "--plain");

        code.Should().Be(ExitCodes.InputsRefused);
        text.Should().Contain("bob.zip").And.Contain("carol.pdf");
        File.Exists(Path.Combine(output, "students", "alice", "results.json")).Should().BeTrue();
        File.ReadAllText(Path.Combine(output, "summary.md")).Should().Contain("bob.zip").And.Contain("carol.pdf");
    }

    [Test]
    public async Task Without_a_sheet_or_an_assignment_file_the_run_asks_which_assignment()
    {
        using var scratch = new Scratch();
        scratch.Handin("alice");
        var (code, _, error) = await Grader("grade", scratch.Handins, "--out", Path.Combine(scratch.Root, "out"), "--snapshots", Snapshots);
        code.Should().Be(ExitCodes.UsageError);
        error.Should().Contain("Say which assignment the hand-ins are for: --sheet <id>, or an assignment.json").And.Contain("004 (Technical University of Denmark")
            .And.NotContain("   at ");
        Directory.Exists(Path.Combine(scratch.Root, "out")).Should().BeFalse("nothing ran");
    }

    [Test]
    public async Task The_assignment_file_in_the_folder_names_the_assignment_and_is_no_hand_in()
    {
        using var scratch = new Scratch();
        scratch.Handin("alice");
        File.WriteAllText(Path.Combine(scratch.Handins, "assignment.json"), "{\"course\": \"tum-deep-generative-models-2023\", \"sheet\": \"002\"}");
        var output = Path.Combine(scratch.Root, "out");

        var (code, text, _) = await Grader("grade", scratch.Handins, "--out", output, "--snapshots", Snapshots, "--plain", "--check-timeout", "20");

        code.Should().Be(ExitCodes.Done, text);
        text.Should().Contain("Graded sheet 002 of Technical University of Munich").And.NotContain("assignment.json");
        File.ReadAllLines(Path.Combine(output, "gradebook.csv"))[0].Split(',').Where(c => c.EndsWith(" auto", StringComparison.Ordinal))
            .Should().NotBeEmpty().And.OnlyContain(c => c.StartsWith("002/", StringComparison.Ordinal));
    }

    [TestCase("{\"sheet\": \"009\"}", "names the sheet \"009\", which the catalog does not have")]
    [TestCase("{\"course\": \"dtu-02460-2024\", \"sheet\": \"002\"}", "names the course \"dtu-02460-2024\", but sheet 002 belongs to \"tum-deep-generative-models-2023\"")]
    [TestCase("sheet 002", "can't be read as an assignment file")]
    public async Task A_wrong_assignment_file_is_a_usage_error(string text, string message)
    {
        using var scratch = new Scratch();
        scratch.Handin("alice");
        File.WriteAllText(Path.Combine(scratch.Handins, "assignment.json"), text);
        var (code, _, error) = await Grader("grade", scratch.Handins, "--out", Path.Combine(scratch.Root, "out"), "--snapshots", Snapshots);
        code.Should().Be(ExitCodes.UsageError);
        error.Should().Contain(message).And.NotContain("   at ");
    }

    [Test]
    public async Task Merge_of_a_folder_that_is_not_output_is_a_usage_error()
    {
        using var scratch = new Scratch();
        var (code, _, error) = await Grader("merge", scratch.Root, "--out", Path.Combine(scratch.Root, "merged"));
        code.Should().Be(ExitCodes.UsageError);
        error.Should().Contain("is not the output folder");
    }

    [Test]
    public async Task Check_refuses_a_file_that_is_not_a_hand_in()
    {
        using var scratch = new Scratch();
        var file = Path.Combine(scratch.Root, "notes.txt");
        File.WriteAllText(file, "hello");
        var (code, _, error) = await Grader("check", file, "--snapshots", Snapshots);
        code.Should().Be(ExitCodes.UsageError);
        error.Should().Contain("is a file");
    }

    /// <summary>The Diffusion mutant every <c>check</c> test below grades on sheet 002 (it loses points on a hidden check).</summary>
    private static readonly string Mutant = Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", "Diffusion", "Mutants", "schedule-accepts-beta-one");

    private Scratch? _checks;
    private Task<(int Code, string Out, string Error, string Junit)[]>? _drawn;
    private Task<(int Code, string Out, string Error)>? _tutorView;

    [OneTimeTearDown]
    public void CleanUp() => _checks?.Dispose();

    /// <summary>
    /// Two runs of <c>check --ci --junit</c> of <see cref="Mutant"/> without <c>--seed</c>, each with its own JUnit file,
    /// made once and read by the tests of the CI report and of the drawn seed (each run grades the mutant: ≈ 1.5 CPU-s).
    /// </summary>
    private Task<(int Code, string Out, string Error, string Junit)[]> DrawnCiChecks() => _drawn ??= Run();

    private async Task<(int Code, string Out, string Error, string Junit)[]> Run()
    {
        _checks ??= new Scratch();
        var runs = new List<(int, string, string, string)>();
        for (int run = 0; run < 2; run++)
        {
            var junit = Path.Combine(_checks.Root, $"junit-{run}.xml");
            var (code, text, error) = await Grader("check", Mutant, "--ci", "--junit", junit, "--sheet", "002", "--snapshots", Snapshots);
            runs.Add((code, text, error, junit));
        }

        return [.. runs];
    }

    /// <summary>The tutor's <c>check --seed 7</c> of <see cref="Mutant"/> (the plain report), made once and read by two tests.</summary>
    private Task<(int Code, string Out, string Error)> TutorView() => _tutorView ??= Grader("check", Mutant, "--seed", "7", "--sheet", "002", "--snapshots", Snapshots);

    [Test]
    public async Task Check_in_ci_mode_fences_the_report_annotates_failures_and_exits_2_when_points_are_lost()
    {
        var (code, text, _, junit) = (await DrawnCiChecks())[0];

        code.Should().Be(ExitCodes.PointsLost);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var stop = lines.Single(l => l.StartsWith("::stop-commands::", StringComparison.Ordinal));
        var token = stop["::stop-commands::".Length..];
        Array.IndexOf(lines, $"::{token}::").Should().BeGreaterThan(Array.IndexOf(lines, stop), "the report is fenced");
        lines.Should().Contain(l => l.StartsWith("::error", StringComparison.Ordinal));
        XDocument.Load(junit).Descendants("failure").Should().NotBeEmpty();
    }

    /// <summary>
    /// <c>check</c> draws a fresh seed for every run unless <c>--seed</c> is given, prints it on stderr for the tutor and
    /// records it in the JUnit file; the hidden inputs differ from run to run.
    /// </summary>
    [Test]
    public async Task Check_draws_a_fresh_seed_per_run_prints_it_and_reproduces_a_given_one()
    {
        var seeds = new List<string>();
        foreach (var (_, _, error, junit) in await DrawnCiChecks())
        {
            var match = System.Text.RegularExpressions.Regex.Match(error, @"grader check: Seed (\d+) \(drawn for this run; --seed \1 grades the same inputs again\)\.");
            match.Success.Should().BeTrue(error);
            seeds.Add(match.Groups[1].Value);
            XDocument.Load(junit).Descendants("property").Where(p => (string?)p.Attribute("name") == "seed").Select(p => (string?)p.Attribute("value"))
                .Should().Equal([match.Groups[1].Value], "the JUnit file records the run's seed");
        }

        seeds.Should().HaveCount(2);
        seeds[0].Should().NotBe(seeds[1], "each run draws its own seed (two equal 64-bit draws: p = 2⁻⁶⁴)");
        seeds.Should().NotContain(global::Grader.Checks.Grading.GradeOptions.Default.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "the fixed default seed is no longer used");
        var (_, _, given) = await TutorView();
        given.Should().Contain("grader check: Seed 7 (given with --seed).");
    }

    /// <summary>
    /// What <c>check --ci</c> writes may be read by the student (the log, the job summary, the annotations, junit.xml):
    /// none of it holds the hidden checks' set-up, which the plain report shows the tutor as "tutor:" lines.
    /// </summary>
    [Test]
    public async Task Check_in_ci_mode_shows_no_hidden_set_up_where_the_student_reads()
    {
        using var scratch = new Scratch();
        var (_, tutorView, _) = await TutorView();
        var details = tutorView.Split('\n').Where(l => l.TrimStart().StartsWith("tutor:", StringComparison.Ordinal)).Select(l => l.Trim()["tutor:".Length..].Trim()).ToArray();
        details.Should().NotBeEmpty("the mutant fails a hidden check whose set-up the tutor's terminal shows, so there is something to keep out");

        var junit = Path.Combine(scratch.Root, "junit.xml");
        var summary = Path.Combine(scratch.Root, "summary.md");
        File.WriteAllText(summary, "");
        await TestEnvironment.With(new Dictionary<string, string?> { ["GITHUB_STEP_SUMMARY"] = summary }, async () =>
        {
            var (code, ciView, _) = await Grader("check", Mutant, "--ci", "--seed", "7", "--junit", junit, "--sheet", "002", "--snapshots", Snapshots);
            code.Should().Be(ExitCodes.PointsLost);
            File.ReadAllText(summary).Should().NotBeEmpty("the job summary was written");
            foreach (var (what, text) in new[] { ("the log", ciView), ("the job summary", File.ReadAllText(summary)), ("junit.xml", File.ReadAllText(junit)) })
            {
                text.Should().NotContain("tutor:", $"{what} is student-visible");
                foreach (var detail in details)
                {
                    text.Should().NotContain(detail, $"{what} is student-visible");
                }
            }
        });
    }

    [Test]
    public async Task Check_in_ci_mode_annotates_a_repositorys_hand_in_with_the_path_the_repository_has()
    {
        using var scratch = new Scratch();
        var repository = Path.Combine(scratch.Root, "alice");
        Directory.CreateDirectory(Path.Combine(repository, "Handin"));
        File.WriteAllText(Path.Combine(repository, "assignment.json"), "{\"sheet\": \"002\"}");
        File.WriteAllText(Path.Combine(repository, "Handin", "Broken.cs"), "namespace Submission;\npublic static class Broken { public static int F() => 1 }\n");
        var (code, text, error) = await TestEnvironment.With(new Dictionary<string, string?> { ["GITHUB_WORKSPACE"] = repository },
            () => Grader("check", repository, "--ci", "--junit", Path.Combine(scratch.Root, "junit.xml"), "--snapshots", Snapshots));

        code.Should().Be(ExitCodes.PointsLost, error);
        text.Split('\n').Should().Contain(l => l.StartsWith("::error file=Handin/Broken.cs,line=2,", StringComparison.Ordinal), "GitHub attaches an annotation by the path in the repository");
    }

    [Test]
    public async Task Check_of_a_correct_zip_passes()
    {
        using var scratch = new Scratch();
        var zip = Path.Combine(scratch.Root, "amara.zip");
        // A student hands in every family of the course: the correct examples of every pack, side by side.
        var folder = Path.Combine(scratch.Root, "amara");
        foreach (var pack in global::Grader.Checks.Catalog.CourseCatalog.Default.Packs)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, pack.Folders.Correct), "*.cs", SearchOption.AllDirectories))
            {
                File.Copy(file, Path.Combine(Directory.CreateDirectory(folder).FullName, Path.GetFileName(file)));
            }
        }

        ZipFile.CreateFromDirectory(folder, zip);
        var (code, text, _) = await Grader("check", zip, "--sheet", "002", "--fail-on-lost-points", "--snapshots", Snapshots);
        code.Should().Be(ExitCodes.Done, text);
        text.Should().Contain("Total: ");
    }

    /// <summary>
    /// A run without --seed draws a fresh seed, prints it and records it (seed.txt, run.json); a second run into the
    /// same folder resumes with the recorded seed; --seed reproduces it.
    /// </summary>
    [Test]
    public async Task A_run_without_a_seed_draws_one_records_it_and_resumes_with_it()
    {
        using var scratch = new Scratch();
        scratch.Handin("alice");
        var output = Path.Combine(scratch.Root, "out");

        var (code, text, _) = await Grader("grade", scratch.Handins, "--out", output, "--sheet", "002", "--snapshots", Snapshots, "--plain");
        code.Should().Be(ExitCodes.Done, text);
        var seed = ulong.Parse(File.ReadAllText(Path.Combine(output, "seed.txt")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        text.Should().Contain($"Seed {seed} (drawn for this run; pass --seed with it to reproduce the run).").And.Contain($"--seed {seed} grades the same inputs again");
        global::Grader.Grading.RunFile.Load(output)!.Run.Seed.Should().Be(seed);

        var (again, resumed, _) = await Grader("grade", scratch.Handins, "--out", output, "--sheet", "002", "--snapshots", Snapshots, "--plain");
        again.Should().Be(ExitCodes.Done, resumed);
        resumed.Should().Contain($"Seed {seed} (recorded in the output folder: the run resumes with it).");
        global::Grader.Grading.RunFile.Load(output)!.Run.Seed.Should().Be(seed);

        var other = Path.Combine(scratch.Root, "other");
        var (_, fresh, _) = await Grader("grade", scratch.Handins, "--out", other, "--sheet", "002", "--snapshots", Snapshots, "--plain", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        fresh.Should().Contain($"Seed {seed} (given with --seed).");
    }

    [Test]
    public async Task A_sharded_run_needs_a_seed_and_shards_of_different_seeds_do_not_merge()
    {
        using var scratch = new Scratch();
        scratch.Handin("alice");
        scratch.Handin("bob");
        var (code, _, error) = await Grader("grade", scratch.Handins, "--out", Path.Combine(scratch.Root, "unseeded"), "--sheet", "002", "--snapshots", Snapshots, "--shard", "1/2");
        code.Should().Be(ExitCodes.UsageError);
        error.Should().Contain("A sharded run needs --seed, the same for every shard").And.NotContain("   at ");
        Directory.Exists(Path.Combine(scratch.Root, "unseeded")).Should().BeFalse("nothing ran");

        (await Grader("grade", scratch.Handins, "--out", Path.Combine(scratch.Root, "one"), "--sheet", "002", "--snapshots", Snapshots, "--plain", "--shard", "1/2", "--seed", "11")).Code.Should().Be(ExitCodes.Done);
        (await Grader("grade", scratch.Handins, "--out", Path.Combine(scratch.Root, "two"), "--sheet", "002", "--snapshots", Snapshots, "--plain", "--shard", "2/2", "--seed", "12")).Code.Should().Be(ExitCodes.Done);
        var (merged, _, mergeError) = await Grader("merge", Path.Combine(scratch.Root, "one"), Path.Combine(scratch.Root, "two"), "--out", Path.Combine(scratch.Root, "merged"));
        merged.Should().Be(ExitCodes.UsageError);
        mergeError.Should().Contain("was graded with other settings").And.Contain("seed 12").And.Contain("seed 11");
    }
}
