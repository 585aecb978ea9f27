using System.Net;
using Grader.Semester;
using Grader.Web;
using Grader.Web.Students;
using static Grader.Cli.Tests.Support.SemesterCommands;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// Issue 80's "done when": a course without groups produces the same outputs as before, byte for byte. A course of four
/// students and no groups (alice and carol hand in the correct example, bob the mse-sum mutant, dave nothing) goes through
/// grade → record → score (every manual item, through the desk, with a comment) → release (the students page's form) →
/// <c>semester export</c> and <c>semester totals</c>; every file of the run, the export, what the commands print, every page
/// reachable from the tutor's home and each student's sheet page and feedback are compared with the copy checked in under
/// <c>NoGroupsOutputs/</c>, generated with main fc70ee59's build (<c>GRADER_NO_GROUPS_WRITE=1</c> writes it again: review
/// the diff before checking it in); since stop 90 run.json also holds the graded sheet's catalog fingerprint
/// (<c>courseCatalog</c>, the only line written again then: hashes of the course's text, no path, not normalised). Normalised, and only these: times (ISO 8601 stamps and the "YYYY-MM-DD HH:MM" form),
/// durations (printed in s or ms, TimeSpans, results.json's and records' <c>seconds</c>, <c>handinCpuSeconds</c>, <c>execution_time</c>,
/// junit.xml's <c>time</c>, summary.md's hand-ins per minute), the build's commit in the version, the records' grading fingerprint (it hashes the build's module ids), the scratch folder's
/// path and the course file's SHA-256 (the file names the scratch folder), the anti-forgery token and the port.
/// </summary>
[NonParallelizable]
public sealed partial class NoGroupsByteForByteTests
{
    private const string WriteVariable = "GRADER_NO_GROUPS_WRITE";

    private static readonly string[] Quickies = ["QuickieRegressionLoss.cs", "QuickieClassificationLoss.cs", "QuickieVaeLoss.cs", "QuickieGanLoss.cs", "QuickieFlowLoss.cs"];

    private static readonly string[] Students = ["alice", "bob", "carol", "dave"];

    private static string Expected => Path.Combine(RepositoryRoot.Path, "Tests", "Grader.Web.Tests", "Serve", "NoGroupsOutputs");

