using System.Net;
using Grader.Checks.Courses;
using Grader.Web.Tests.Courses;
using Grader.Grading.Courses;
using Grader.Grading.Reports;
using Grader.Semester;
using Grader.Web;
using Grader.Web.Students;
using Microsoft.AspNetCore.Builder;
using static Grader.Cli.Tests.Support.SemesterCommands;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// Every call the course loop's model-based test makes into the product (the commands, the desk, the gradebook, the
/// tutors' and students' pages), in this one file: the store's split (issue 80, item 1) repoints only this file.
/// <see cref="GradeAsync"/> grades the group course once; <see cref="OpenAsync"/> starts one sequence on a fresh copy of
/// its gradebook and run; each step method does what a tutor's or student's form does and returns the status.
/// </summary>
internal sealed partial class CourseLoopAdapter : IAsyncDisposable
{
    private static readonly string[] Quickies = ["QuickieRegressionLoss.cs", "QuickieClassificationLoss.cs", "QuickieVaeLoss.cs", "QuickieGanLoss.cs", "QuickieFlowLoss.cs"];

    /// <summary>
    /// The course: GroupCourse's semester with cy moved to tutorial tue, so g1 spans both tutorials (the sheet's
    /// "list all names and tutorial numbers" allows it); g1 and g3 hand in the correct example, g2 the mse-sum mutant.
    /// </summary>
    private static string Semester => GroupCourse.Semester
        .Replace("students = [\"ada\", \"bob\", \"cy\", \"dan\", \"eve\", \"fay\"]", "students = [\"ada\", \"bob\", \"dan\", \"eve\", \"fay\"]", StringComparison.Ordinal)
        .Replace("students = [\"gus\", \"hal\", \"ivy\"]", "students = [\"cy\", \"gus\", \"hal\", \"ivy\"]", StringComparison.Ordinal);

    private readonly CourseLoopCourse _course;
    private readonly string _path;
    private WebApplication _app;
    private Dictionary<string, TutorClient> _tutors;
    private bool _secondRecorded;

    private CourseLoopAdapter(CourseLoopCourse course, string path, GradingDesk desk, WebApplication app, string url, Dictionary<string, TutorClient> tutors)
    {
        (_course, _path, Desk, _app, Url, _tutors) = (course, path, desk, app, url, tutors);
        Item = desk.Items("000").First(i => i.Task.Id == "000/3a/loss-functions");
        Run = course.Run;
    }

    public GradingDesk Desk { get; private set; }

    public string Url { get; private set; }

    /// <summary>The sheet's latest recorded run's folder (the second run's once it is recorded).</summary>
    public string Run { get; private set; }

    public SheetItem Item { get; private set; }

    /// <summary>
    /// The model's grade's start: a member's total with every manual item scored 0 when <paramref name="group"/>'s hand-in
    /// is theirs, in the first run or (<paramref name="second"/>) the second.
    /// </summary>
    public double Start(string group, bool second) => (second ? _course.SecondStart : _course.Start)[group];

    public IReadOnlyList<double> Levels => [.. Item.Levels.Select(l => l.Points)];

