using System.Text;
using Grader.Grading.Reports;

namespace Grader.Cli.Tests.Grading;

/// <summary>
/// Issue 67's "done when", the intake half: <c>grader grade</c>, as a process of its own without bubblewrap
/// (<c>GRADER_SANDBOX=none</c>: the PDF programs run plainly too), over a cohort where every hand-in but one carries one
/// attack beside the correct quickies — a Markdown bomb (<see cref="HostileReports.MarkdownBomb"/>), a FIFO as
/// <c>Report/report.md</c>, a FIFO as a <c>.cs</c> file, a PDF whose page boxes lie
/// (<see cref="TestPdf.LyingBoxes"/>) and a hard link to a tutor's file as a <c>.cs</c> file — on sheet 000's two
/// cheapest tasks with its compile limit (<see cref="GradeHostileFilesTests"/>; sheet 000 has manual items, so the
/// report intake runs).
/// The run ends by itself, writes every output, grades the correct hand-in in full, names each hostile file in a
/// problem line, and the grader's process peaks under 1 GiB.
/// </summary>
[NonParallelizable]
public sealed class GradeHostileReportsTests
{
    /// <summary>
    /// The hang guard, derived from the processor time the run needs. Measured at 67a's run (0b3ea1d8, load average
    /// about 80 on this 2-core machine): 74.5 s of wall time, 11.8 s of processor time for the grader and the children
    /// it had waited for by its last reading (the compile server, the workers and poppler: call it 30 s with those not
    /// yet counted, the lying page's render alone is 3 s), peak RSS 259 MiB. At load 20 on 2 cores a process gets at
    /// least a tenth of a core, so 30 s of processor time take at most 300 s; 15 min is three times that. Before
    /// issue 67 the FIFO hung the run without bound, so any finite guard tells the two apart.
    /// </summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(15);

    /// <summary>The grader's process may peak at no more than this (the Markdown bomb took it to 2.4 GiB, issue 67).</summary>
    private const long MaxPeakKiB = 1L << 20;

    private static readonly Assignment Sheet = CommonOptions.Catalog.FindAssignment("000")!;

    private Scratch _scratch = null!;
    private (int Code, string Out, string Error) _grade;
    private long _peakKiB;
    private string _measured = "";

    private string Output => Path.Combine(_scratch.Root, "out");

    private static string Key => ReportLayout.Key(ReportLayout.Items(Sheet)[0].Task.Id, ReportLayout.Items(Sheet)[0].Item.Id);