    [Test]
    public async Task A_course_without_groups_gives_mains_outputs_byte_for_byte_after_grade_score_release_and_export()
    {
        using var scratch = new Scratch();
        string In(string name) => Path.Combine(scratch.Root, name);
        var outputs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var correct = Example("Quickies/Correct", Quickies);
        Write(Path.Combine(scratch.Handins, "alice"), correct);
        Write(Path.Combine(scratch.Handins, "bob"), new Dictionary<string, string>(correct) { ["QuickieRegressionLoss.cs"] = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", "Quickies", "Mutants", "mse-sum", "QuickieRegressionLoss.cs")) });
        Write(Path.Combine(scratch.Handins, "carol"), correct);
        var course = new TestCourseFile("No groups", Students, [("000", "2099-11-13T12:00Z")]).WriteTo(In("course.toml"));
        var run = In("run000");
        var (code, graded, error) = await SemesterCommands.Grader(["grade", scratch.Handins, "--out", run, "--sheet", "000", "--course", course, "--snapshots", TestSettings.Snapshots, "--plain", "--jobs", "2", "--seed", "80", .. SkipAllBut("000", Cheap000)]);
        code.Should().Be(ExitCodes.Done, graded + error);
        outputs["stdout/record.txt"] = await Ok("semester", "record", run, "--course", course);
        var tutor = (await Ok("serve", "tutor", "add", "tom", "--course", course)).Trim().Split('\n')[^1].Trim();
        var tokens = Students.ToDictionary(s => s, _ => TutorToken.New(), StringComparer.Ordinal);
        var file = CourseFile.Load(course, CommonOptions.Catalog);
        using (var gradebook = CourseGradebook.Open(file.Gradebook))
        {
            gradebook.Releases.SetStudentTokens([.. tokens.Select(t => (t.Key, TutorToken.Hash(t.Value)))], "test");
        }

        using (var desk = new GradingDesk(file, CommonOptions.Catalog))
        {
            desk.Files.Spacing = TimeSpan.Zero;
            // Every manual item scored: alice in full, bob at the item's second level, carol 0, each with a comment.
            foreach (var item in desk.Items("000"))
            {
                foreach (var (student, level) in new[] { ("alice", 0), ("bob", Math.Min(1, item.Levels.Count - 1)), ("carol", item.Levels.Count - 1) })
                {
                    desk.Scoring.Score(item, [(student, 0)], item.Levels[level].Points, $"{student}: level {level}", "tom").Should().BeEmpty();
                }
            }

            var app = Grader.Web.App.ServeApp.Build(desk, ["http://127.0.0.1:0"]);
            await app.StartAsync();
            await using var _ = app;
            var url = TutorServer.Addresses(app).Single();
            using var tom = new TutorClient(url);
            (await tom.SignInAsync(tutor)).StatusCode.Should().Be(HttpStatusCode.Redirect);
            var students = await tom.PageAsync("/sheet/000/students");
            using (var released = await tom.PostAsync("/sheet/000/release", [(ServePages.TokenField, TutorClient.Token(students)), ("seen", ReleaseSeen(students)), ("release", "release")]))
            {
                released.StatusCode.Should().Be(HttpStatusCode.Redirect, "the sheet is released by the students page's form");
            }

            await desk.Files.Written();
            foreach (var (path, page) in await Courses.GroupCourseEndToEndTests.Crawl(tom, raw: true))
            {
                outputs[$"tutor{Safe(path)}.page"] = page;
            }

            foreach (var student in Students)
            {
                using var client = new TutorClient(url);
                var form = await client.PageAsync(StudentRoutes.SignInPath);
                using (var signedIn = await client.PostAsync(StudentRoutes.SignInPath, [(ServePages.TokenField, TutorClient.Token(form)), ("token", tokens[student])]))
                {
                    signedIn.StatusCode.Should().Be(HttpStatusCode.Redirect, $"{student} signs in");
                }

                foreach (var path in new[] { StudentRoutes.Home, StudentPages.SheetPath("000"), StudentPages.SheetPath("000") + "/feedback" })
                {
                    using var response = await client.GetAsync(path);
                    outputs[$"student/{student}{Safe(path)}.page"] = $"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}\n{await response.Content.ReadAsStringAsync()}";
                }
            }
        }

        var export = In("export.csv");
        outputs["stdout/export.txt"] = await Ok("semester", "export", "--course", course, "--out", export);
        outputs["export.csv"] = File.ReadAllText(export);
        outputs["stdout/totals.txt"] = await Ok("semester", "totals", "--course", course);
        foreach (var path in Directory.EnumerateFiles(run, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(run, path).Replace('\\', '/');
            outputs[$"run/{relative}"] = Binary(path) ? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))) : File.ReadAllText(path);
        }

        var normalised = outputs.ToDictionary(o => o.Key, o => Normalise(o.Value, scratch.Root), StringComparer.Ordinal);
        if (Environment.GetEnvironmentVariable(WriteVariable) == "1")
        {
            if (Directory.Exists(Expected))
            {
                Directory.Delete(Expected, recursive: true);
            }

            foreach (var (name, text) in normalised)
            {
                var target = Path.Combine(Expected, name + ".expected");
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllText(target, text);
            }

            Assert.Inconclusive($"{WriteVariable}=1: wrote {normalised.Count} expected outputs to {Expected}; review the diff, then run without it");
        }

        Directory.Exists(Expected).Should().BeTrue($"the expected outputs are checked in ({WriteVariable}=1 writes them)");
        var expected = Directory.EnumerateFiles(Expected, "*.expected", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetRelativePath(Expected, p).Replace('\\', '/')[..^".expected".Length], File.ReadAllText, StringComparer.Ordinal);
        normalised.Keys.Should().BeEquivalentTo(expected.Keys, "the same files and pages as main's");
        foreach (var (name, text) in normalised)
        {
            text.Should().Be(expected[name], $"{name} is main's, byte for byte (times, durations, paths and tokens normalised)");
        }
    }

