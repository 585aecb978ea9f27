using System.Text;
using Grader.Semester;
using Grader.Semester.Similarity;

namespace Grader.Cli.Tests.Semester;

/// <summary>
/// Issue 44's "done when": a cohort of repositories whose <c>.git/config</c> names a student's program (signature
/// program, pager, fsmonitor, hooks, filters), a deeply nested file, names with U+202E and U+200B, and a hand-in that
/// throws its caught exception's <c>ToString()</c> with a planted grader frame and paths, run through <c>grade</c>,
/// <c>semester record --handins --submitted</c>, <c>similarity</c>, <c>semester web</c> and <c>rubric export</c> in
/// process: no student program runs (its marker never appears), every command ends with its report, the names are
/// refused and shown escaped, no written file holds a grader frame or path, and the peak memory stays bounded.
/// </summary>
[NonParallelizable]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HostileCohortTests
{
    private static readonly string[] Cheap000 = ["000/3a/loss-functions", "000/3e/generative-losses"];
    private static readonly DateTimeOffset Committed = new(2026, 11, 1, 17, 45, 0, TimeSpan.FromHours(1));

    private static Task<(int Code, string Out, string Error)> Grader(params string[] args) => GraderInProcess.RunAsync(args);

    private static Dictionary<string, string> Quickies() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", "Quickies", "Correct"), "*.cs")
            .ToDictionary(f => Path.GetFileName(f), File.ReadAllText);

    /// <summary>The regression loss that makes the grader's engine throw and throws the exception's text back, with a grader frame and paths planted.</summary>
    private static string LeakingRegressionLoss() => $$"""
        using System;
        using Grader.Contracts.Quickies;
        using Grader.Tensors;

        namespace Submission;

        public sealed class QuickieRegressionLoss : IRegressionLoss
        {
            public Tensor MeanSquaredError(Tensor prediction, Tensor target)
            {
                try
                {
                    return prediction.reshape(1000003);
                }
                catch (Exception ex)
                {
                    throw new InvalidOperationException("erin's own words: " + ex.ToString()
                        + " planted: at Grader.Remote.Channel.RemoteChannel.Call(Int32 id) in {{RepositoryRoot.Path}}/Graders/Remote/Channel/RemoteChannel.cs:line 77"
                        + " and /root/.ssh/id_rsa and {{RepositoryRoot.Path}}/fixtures/cohort/cohort.json");
                }
            }
        }
        """;

    private static void Write(string folder, IReadOnlyDictionary<string, string> files)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, text) in files)
        {
            File.WriteAllText(Path.Combine(folder, name), text);
        }
    }

    private static string Repository(string folder, IReadOnlyDictionary<string, string> files, string marker)
    {
        Write(folder, files);
        TestGit.Run(folder, "init", "-q", "-b", "main");
        TestGit.Run(folder, "add", "-A");
        TestGit.Run(folder, Committed, "commit", "-q", "-m", "hand-in");
        HostileRepository.Plant(folder, marker);
        return folder;
    }

    [Test]
    public async Task A_hostile_cohort_runs_no_student_program_and_every_tutor_command_ends_with_a_clean_report()
    {
        using var scratch = new Scratch();
        string Root(string name) => Path.Combine(scratch.Root, name);
        var marker = Root("student-program-ran");
        var cohort = Root("s000");
        Repository(Path.Combine(cohort, "alice"), Quickies(), marker);
        var bob = Quickies();
        bob["DeepParentheses.cs"] = Encoding.UTF8.GetString(HostileSources.All["DeepParentheses.cs"]);
        Repository(Path.Combine(cohort, "bob"), bob, marker);
        var erin = Quickies();
        erin["QuickieRegressionLoss.cs"] = LeakingRegressionLoss();
        Repository(Path.Combine(cohort, "erin"), erin, marker);
        Write(Path.Combine(cohort, "mal\u202Eyrol"), Quickies());
        Write(Path.Combine(cohort, "ca\u200Brol"), Quickies());

        TestGit.Run(Path.Combine(cohort, "alice"), "log", "-1");
        File.Exists(marker).Should().BeTrue("git run in such a repository runs the student's program: the attack is live");
        File.Delete(marker);

        // The repositories' commit times are only claimed (issue 67): the LMS file's times decide.
        File.WriteAllText(Root("lms.csv"), "student,submitted\nerin,2026-11-01T10:00:00Z\nalice,2026-11-01T16:45:00Z\nbob,2026-11-01T16:45:00Z\n");
        var course = new TestCourseFile("Hostile cohort", ["alice", "bob", "erin", "dave"], [("000", "2026-11-02T12:00Z")]) { Late = null }.WriteTo(Root("course.toml"));

        var run = Root("run000");
        var results = new List<(string Command, int Code, string Out, string Error)>();
        async Task Run(params string[] args)
        {
            var (code, text, error) = await Grader(args);
            results.Add((string.Join(' ', args.Take(2)), code, text, error));
            File.Exists(marker).Should().BeFalse($"grader {string.Join(' ', args)} ran a student's program");
            error.Should().NotContain("   at ", $"grader {string.Join(' ', args)} ends with a message, not a stack trace");
        }

        await Run(["grade", cohort, "--out", run, "--sheet", "000", "--plain", "--jobs", "2", "--snapshots", TestSettings.Snapshots, "--seed", "44", .. SkipAllBut("000", Cheap000)]);
        results[^1].Code.Should().Be(ExitCodes.InputsRefused, results[^1].Out + results[^1].Error);
        await Run("semester", "record", run, "--course", course, "--handins", cohort, "--submitted", Root("lms.csv"));
        results[^1].Code.Should().Be(ExitCodes.Done, results[^1].Out + results[^1].Error);
        await Run("similarity", cohort, "--out", run);
        results[^1].Code.Should().Be(ExitCodes.Done, results[^1].Out + results[^1].Error);
        results[^1].Error.Should().Contain("Not compared: bob: DeepParentheses.cs: brackets nested more than 256 deep");
        await Run("semester", "web", "--course", course, "--out", Root("web"));
        results[^1].Code.Should().Be(ExitCodes.Done, results[^1].Out + results[^1].Error);
        await Run("rubric", "export", "--out", Root("rubric.csv"), "--handins", cohort, "--sheet", "000");
        results[^1].Code.Should().BeOneOf([ExitCodes.Done, ExitCodes.InputsRefused], results[^1].Out + results[^1].Error);
        foreach (var report in new[] { Path.Combine(run, GradebookCsvReporter.FileName), Path.Combine(run, "junit.xml"), Path.Combine(run, "summary.md"),
            Path.Combine(run, SimilarityHtml.FileName), Path.Combine(Root("web"), SemesterPage.FileName), Root("rubric.csv") })
        {
            File.Exists(report).Should().BeTrue($"{report} is written");
        }

        // The claimed times were read from the hostile repositories, without running anything in them; the LMS file's decided.
        results[1].Out.Should().NotContain("late: alice").And.NotContain("late: bob");
        SubmissionTimes.Of(Path.Combine(cohort, "bob")).Should().Be(Committed);

        // The names: refused at intake, each with a zero row whose note names the code point, shown escaped.
        var gradebook = File.ReadAllText(Path.Combine(run, GradebookCsvReporter.FileName));
        gradebook.Should().Contain("mal[U+202E]yrol").And.Contain("ca[U+200B]rol");
        var summary = File.ReadAllText(Path.Combine(run, "summary.md"));
        summary.Should().Contain("U+202E RIGHT-TO-LEFT OVERRIDE").And.Contain("U+200B ZERO WIDTH SPACE");

        // erin's own words reach the tutor's record (the hidden check shows her only its verdict); nothing of the grader's process does.
        var record = File.ReadAllText(Path.Combine(run, ResultStore.RecordsFolder, "erin.json"));
        TestContext.Out.WriteLine(Regex.Match(record, "erin's own words[^\"]*").Value);
        record.Should().Contain("erin's own words: System.");
        var written = Directory.EnumerateFiles(run, "*", SearchOption.AllDirectories).Concat(Directory.EnumerateFiles(Root("web"), "*", SearchOption.AllDirectories)).Append(Root("rubric.csv")).ToArray();
        written.Should().HaveCountGreaterThan(10);
        var leaks = new[] { "at Grader.", "RemoteChannel.cs", "Reference/Tensors", "/root/", RepositoryRoot.Path, "\u202E", "\u200B" };
        // similarity.html quotes the students' code and code/<student>.json keeps it as graded (for the tutors' inline
        // comments), and erin's code holds the planted frame and paths as text of its own: there only what her code does
        // not hold counts (the real frames' Reference/Tensors/ paths, the names' characters).
        var real = new[] { "Reference/Tensors", "\u202E", "\u200B" };
        bool QuotesCode(string f) => Path.GetFileName(f) == SimilarityHtml.FileName
            || Path.GetFileName(Path.GetDirectoryName(f)) == HandinCodeStore.CodeFolder;
        var found = written.Where(f => !f.EndsWith(".db", StringComparison.Ordinal) && Path.GetFileName(f) != RunFile.FileName)
            .SelectMany(f => (QuotesCode(f) ? real : leaks).Where(File.ReadAllText(f).Contains).Select(l => $"{Path.GetRelativePath(scratch.Root, f)}: {l}"));
        found.Should().BeEmpty("no written file holds a grader frame or path, or a name's format character raw");

        var db = File.ReadAllBytes(Path.Combine(scratch.Root, "semester.db"));
        Encoding.UTF8.GetString(db).Should().NotContainAny(leaks.Where(g => g != RepositoryRoot.Path), "the gradebook holds no frame or raw name");

        // Peak memory of this whole process (the in-process commands and their children's parents): well under the 2 GiB a hand-in's worker may use.
        var peak = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        TestContext.Out.WriteLine($"{peak}; commands: {string.Join(", ", results.Select(r => $"{r.Command} → {r.Code}"))}");
        long.Parse(Regex.Match(peak, @"\d+").Value, CultureInfo.InvariantCulture).Should().BeLessThan(2L * 1024 * 1024, "kB: the test process peaks under 2 GiB");
    }
}
