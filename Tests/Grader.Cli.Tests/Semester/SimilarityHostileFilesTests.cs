using System.CommandLine;
using Grader.Semester.Similarity;

namespace Grader.Cli.Tests.Semester;

/// <summary>
/// <c>grader similarity</c> over a cohort with one hostile file each (<see cref="HostileSources"/>): the command ends
/// with its report every time, the copy beside it is still flagged, and a file it could not parse is a line of the
/// report ("Not compared: …"), not the end of the command (issue 44: exit 134, "Stack overflow", no report).
/// </summary>
public sealed class SimilarityHostileFilesTests
{
    private static readonly string Copied = "namespace S; public static class A { public static double Mean(double[] x) { double s = 0; foreach (var v in x) { s += v; } return s / x.Length; } public static double Max(double[] x) { double m = x[0]; for (int i = 1; i < x.Length; i++) { if (x[i] > m) { m = x[i]; } } return m; } }";

    private static IEnumerable<string> Cases() => HostileSources.All.Keys;

    [TestCaseSource(nameof(Cases))]
    public async Task Similarity_finishes_with_its_report_over_a_hostile_file(string name)
    {
        using var scratch = new Scratch();
        scratch.Handin("alice", Copied);
        scratch.Handin("bob", Copied.Replace("Mean", "Average", StringComparison.Ordinal));
        var mallory = scratch.Handin("mallory");
        File.WriteAllBytes(Path.Combine(mallory, name), HostileSources.All[name]);
        var output = Path.Combine(scratch.Root, "out");

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = await GraderCommand.InvokeAsync(["similarity", scratch.Handins, "--out", output], new InvocationConfiguration { Output = stdout, Error = stderr });

        code.Should().Be(ExitCodes.Done, stderr.ToString());
        stdout.ToString().Should().Contain("alice – bob");
        var html = File.ReadAllText(Path.Combine(output, SimilarityHtml.FileName));
        if (HostileSources.TooDeep.Contains(name))
        {
            stderr.ToString().Should().MatchRegex($@"Not compared: mallory: {Regex.Escape(name)}: (angle )?brackets nested more than \d+ deep");
            html.Should().Contain($"mallory: {name}: ");
        }
        else
        {
            stderr.ToString().Should().NotContain("Not compared: mallory");
        }
    }

    /// <summary>
    /// The parse limit counts the parsing thread's processor time (<see cref="ThreadCpu"/>), not the wall time a loaded
    /// machine adds (a CI run at load 60 left a legitimate file out after 30 s of wall time): a thread that waits uses
    /// none, a thread that computes is counted.
    /// </summary>
    [Test]
    public void The_parse_limit_counts_the_parsing_threads_processor_time_not_its_wait()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("the thread's processor time is read from /proc (Linux)");
        TimeSpan? waited = null, computed = null;
        var waiter = new Thread(() =>
        {
            var id = ThreadCpu.CurrentId();
            Thread.Sleep(600);
            waited = ThreadCpu.Of(id);
        });
        waiter.Start();
        waiter.Join();
        var worker = new Thread(() =>
        {
            var id = ThreadCpu.CurrentId();
            var start = ThreadCpu.Of(id)!.Value;
            double x = 0;
            while (ThreadCpu.Of(id)!.Value - start < TimeSpan.FromMilliseconds(300)) x += Math.Sqrt(x + 1);
            computed = ThreadCpu.Of(id)! - start;
        });
        worker.Start();
        worker.Join();
        waited.Should().NotBeNull().And.BeLessThan(TimeSpan.FromMilliseconds(300), "a sleep costs no processor time");
        computed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(300));
        ThreadCpu.Of(0).Should().BeNull();
        ParseBounds.Run("class C { }", text => text.Length).Should().Be((11, (string?)null));
    }

    [Test]
    public void A_file_nested_exactly_to_the_compilers_limit_is_parsed_and_one_level_more_is_not()
    {
        string Nested(int depth) => "class C { int F() => " + new string('(', depth - 1) + "1" + new string(')', depth - 1) + "; }";
        ParseBounds.Refusal(Nested(SourceShapeLimits.MaxNesting)).Should().BeNull();
        ParseBounds.Refusal(Nested(SourceShapeLimits.MaxNesting + 1)).Should().NotBeNull();
        ParseBounds.Refusal("class C { string s = \"((((\" + @\"[[[\" + '(' ; /* {{{{ */ }").Should().BeNull("brackets in strings and comments do not nest");
    }
}