    /// <summary>Whether the run's file is binary (an image): compared by its SHA-256.</summary>
    private static bool Binary(string path) => Path.GetExtension(path) is ".png" or ".db" or ".zip" or ".pdf" or ".jpg";

    /// <summary>A page's path as a file name under <c>tutor/</c> or <c>student/</c>: one folder level per path segment, the query kept.</summary>
    private static string Safe(string path) => (path == "/" ? "/home" : path).Replace('?', '@').Replace('&', '+').Replace(':', '_');

    /// <summary>Times, durations, the scratch folder, anti-forgery tokens and ports made stable; nothing else is touched.</summary>
    internal static string Normalise(string text, string root)
    {
        text = text.Replace(root, "<root>", StringComparison.Ordinal).Replace(root.Replace('\\', '/'), "<root>", StringComparison.Ordinal);
        text = Iso().Replace(text, "<time>");
        text = Minutes().Replace(text, "<time>");
        text = Seconds().Replace(text, "<duration>");
        text = Elapsed().Replace(text, "<duration>");
        text = JsonSeconds().Replace(text, "$1<duration>");
        text = JunitTime().Replace(text, "time=\"<duration>\"");
        text = Rate().Replace(text, "$1<rate> |");
        text = Commit().Replace(text, "+<commit>");
        text = CourseHash().Replace(text, "$1<sha256>\"");
        text = Fingerprint().Replace(text, "$1<fingerprint>\"");
        text = AntiForgery().Replace(text, "$1<token>$2");
        text = Port().Replace(text, "127.0.0.1:<port>");
        return text;
    }

    private static string ReleaseSeen(string page) =>
        Regex.Match(page[page.IndexOf("class=\"release\"", StringComparison.Ordinal)..], "name=\"seen\" value=\"(\\d+)\"").Groups[1].Value;

    [GeneratedRegex(@"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?")]
    private static partial Regex Iso();

    [GeneratedRegex(@"\d{4}-\d\d-\d\d \d\d:\d\d(?: UTC)?")]
    private static partial Regex Minutes();

    [GeneratedRegex(@"\b\d+(?:\.\d+)?\s?(?:ms|s)\b")]
    private static partial Regex Seconds();

    [GeneratedRegex(@"\b\d\d:\d\d:\d\d\.\d{7}\b")]
    private static partial Regex Elapsed();

    [GeneratedRegex(@"(""(?:seconds|handinCpuSeconds|execution_time)"": )[0-9.eE+-]+")]
    private static partial Regex JsonSeconds();

    [GeneratedRegex(@"\btime=""[0-9.]+""")]
    private static partial Regex JunitTime();

    [GeneratedRegex(@"(\| Hand-ins per minute \| )[0-9.]+ \|")]
    private static partial Regex Rate();

    [GeneratedRegex(@"\+[0-9a-f]{40}\b")]
    private static partial Regex Commit();

    [GeneratedRegex(@"(""courseSha256"": "")[0-9a-f]{64}""")]
    private static partial Regex CourseHash();

    [GeneratedRegex(@"(""fingerprint"": "")[0-9a-f]+""")]
    private static partial Regex Fingerprint();

    [GeneratedRegex("(name=\"__\\w+\" value=\")[^\"]*(\")")]
    private static partial Regex AntiForgery();

    [GeneratedRegex(@"127\.0\.0\.1:\d+")]
    private static partial Regex Port();
}