    /// <summary>Grades the three hand-ins once, records the run, adds the tutors and the students' tokens, scores every manual item 0 for every group; keeps a pristine copy of the gradebook and the run.</summary>
    public static async Task<CourseLoopCourse> GradeAsync(Scratch scratch)
    {
        var course = Path.Combine(scratch.Root, "course.toml");
        File.WriteAllText(course, EditedCourse.Shipped("heidelberg-ml4physics-2023.toml").Replace("\ntotal = 21\n", "\ntotal = 21\ndeadline = 2099-11-13T12:00:00+01:00\n", StringComparison.Ordinal) + Semester);
        var correct = Example("Quickies/Correct", Quickies);
        Write(Path.Combine(scratch.Handins, "g1"), correct);
        Write(Path.Combine(scratch.Handins, "g2"), new Dictionary<string, string>(correct) { ["QuickieRegressionLoss.cs"] = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", "Quickies", "Mutants", "mse-sum", "QuickieRegressionLoss.cs")) });
        Write(Path.Combine(scratch.Handins, "g3"), correct);
        var run = Path.Combine(scratch.Root, "run000");
        await GradeAsync(scratch.Handins, run, course);
        // The second run (recorded by a GradeOrRecord step): g2 has mended its mutant, g1 and g3 hand in the same code.
        var mended = Path.Combine(scratch.Root, "handins2");
        foreach (var group in CourseLoopModel.Groups.Keys)
        {
            Write(Path.Combine(mended, group), correct);
        }

        var second = Path.Combine(scratch.Root, "run000b");
        await GradeAsync(mended, second, course);
        var graded = GradebookCsv.Rows(Path.Combine(second, "gradebook.csv")).ToDictionary(r => r["student"], r => r["total"], StringComparer.Ordinal);
        graded["dan"].Should().Be(graded["ada"], $"the second run grades g2's mended code as g1's\n{File.ReadAllText(Path.Combine(second, "gradebook.csv"))}");
        await Ok("semester", "record", run, "--course", course);
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tutor in CourseLoopModel.Tutors)
        {
            tokens[tutor] = (await Ok("serve", "tutor", "add", tutor, "--course", course)).Trim().Split('\n')[^1].Trim();
        }

        foreach (var student in CourseLoopModel.Students)
        {
            tokens[student] = TutorToken.New();
        }

        var file = CourseFile.Load(course, CommonOptions.Catalog);
        using (var gradebook = CourseGradebook.Open(file.Gradebook))
        {
            gradebook.Releases.SetStudentTokens(CourseLoopModel.Students.Select(s => (s, TutorToken.Hash(tokens[s]))).ToArray(), "test");
        }

        int levels;
        using (var desk = new GradingDesk(file, CommonOptions.Catalog))
        {
            levels = desk.Items("000").First(i => i.Task.Id == "000/3a/loss-functions").Levels.Count;
            foreach (var item in desk.Items("000"))
            {
                foreach (var group in CourseLoopModel.Groups.Keys)
                {
                    desk.Scoring.Score(item, [(group, 0)], 0, "", "setup").Should().BeEmpty();
                }
            }

            _ = desk.Files.Request("000");
            await desk.Files.Written();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var pristine = Path.Combine(scratch.Root, "pristine");
        Copy(run, Path.Combine(pristine, "run000"));
        Copy(second, Path.Combine(pristine, "run000b"));
        foreach (var part in new[] { "", "-wal" }.Where(p => File.Exists(file.Gradebook + p)))
        {
            File.Copy(file.Gradebook + part, Path.Combine(pristine, "gradebook.db" + part));
        }

        var rows = GradebookCsv.Rows(Path.Combine(run, "gradebook.csv")).ToDictionary(r => r["student"], r => double.Parse(r["total"], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        // Every member of a group starts with the group's total: the same hand-in, no late day (the deadline is in 2099).
        foreach (var (group, members) in CourseLoopModel.Groups)
        {
            members.Select(m => rows[m]).Distinct().Should().ContainSingle($"every member of {group} starts with the group's total");
        }

        var start = CourseLoopModel.Groups.ToDictionary(g => g.Key, g => rows[g.Value[0]], StringComparer.Ordinal);
        // The second run: every group hands in g1's code, so each starts with g1's total of the first.
        return new CourseLoopCourse(scratch.Root, File.ReadAllText(course), run, pristine, tokens, levels, start,
            CourseLoopModel.Groups.Keys.ToDictionary(g => g, _ => start["g1"], StringComparer.Ordinal), second);
    }

    private static async Task GradeAsync(string handins, string run, string course)
    {
        var (code, text, error) = await SemesterCommands.Grader(["grade", handins, "--out", run, "--sheet", "000", "--course", course, "--snapshots", TestSettings.Snapshots, "--plain", "--jobs", "2", "--seed", "80", .. SkipAllBut("000", Cheap000)]);
        code.Should().Be(ExitCodes.Done, text + error);
    }

    /// <summary>One sequence: a fresh copy of the graded course under gradebook <paramref name="name"/>, its desk, its app on a free port, both tutors signed in.</summary>
    /// <param name="phase">Times a named part of the opening until the result is disposed (<see cref="CourseLoopProfile"/>); null times nothing.</param>
    public static async Task<CourseLoopAdapter> OpenAsync(CourseLoopCourse course, string name, Func<string, IDisposable?>? phase = null)
    {
        string path;
        using (phase?.Invoke("open: copy the run and gradebook"))
        {
            Directory.Delete(course.Run, recursive: true);
            Copy(Path.Combine(course.Pristine, "run000"), course.Run);
            foreach (var part in new[] { "", "-wal" }.Where(p => File.Exists(Path.Combine(course.Pristine, "gradebook.db" + p))))
            {
                File.Copy(Path.Combine(course.Pristine, "gradebook.db" + part), Path.Combine(course.Root, name + ".db" + part), overwrite: true);
            }

            path = Path.Combine(course.Root, name + ".toml");
            File.WriteAllText(path, course.Text.Replace("group-size = 3\n", $"group-size = 3\ngradebook = \"{name}.db\"\n", StringComparison.Ordinal));
        }

        var (desk, app, url, tutors) = await ServeAsync(course, path, phase);
        return new CourseLoopAdapter(course, path, desk, app, url, tutors);
    }

    /// <summary>
    /// <c>grader serve</c> on the course file at <paramref name="path"/>: its desk, its app on a free port, both tutors
    /// signed in. The desk writes the run's files with no spacing between writes: each step waits for them anyway
    /// (<see cref="FilesAsync"/>), and the spacing (<see cref="GradingDesk.WriteSpacing"/>, a throttle for busy tutors)
    /// would only add idle wall time to every step after a write.
    /// </summary>
    private static async Task<(GradingDesk Desk, WebApplication App, string Url, Dictionary<string, TutorClient> Tutors)> ServeAsync(CourseLoopCourse course, string path, Func<string, IDisposable?>? phase = null)
    {
        GradingDesk desk;
        using (phase?.Invoke("open: the desk"))
        {
            desk = new GradingDesk(CourseFile.Load(path, CommonOptions.Catalog), CommonOptions.Catalog);
            desk.Files.Spacing = TimeSpan.Zero;
        }

        WebApplication app;
        using (phase?.Invoke("open: the app started"))
        {
            app = Grader.Web.App.ServeApp.Build(desk, ["http://127.0.0.1:0"]);
            await app.StartAsync();
        }

        var url = TutorServer.Addresses(app).Single();
        var tutors = new Dictionary<string, TutorClient>(StringComparer.Ordinal);
        using (phase?.Invoke("open: the tutors signed in"))
        {
            foreach (var tutor in CourseLoopModel.Tutors)
            {
                tutors[tutor] = new TutorClient(url);
                (await tutors[tutor].SignInAsync(course.Tokens[tutor])).StatusCode.Should().Be(HttpStatusCode.Redirect, $"{tutor} signs in");
            }
        }

        return (desk, app, url, tutors);
    }

    /// <summary>
    /// A regroup: <paramref name="tutor"/> writes <paramref name="groups"/> into the course file, restarts <c>grader serve</c>
    /// on it (both tutors sign in again) and presses "Write the run's feedback again"; that button's status.
    /// </summary>
    public async Task<HttpStatusCode> RegroupAsync(string tutor, IReadOnlyDictionary<string, List<string>> groups)
    {
        var text = File.ReadAllText(_path);
        var block = GroupsBlock().Match(text);
        block.Success.Should().BeTrue("the course file has its groups' tables");
        File.WriteAllText(_path, text[..block.Index] + GroupCourse.Groups("semester.group", [.. groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Value.ToArray()))]) + text[(block.Index + block.Length)..]);
        await StopAsync();
        (Desk, _app, Url, _tutors) = await ServeAsync(_course, _path);
        Item = Desk.Items("000").First(i => i.Task.Id == "000/3a/loss-functions");
        var client = _tutors[tutor];
        var sheet = await client.PageAsync("/sheet/000");
        using var written = await client.PostAsync("/sheet/000/feedback", [(ServePages.TokenField, TutorClient.Token(sheet))]);
        return written.StatusCode;
    }

    /// <summary>
    /// <c>grader semester record</c> of the second run (graded at the start, copied into place the first time): its exit
    /// code and what it printed. Once recorded it is the sheet's latest run, whose files the outputs are.
    /// </summary>
    public async Task<(int Code, string Text)> RecordSecondRunAsync()
    {
        if (!_secondRecorded)
        {
            if (Directory.Exists(_course.SecondRun))
            {
                Directory.Delete(_course.SecondRun, recursive: true);
            }

            Copy(Path.Combine(_course.Pristine, "run000b"), _course.SecondRun);
        }

        await Desk.Files.Written();
        var (code, text, error) = await SemesterCommands.Grader(["semester", "record", _course.SecondRun, "--course", _path]);
        if (code == ExitCodes.Done)
        {
            (_secondRecorded, Run) = (true, _course.SecondRun);
        }

        return (code, text + error);
    }

    public TutorClient Tutor(string tutor) => _tutors[tutor];

    /// <summary>A score of <paramref name="group"/>'s hand-in by the item page's form (the version the page read).</summary>
    /// <remarks>A score over another tutor's is refused (409) with the standing score shown and the comment kept; the refusal page's one "Replace" completes it, as a tutor would.</remarks>
    public async Task<(HttpStatusCode First, HttpStatusCode Replaced, string Refusal)> ScoreAsync(string tutor, string group, int level, string comment) =>
        await ScoreFromAsync(tutor, await ItemPageAsync(tutor), group, level, comment);

    /// <summary>The item page as <paramref name="tutor"/> reads it now (its forms carry the versions it shows).</summary>
    public Task<string> ItemPageAsync(string tutor) => _tutors[tutor].PageAsync(Item.Path);

    /// <summary>A score by the form of <paramref name="page"/>, read earlier by <paramref name="tutor"/>; a refusal's one "Replace" as <see cref="ScoreAsync"/>.</summary>
    public async Task<(HttpStatusCode First, HttpStatusCode Replaced, string Refusal)> ScoreFromAsync(string tutor, string page, string group, int level, string comment)
    {
        using var response = await _tutors[tutor].ScoreFromAsync(page, Item, group, Levels[level], comment);
        if (response.StatusCode != HttpStatusCode.Conflict)
        {
            return (response.StatusCode, response.StatusCode, "");
        }

        var refusal = await response.Content.ReadAsStringAsync();
        using var replaced = await _tutors[tutor].PostAsync($"{Item.Path}/score", VersionedWritesTests.ReplaceFields(refusal));
        return (response.StatusCode, replaced.StatusCode, refusal);
    }

    /// <summary>An inline comment on line 1 of the group's first code file; its id (0: refused).</summary>
    public long Comment(string tutor, string group, string body)
    {
        var code = Desk.Commenting.Document("000", group)!.Files.First(f => f.EndsWith(".cs", StringComparison.Ordinal));
        return Desk.Commenting.AddComment("000", group, code, 1, body, tutor);
    }

    /// <summary>The ids of the inline comments stored on the group's hand-in.</summary>
    public long[] Comments(string group) => [.. Desk.Commenting.Comments("000", group).Select(c => c.Id)];

    /// <summary>Releases or withdraws the sheet by the students page's form.</summary>
    public async Task<HttpStatusCode> ReleaseAsync(string tutor, bool release)
    {
        var client = _tutors[tutor];
        var page = await client.PageAsync("/sheet/000/students");
        using var response = await client.PostAsync("/sheet/000/release", [(ServePages.TokenField, TutorClient.Token(page)), ("seen", GroupCourseEndToEndTests.ReleaseSeen(page)), ("release", release ? "release" : "withdraw")]);
        return response.StatusCode;
    }

    public void Reveal(string tutor, bool shown) => Desk.Blind.RevealNames("000", tutor, shown);

    /// <summary>The regrade requests of the sheet: who filed each, and whether it is answered.</summary>
    public IReadOnlyList<(long Id, string Student, bool Answered)> Requests()
    {
        using var gradebook = CourseGradebook.Open(Desk.Course.Gradebook);
        return [.. gradebook.Regrades.Regrades("000").Select(r => (r.Id, r.Student, r.Answered is not null))];
    }

    /// <summary>Answers request <paramref name="id"/> by its form on the students page: kept, or changed to <paramref name="level"/>'s points.</summary>
    public async Task<HttpStatusCode> AnswerAsync(string tutor, long id, int? level) =>
        (await AnswerFromAsync(tutor, await StudentsPageAsync(tutor), id, level)).Status;

    /// <summary>The students page (release, regrade requests) as <paramref name="tutor"/> reads it now.</summary>
    public Task<string> StudentsPageAsync(string tutor) => _tutors[tutor].PageAsync("/sheet/000/students");

    /// <summary>An answer to request <paramref name="id"/> by the form of <paramref name="page"/>, read earlier: the status and the page answered.</summary>
    public async Task<(HttpStatusCode Status, string Page)> AnswerFromAsync(string tutor, string page, long id, int? level)
    {
        var client = _tutors[tutor];
        var at = page.IndexOf($"id=\"r{id}\"", StringComparison.Ordinal);
        at.Should().BeGreaterThan(0, $"the students page has request {id}'s form");
        var form = page[at..page.IndexOf("</form>", at, StringComparison.Ordinal)];
        var fields = new List<(string, string)> { (ServePages.TokenField, TutorClient.Token(page)), ("outcome", level is null ? "kept" : "changed"), ("reply", "looked again"), ("points", level is null ? "" : Csv.Number(Levels[level.Value])) };
        fields.AddRange(HiddenField().Matches(form).Where(m => m.Groups[1].Value != ServePages.TokenField).Select(m => (m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value))));
        using var response = await client.PostAsync($"/sheet/000/regrades/{id}", fields);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A student's client, signed in with their token.</summary>
    public async Task<TutorClient> StudentAsync(string student)
    {
        var client = new TutorClient(Url);
        var form = await client.PageAsync(StudentRoutes.SignInPath);
        (await client.PostAsync(StudentRoutes.SignInPath, [(ServePages.TokenField, TutorClient.Token(form)), ("token", _course.Tokens[student])])).StatusCode.Should().Be(HttpStatusCode.Redirect, $"{student} signs in");
        return client;
    }

    /// <summary>The student's sheet page: its status and text.</summary>
    public static async Task<(HttpStatusCode Status, string Text)> SheetAsync(TutorClient student, string path = "")
    {
        using var response = await student.GetAsync(StudentPages.SheetPath("000") + path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A regrade request on the item by the sheet page's form.</summary>
    public async Task<HttpStatusCode> RequestAsync(TutorClient student)
    {
        var page = await student.PageAsync(StudentPages.SheetPath("000"));
        using var response = await student.PostAsync(StudentPages.SheetPath("000") + "/regrade", [(ServePages.TokenField, TutorClient.Token(page)), ("task", Item.Task.Id), ("item", Item.Item.Id), ("reason", "please look again")]);
        return response.StatusCode;
    }

    /// <summary>Signs the student out (the page's form).</summary>
    public static async Task<HttpStatusCode> SignOutAsync(TutorClient student)
    {
        var page = await student.PageAsync(StudentRoutes.Home);
        using var response = await student.PostAsync(StudentRoutes.SignOutPath, [(ServePages.TokenField, TutorClient.Token(page))]);
        return response.StatusCode;
    }

    /// <summary>
    /// <paramref name="tutor"/> signs out by the header's form: the status of the sign-out, of the home page opened with
    /// a copy of the session's cookie taken before it (a copied cookie must be dead), and of signing in again.
    /// </summary>
    public async Task<(HttpStatusCode Out, HttpStatusCode Replayed, HttpStatusCode In)> SignOutAndInAsync(string tutor)
    {
        var client = _tutors[tutor];
        var page = await client.PageAsync("/");
        using var copy = new TutorClient(Url);
        foreach (System.Net.Cookie cookie in client.Cookies.GetAllCookies())
        {
            copy.Cookies.Add(cookie);
        }

        using var signedOut = await client.PostAsync("/signout", [(ServePages.TokenField, TutorClient.Token(page))]);
        using var replayed = await copy.GetAsync("/");
        using var signedIn = await client.SignInAsync(_course.Tokens[tutor]);
        return (signedOut.StatusCode, replayed.StatusCode, signedIn.StatusCode);
    }

    /// <summary>The run's files once the background writes are done: gradebook.csv's total, the LMS file's sheet points, and summary.md.</summary>
    public async Task<(Dictionary<string, string> Totals, Dictionary<string, string> Lms, string Summary)> FilesAsync()
    {
        await Desk.Files.Written();
        var rows = GradebookCsv.Rows(Path.Combine(Run, "gradebook.csv"));
        var lms = GradebookCsv.Rows(Path.Combine(Run, "gradebook-lms.csv"));
        return (rows.ToDictionary(r => r["student"], r => r["total"], StringComparer.Ordinal), lms.ToDictionary(r => r["Student"], r => r["Sheet 000 (points)"], StringComparer.Ordinal), File.ReadAllText(Path.Combine(Run, "summary.md")));
    }

    /// <summary>The student's own feedback file in the run (what the page links).</summary>
    public string FeedbackFile(string student) => File.ReadAllText(Path.Combine(ResultStore.StudentFolderIn(Run, student), HandinFeedback.HtmlFile));

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task StopAsync()
    {
        foreach (var client in _tutors.Values)
        {
            client.Dispose();
        }

        await Desk.Files.Written();
        await _app.DisposeAsync();
        Desk.Dispose();
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("<input type=\"hidden\" name=\"(\\w+)\" value=\"([^\"]*)\">")]
    private static partial System.Text.RegularExpressions.Regex HiddenField();

    /// <summary>The course file's <c>[[semester.group]]</c> tables, one after the other.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("(\\[\\[semester\\.group\\]\\]\nid = \"[^\"]*\"\nmembers = \\[[^\\]]*\\]\n\n)+")]
    private static partial System.Text.RegularExpressions.Regex GroupsBlock();
}

/// <summary>
/// The graded group course every sequence starts from: its folder, course file text, run, pristine copy (the second
/// run's too), tokens (tutors' and students'), the item's number of levels, each group's members' total at the start in
/// the first run and in the second, and the second run's folder.
/// </summary>
internal sealed record CourseLoopCourse(string Root, string Text, string Run, string Pristine, IReadOnlyDictionary<string, string> Tokens, int Levels,
    IReadOnlyDictionary<string, double> Start, IReadOnlyDictionary<string, double> SecondStart, string SecondRun);