    [OneTimeSetUp]
    public async Task Grade_the_hostile_cohort()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("FIFOs, hard links and /proc/<pid>/status are Linux's");
        }

        TestPdf.RequirePoppler();
        _scratch = new Scratch();
        var correct = Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", "Quickies", "Correct");
        string Handin(string student) => _scratch.Copy(correct, Path.Combine("handins", student));
        void Write(string folder, string relative, byte[] bytes)
        {
            Directory.CreateDirectory(Path.Combine(folder, Path.GetDirectoryName(relative)!));
            File.WriteAllBytes(Path.Combine(folder, relative), bytes);
        }

        Write(Handin("alice"), "Report/report.md", Encoding.UTF8.GetBytes($"## {Key}\n\nAlice's scatter plot.\n"));
        Write(Handin("h-bomb"), "Report/report.md", Encoding.UTF8.GetBytes(HostileReports.MarkdownBomb(Key)));
        SpecialFiles.Fifo(Path.Combine(Handin("h-fifo-report"), "Report", "report.md"));
        SpecialFiles.Fifo(Path.Combine(Handin("h-fifo-code"), "Pipe.cs"));
        Write(Handin("h-lying-pdf"), "Report/report.pdf", TestPdf.LyingBoxes($"{Key} on the page"));
        var tutors = _scratch.Copy(correct, "tutor");
        SpecialFiles.HardLink(Path.Combine(tutors, "QuickieVaeLoss.cs"), Path.Combine(Handin("h-hard-link"), "Solution.cs"));

        var start = GraderCli.StartInfo(
            ["grade", _scratch.Handins, "--out", Output, "--sheet", "000", "--plain", "--jobs", "2", "--snapshots", TestSettings.Snapshots, "--seed", "67",
                "--compile-cpu", GradeHostileFilesTests.CompileCpu, .. SkipAllBut("000", GradeHostileFilesTests.Cheap000)]);
        start.Environment["GRADER_SANDBOX"] = "none";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        double cpu = 0;
        using (var guard = new CancellationTokenSource(HangGuard))
        {
            var exited = process.WaitForExitAsync(guard.Token);
            while (!exited.IsCompleted)
            {
                // VmHWM only grows, so its last reading before the end is the peak (less what the last 200 ms added).
                (_peakKiB, cpu) = (Math.Max(_peakKiB, Peak(process.Id) ?? 0), Cpu(process.Id) ?? cpu);
                await Task.WhenAny(exited, Task.Delay(200, CancellationToken.None));
            }

            if (exited.IsCanceled)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"grader grade did not end within the hang guard of {HangGuard.TotalMinutes:0} min");
            }
        }

        _grade = (process.ExitCode, await output, await error);
        _measured = string.Create(CultureInfo.InvariantCulture,
            $"exit {_grade.Code}; {clock.Elapsed.TotalSeconds:0.0} s wall, about {cpu:0.0} s of processor time (the grader and its waited children); VmHWM {_peakKiB} kB");
        TestContext.Progress.WriteLine($"{_measured}\n{_grade.Out}{_grade.Error}");
    }

    [OneTimeTearDown]
    public void Clean() => _scratch?.Dispose();

    /// <summary>The peak resident memory of process <paramref name="pid"/>, in KiB; null once it is gone.</summary>
    private static long? Peak(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(Regex.Match(line, @"\d+").Value, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The processor time of process <paramref name="pid"/> and its waited children, in seconds; null once it is gone.</summary>
    private static double? Cpu(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After the name: state is field 3, utime 14, stime 15, cutime 16, cstime 17 (1-based), in clock ticks (100 a second).
            return fields[11..15].Sum(f => double.Parse(f, CultureInfo.InvariantCulture)) / 100;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private Dictionary<string, string> Row(string student) => GradeHostileFilesTests.Row(Output, student);

    private WrittenReport Report(string student) => new WrittenReportStore(Output).Load(student) ?? throw new AssertionException($"{student} has no report.json");

    private string Summary => File.ReadAllText(Path.Combine(Output, SummaryMarkdown.FileName));

    [Test]
    public void The_run_ends_by_itself_writes_every_output_and_grades_the_correct_hand_in_in_full()
    {
        _grade.Error.Should().NotContain("   at ", "bad input is a message, not a stack trace");
        _grade.Code.Should().Be(ExitCodes.InputsRefused, "two hand-ins are refused (the FIFO and the hard link as code); " + _grade.Out + _grade.Error);
        foreach (var file in new[] { SummaryMarkdown.FileName, RunFile.FileName, GradebookCsvReporter.FileName, GradebookCsvReporter.LmsFileName })
        {
            File.Exists(Path.Combine(Output, file)).Should().BeTrue($"{file} is written");
        }

        File.ReadAllLines(Path.Combine(Output, GradebookCsvReporter.FileName)).Should().HaveCount(1 + 6, "a header and a row per hand-in");
        Row("alice")["status"].Should().Be("graded");
        Row("alice")["auto total"].Should().Be("1", "the two cheap tasks' checks are worth 1 point and alice's quickies are the correct example");
        Report("alice").Problems.Should().BeEmpty();
        Report("alice").Answers[0].Text.Should().Be("Alice's scatter plot.");
    }

    [Test]
    public void The_grader_peaks_under_1_GiB()
    {
        TestContext.Out.WriteLine(_measured);
        _peakKiB.Should().BePositive("the peak was read while the grader ran");
        _peakKiB.Should().BeLessThan(MaxPeakKiB, "kB: the Markdown bomb is refused at its rendering cap, not expanded");
    }

    [TestCase("h-bomb")]
    [TestCase("h-fifo-report")]
    [TestCase("h-lying-pdf")]
    public void A_hostile_report_is_a_problem_line_naming_its_file_and_the_code_is_graded_in_full(string student)
    {
        var (file, problem) = student switch
        {
            "h-bomb" => ("report.md", "report.md renders to more than 8 Mi characters (links or references repeated many thousand times?); it was not shown."),
            "h-fifo-report" => ("report.md", "'h-fifo-report/Report/report.md' is a FIFO (named pipe), not a plain file; it was not read."),
            _ => ("report.pdf", "page 1 of report.pdf is drawn larger than 4000 px on a side (50 in at 80 dpi), whatever its page boxes say; it is not shown."),
        };
        problem.Should().Contain(file);

        Report(student).Problems.Should().Equal(problem);
        Summary.Should().Contain($"| {Markdown.Inline(student)} | {Markdown.Inline(problem)} |", "summary.md lists the report's problem");
        Row(student)["auto total"].Should().Be("1", "a report never costs the code its grade");
        Directory.EnumerateFiles(Path.Combine(Output, WrittenReportStore.ReportsFolder, student), "*.png", SearchOption.AllDirectories).Should().BeEmpty("no oversized page is kept");
    }

    [TestCase("h-fifo-code", "'h-fifo-code/Pipe.cs' is a FIFO (named pipe), not a plain file; it was not opened, so the hand-in was not graded.")]
    [TestCase("h-hard-link", "'h-hard-link/Solution.cs' is a hard link (a file with 2 names, the others possibly outside the hand-in), not a file of its own; it was not opened, so the hand-in was not graded.")]
    public void A_special_or_hard_linked_cs_file_refuses_its_hand_in_with_a_problem_line_naming_it(string student, string problem)
    {
        Summary.Should().Contain(Markdown.Inline(problem));
        Row(student)["status"].Should().NotBe("graded");
        Row(student)["auto total"].Should().Be("0");
    }
}
