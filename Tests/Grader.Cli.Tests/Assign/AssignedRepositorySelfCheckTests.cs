using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using FluentAssertions;
using Grader.Checks.Catalog;
using Grader.Checks.Grading;
using Grader.Cli.Assign;

namespace Grader.Cli.Tests.Assign;

/// <summary>
/// The student repository builds and its <c>dotnet test</c> runs the self-check against the template, as a student's
/// first run would: a child <c>dotnet test</c> in a fresh assigned folder (restoring from this machine's NuGet source).
/// Every visible task's test fails (the template throws <c>NotImplementedException</c>), the total passes and announces
/// the hidden points.
/// </summary>
[Category("Slow")]
[NonParallelizable]
public sealed class AssignedRepositorySelfCheckTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    [Test]
    public void Dotnet_test_in_the_student_repository_builds_and_reports_every_visible_task_of_the_template()
    {
        using var tree = new AssignedTree();
        var (exit, output) = DotnetTest(tree.Folder);
        // Indented with "| ", so the child's summary lines ("Total tests:", "Failed: 13") never read as this run's own.
        TestContext.Out.WriteLine(string.Join('\n', output.Split('\n').Select(line => "| " + line)));

        var visibleTasks = tree.Assignment.Tasks.Where(t => t.Checks.Any(c => c.Visibility == Visibility.Visible)).ToList();
        visibleTasks.Should().HaveCount(tree.Result.Points.VisibleTasks);
        output.Should().NotContain("error CS", "the student repository must build");
        Count(output, "Failed").Should().Be(visibleTasks.Count, "every visible task's test fails on the template");
        Count(output, "Passed").Should().Be(1, "only the total passes");
        exit.Should().NotBe(0, "failing tests fail the run");
        foreach (var task in visibleTasks)
        {
            output.Should().Contain($"Failed {TextReport.TaskName(task)} (", $"the self-check reports {task.Id}");
        }

        output.Should().Contain("not implemented yet", "the template's NotImplementedException is what the tests report");
        output.Should().Contain($"Visible: 0 / {TextReport.Number(tree.Result.Points.VisiblePoints)} points; hidden checks worth {TextReport.Number(tree.Result.Points.HiddenPoints)} points run when your tutor grades.");
        output.Should().Contain($"Hand-in {Path.Combine(tree.Folder, AssignmentLayout.HandinFolder)}", "the self-check grades the hand-in folder by default");
    }

    /// <summary>The count after "Failed:" or "Passed:" in the summary block of a normal-verbosity run.</summary>
    private static int Count(string output, string what)
    {
        var match = Regex.Match(output, $@"^\s+{what}: (\d+)\s*$", RegexOptions.Multiline);
        match.Success.Should().BeTrue($"the run ends with a summary block giving '{what}:'");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static (int Exit, string Output) DotnetTest(string folder)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("test");
        start.ArgumentList.Add("--disable-build-servers"); // no MSBuild node or compiler server outlives the test

        // The child is a fresh run, not part of this test host's: drop what the host's MSBuild and VSTest set, and the hand-in override.
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase) || key == "GRADER_HANDIN")
            {
                start.Environment.Remove(key);
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"dotnet test in the student repository did not finish within {Limit.TotalMinutes} minutes:\n{Text(output)}");
        }

        process.WaitForExit();
        return (process.ExitCode, Text(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
