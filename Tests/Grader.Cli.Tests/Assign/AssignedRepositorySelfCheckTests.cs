using Grader.Cli.Assign;

namespace Grader.Cli.Tests.Assign;

/// <summary>
/// The student repository builds and its <c>dotnet test</c> runs the self-check against the template, as a student's
/// first run would: a child <c>dotnet test</c> in a fresh assigned folder (restoring from this machine's NuGet source).
/// Every visible task's test fails (the template throws <c>NotImplementedException</c>) with its message and no stack trace, the total
/// passes, announces the hidden points and is the last thing the run prints. And <c>dotnet build</c> compiles the hand-in;
/// a file that does not compile fails <c>dotnet test</c> by name even when no visible test needs it.
/// The tests share one assigned repository (sheet 004) and its first, cold <c>dotnet test</c> (restore and build of
/// every project, as a student's first run): the build test then builds that tree again and after each edit, so the
/// shipped projects compile once per fixture, not once per test.
/// </summary>
[Category("Slow")]
[NonParallelizable]
public sealed class AssignedRepositorySelfCheckTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    private AssignedTree _tree = null!;
    private (int Exit, string Output) _firstTest;

    /// <summary>The assigned repository of sheet 004 and the student's first <c>dotnet test</c> in it, untouched.</summary>
    [OneTimeSetUp]
    public void Assign_and_run_the_first_dotnet_test()
    {
        _tree = new AssignedTree("004");
        _firstTest = DotnetTest(_tree.Folder);
    }

    [OneTimeTearDown]
    public void CleanUp() => _tree?.Dispose();

    [Test]
    public void Dotnet_test_in_the_student_repository_builds_and_reports_every_visible_task_of_the_template()
    {
        var tree = _tree;
        var (exit, output) = _firstTest;
        // Indented with "| ", so the child's summary lines ("Total tests:", "Failed: 13") never read as this run's own.
        TestContext.Out.WriteLine(string.Join('\n', output.Split('\n').Select(line => "| " + line)));

        var visibleTasks = tree.Assignment.Tasks.Where(t => t.Checks.Any(c => c.Visibility == Visibility.Visible)).ToList();
        visibleTasks.Should().HaveCount(tree.Result.Points.VisibleTasks);
        output.Should().NotContain("error CS", "the student repository must build");
        Count(output, "Failed").Should().Be(visibleTasks.Count, "every visible task's test fails on the template");
        Count(output, "Passed").Should().Be(2, "only the total and the test that every file compiles pass");
        output.Should().Contain($"Passed {StudentReadme.EveryFileCompiles} [", "the template compiles");
        exit.Should().NotBe(0, "failing tests fail the run");
        foreach (var task in visibleTasks)
        {
            output.Should().Contain($"Failed {TextReport.TaskName(task)} (", $"the self-check reports {task.Id}");
        }

        output.Should().Contain("not implemented yet", "the template's NotImplementedException is what the tests report");
        output.Should().Contain($"Visible: 0 / {PointsText.Shown(tree.Result.Points.VisiblePoints)} points; hidden checks worth {PointsText.Shown(tree.Result.Points.HiddenPoints)} points run when your tutor grades.");
        output.Should().Contain($"Hand-in {Path.Combine(tree.Folder, AssignmentLayout.HandinFolder)}", "the self-check grades the hand-in folder by default");

        var lines = output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        lines[^1].Should().StartWith("Visible: 0 / ", "the visible total is the last thing dotnet test prints");
        lines[^2].Should().Be($"Hand-in {Path.Combine(tree.Folder, AssignmentLayout.HandinFolder)}");
        Array.FindLastIndex(lines, l => l.StartsWith("Total tests:", StringComparison.Ordinal)).Should().BeLessThan(lines.Length - 2, "the total comes after the run's summary");
        output.Should().NotContain("SelfCheckTests.cs:line", "a failed task's test says what was expected and seen, not where in the self-check it failed")
            .And.NotMatchRegex(@"(?m)^\s*at \S+\(.*\)( in |\s*$)", "no failure prints a stack frame");
        output.Should().NotMatchRegex(@"(?m)^1\)\s+at ", "no failure repeats its stack trace as an assertion result");
        output.Should().NotContain("Stack Trace:", "a failure without a stack trace prints no empty stack-trace heading either");
    }

    /// <summary>
    /// The hand-in folder is a project of the student repository: <c>dotnet build</c> compiles <c>Handin/*.cs</c> and
    /// reports its errors with file and line, the grader's allowlist included (the grader's own compile reports the same
    /// diagnostic at the same place); the template compiles clean (the build with the planted file reports that file's
    /// error and no other), and what the student's first run built (the checks, the self-check, lib/) defines and
    /// references nothing of the reference or the hidden checks. An assembly of lib/ that is not the one the manifest
    /// names fails the self-check. (The template is not built alone first: that build compiled the same files as the
    /// planted file's build, ≈ 8 CPU-s, issue 69.)
    /// </summary>
    [Test]
    public void Dotnet_build_in_the_student_repository_shows_the_hand_ins_errors_with_file_line_and_the_allowlist()
    {
        var tree = _tree;
        var handin = Path.Combine(tree.Folder, AssignmentLayout.HandinFolder);
        var built = Directory.EnumerateFiles(tree.Folder, "*.dll", SearchOption.AllDirectories).ToList();
        built.Should().Contain(dll => dll.EndsWith("Grader.SelfCheck.dll", StringComparison.Ordinal), "the first dotnet test built the self-check");
        var leaks = built.SelectMany(dll => SecretTypes.InAssembly(dll).Select(n => $"{Path.GetRelativePath(tree.Folder, dll)}: {n}")).ToList();
        leaks.Should().BeEmpty("what a student's build makes holds nothing of the answers");

        var file = Path.Combine(handin, "DtuDdpm.cs");
        var template = File.ReadAllText(file);
        File.WriteAllText(file, template + "\ninternal static class Broken\n{\n    internal static int Value() { int x = 1 return x; }\n}\n");
        var line = template.Split('\n').Length + 3;
        var (exit, output) = Dotnet(tree.Folder, "build");
        exit.Should().NotBe(0, output);
        output.Should().MatchRegex($@"Handin/DtuDdpm\.cs\({line},\d+\): error CS1002: ; expected", "a syntax error is an error with file and line");
        (exit, output) = DotnetTest(tree.Folder);
        exit.Should().NotBe(0, "the self-check still runs, and fails, on a hand-in with a file that does not compile");
        output.Should().MatchRegex($@"DtuDdpm\.cs:{line}:\d+: error CS1002", "each task's test names the error");
        output.Split('\n').Select(l => l.Trim()).Last(l => l.Length > 0).Should().StartWith("Visible: 0 / ", "the total is still the last line");

        File.WriteAllText(file, template);
        var leak = Path.Combine(handin, "Leak.cs");
        File.WriteAllText(leak, "public static class Leak\n{\n    public static string Read() => System.IO.File.ReadAllText(\"/etc/passwd\");\n}\n");
        var graded = Grader.Checks.Handins.HandinCompiler.Default.Compile(Grader.Checks.Handins.HandinSource.FromFolder(handin));
        var refused = graded.Errors.Should().ContainSingle(e => e.Id == "GRADER001", "the grader refuses the file I/O").Subject;
        (exit, output) = Dotnet(tree.Folder, "build");
        TestContext.Out.WriteLine(string.Join('\n', output.Split('\n').Select(line => "| " + line)));
        exit.Should().NotBe(0, output);
        output.Should().Contain($"Handin/Leak.cs({refused.Line},{refused.Column}): error GRADER001: {refused.Message}",
            "dotnet build reports the grader's allowlist diagnostic where the grader does, in the grader's words");
        output.Split('\n').Where(l => l.Contains(": error ", StringComparison.Ordinal)).Should()
            .OnlyContain(l => l.Contains("Handin/Leak.cs(", StringComparison.Ordinal), "the template's files compile clean beside it");
        output.Should().Contain($"{Path.Combine(handin, StudentRepositoryFolder.HandinProjectFile)}]", "dotnet build compiles the hand-in's project");
        File.Delete(leak);

        // The manifest of the tool's assemblies names a hash the contracts' assembly does not have (another tool's, or a
        // replaced file): the self-check grades nothing and names the file.
        var manifestFile = Path.Combine(tree.Folder, ToolAssemblies.ManifestFile);
        var manifest = File.ReadAllText(manifestFile);
        var hash = Regex.Match(manifest, "\"lib/Grader.Contracts.dll\": \"([0-9a-f]{64})\"").Groups[1].Value;
        hash.Should().HaveLength(64, manifest);
        File.WriteAllText(manifestFile, manifest.Replace(hash, new string('0', 64), StringComparison.Ordinal));
        (exit, output) = DotnetTest(tree.Folder);
        File.WriteAllText(manifestFile, manifest);
        exit.Should().NotBe(0, output);
        output.Should().Contain("lib/Grader.Contracts.dll differs").And.Contain("are not those grader ", "the self-check names the assembly that is not the assigning tool's");
    }

    /// <summary>
    /// A file with a syntax error that blocks only a task without a visible check, in an otherwise correct hand-in (the
    /// pack's correct example): the grader leaves the file out, no task's test can see it, and still <c>dotnet test</c>
    /// fails, with one failed test naming the file, its line, the compiler's error and the task it blocks; the total, the
    /// last line, names the file too; the README names the test the student sees fail.
    /// </summary>
    [Test]
    public void Dotnet_test_fails_naming_a_file_that_does_not_compile_though_no_visible_test_needs_it()
    {
        var handin = Path.Combine(_tree.Folder, AssignmentLayout.HandinFolder);
        var shipped = Directory.GetFiles(handin, "*.cs").ToDictionary(f => f, File.ReadAllText);
        try
        {
            foreach (var file in shipped.Keys)
            {
                var correct = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "Submissions", "Examples"), Path.GetFileName(file), SearchOption.AllDirectories)
                    .Single(f => Path.GetFileName(Path.GetDirectoryName(f)) == "Correct");
                File.Copy(correct, file, overwrite: true);
            }

            var broken = Path.Combine(handin, "MnistDdpm.cs");
            var lines = File.ReadAllLines(broken);
            int line = Array.FindIndex(lines, l => l.TrimEnd().EndsWith(';') && l.TrimStart().StartsWith("return ", StringComparison.Ordinal)) + 1;
            line.Should().BePositive("MnistDdpm.cs has a return statement to break");
            lines[line - 1] = lines[line - 1].TrimEnd().TrimEnd(';');
            File.WriteAllLines(broken, lines);

            // In process, what the self-check will see: this one file left out, blocking tasks that have hidden checks only.
            var compiled = Grader.Checks.Handins.HandinCompiler.Default.Compile(Grader.Checks.Handins.HandinSource.FromFolder(handin));
            var left = compiled.Excluded.Should().ContainSingle().Subject;
            left.Path.Should().Be("MnistDdpm.cs");
            var blocked = _tree.Assignment.Tasks.Where(t => compiled.Blocking(t.Contracts) == left).ToList();
            blocked.Should().NotBeEmpty().And.OnlyContain(t => t.Checks.All(c => c.Visibility == Visibility.Hidden), "no visible test can show this file's error");

            var (exit, output) = DotnetTest(_tree.Folder);
            TestContext.Out.WriteLine(string.Join('\n', output.Split('\n').Select(l => "| " + l)));

            exit.Should().NotBe(0, "a file left out fails dotnet test");
            Count(output, "Failed").Should().Be(1, "the visible tasks of the correct example pass; only the compilation's test fails");
            output.Should().Contain($"Failed {StudentReadme.EveryFileCompiles} [");
            output.Should().MatchRegex($@"(?m)^\s*MnistDdpm\.cs:{line}:\d+: error CS1002: ; expected", "the failure gives file, line, id and the compiler's text");
            foreach (var task in blocked)
            {
                output.Should().Contain($"MnistDdpm.cs does not compile and was left out: the tasks it blocks get no points until it compiles: {TextReport.TaskName(task)}", "it names the task it blocks");
            }

            var last = output.Split('\n').Select(l => l.Trim()).Last(l => l.Length > 0);
            last.Should().StartWith("Visible: ").And.Contain("Left out because it does not compile: MnistDdpm.cs");
            _tree.Read("README.md").Should().Contain($"`{StudentReadme.EveryFileCompiles}`", "the README names the test the student sees fail");
        }
        finally
        {
            foreach (var (file, text) in shipped)
            {
                File.WriteAllText(file, text);
            }
        }
    }

    /// <summary>The count after "Failed:" or "Passed:" in the summary block of a normal-verbosity run.</summary>
    private static int Count(string output, string what)
    {
        var match = Regex.Match(output, $@"^\s+{what}: (\d+)\s*$", RegexOptions.Multiline);
        match.Success.Should().BeTrue($"the run ends with a summary block giving '{what}:'");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static (int Exit, string Output) DotnetTest(string folder) => StudentDotnet.Run(folder, "test", Limit);

    private static (int Exit, string Output) Dotnet(string folder, string verb) => StudentDotnet.Run(folder, verb, Limit);
}
