using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Grader.Checks.Handins;
using Grader.Checks.Results;
using Grader.Cli.Commands;
using Grader.Grading;
using Grader.Grading.Reporters;
using Grader.Grading.Reports;
using Grader.Semester;
using Grader.Web;
using Grader.Web.Students;

namespace Grader.Benchmarks.Serve;

/// <summary>
/// <c>student-serve [--students N] [--clients C] [--rounds R] [--plots] [--comments]</c>: <c>grader serve</c> with N students (default 500) on
/// loopback, the server in this process (<see cref="ServedCourse"/>, the set-up <see cref="TutorServeMode"/> shares). The course: sheet 000 recorded from a run folder as <c>semester record</c>
/// reads it (N hand-in records, each with its kept code and a written report per manual item; with <c>--plots</c> a check's
/// verdict with a plot, which each student's client loads after the page, timed apart; with <c>--comments</c> two tutor's
/// comments on each hand-in's lines, one of its code and one of its report, placed beside their lines), released, two tutors and N
/// student tokens. Measured side by side in one run: the grading page of one manual item alone (median of R, default 20),
/// then two tutors opening the grading page and scoring one answer after another (R/2 each), then N different students
/// each signing in and loading <c>/me</c> and <c>/me/sheet/000</c> (C at a time, default 8) while the two tutors score
/// on. Prints the student pages' p50/p95/max, the grading page's median in the three phases, where the time went per
/// route (<see cref="DeskTiming"/>), whether every scored student's files carry the score once the writer is done, and a
/// one-line summary.
/// </summary>
public static partial class StudentServeMode
{
    private const string Sheet = "000";

    public static int Run(string[] args)
    {
        int students = ServeBench.Option(args, "--students", 500);
        int clients = ServeBench.Option(args, "--clients", 8);
        int rounds = ServeBench.Option(args, "--rounds", 20);
        var plots = args.Contains("--plots", StringComparer.Ordinal);
        var comments = args.Contains("--comments", StringComparer.Ordinal);
        return ServeBench.InScratch("student-serve", root => Measure(root, students, clients, rounds, plots, comments));
    }

    private static async Task<int> Measure(string root, int count, int clients, int rounds, bool plots, bool comments)
    {
        await using var served = await ServedCourse.StartAsync(root, count, timing: true, plots, comments);
        var (desk, item, run, names, studentTokens, url) = (served.Desk, served.Item, served.Run, served.Names, served.StudentTokens, served.Url);
        var timing = desk.Timing ?? throw new InvalidOperationException("the desk counts where the time goes (timing: true)");
        using var ana = await served.Tutor(0);
        using var ben = await served.Tutor(1);
        await ServeBench.Timed(ana, item.Path); // cold: reports read, answers grouped
        var alone = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            alone.Add((await ServeBench.Timed(ana, item.Path)).Ms);
        }

        // The student load: every student once, C at a time; the two tutors score meanwhile.
        var sheetPage = new ConcurrentBag<double>();
        var pages = new ConcurrentBag<(int Order, long Started, double Ms)>(); // each sheet page: the how-manieth, when it started
        var order = 0;
        var home = new ConcurrentBag<double>();
        var figures = new ConcurrentBag<double>();
        var underLoad = new ConcurrentBag<double>();
        var scorePosts = new ConcurrentBag<double>();
        var failures = new ConcurrentBag<string>();
        using var done = new CancellationTokenSource();
        var queue = new ConcurrentQueue<string>(names);
        var load = new Stopwatch();
        Task StudentLoad() => Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var student))
            {
                using var client = await ServeBench.SignedIn(url, StudentRoutes.SignInPath, studentTokens[student]);
                var me = await ServeBench.Timed(client, StudentRoutes.Home);
                var started = Stopwatch.GetTimestamp();
                var page = await ServeBench.Timed(client, StudentPages.SheetPath(Sheet));
                pages.Add((Interlocked.Increment(ref order), started, page.Ms));
                if (me.Status != HttpStatusCode.OK || page.Status != HttpStatusCode.OK || !page.Page.Contains($"· {student}</h1>", StringComparison.Ordinal)
                    || (comments && !page.Page.Contains("class=\"line-comments\"", StringComparison.Ordinal)))
                {
                    failures.Add($"{student}: /me {(int)me.Status}, sheet {(int)page.Status}");
                }

                home.Add(me.Ms);
                if (plots)
                {
                    // The plot under the check, as the browser loads it after the page (issue 82).
                    var figure = await ServeBench.Timed(client, StudentPages.SheetPath(Sheet) + "/figure/0");
                    figures.Add(figure.Ms);
                    if (figure.Status != HttpStatusCode.OK || !figure.Page.StartsWith("<svg", StringComparison.Ordinal) || !page.Page.Contains("/figure/0\"", StringComparison.Ordinal))
                    {
                        failures.Add($"{student}: figure {(int)figure.Status}");
                    }
                }

                sheetPage.Add(page.Ms);
            }
        })));
        var scoredStudents = new ConcurrentBag<string>();
        var scored = 0;
        async Task Tutor(HttpClient tutor, int first, int step, int limit, ConcurrentBag<double> opens) =>
            Interlocked.Add(ref scored, await Score(tutor, item.Path, names, first, step, limit, done.Token, opens, scorePosts, scoredStudents, failures));

        // First the two tutors scoring without the students (from the other end of the list, rounds/2 each), then
        // the same beside the students' load: the grading page's median in both, side by side in one run.
        var tutorsAlone = new ConcurrentBag<double>();
        await Task.WhenAll(Tutor(ana, names.Length - 1, -2, rounds / 2, tutorsAlone), Tutor(ben, names.Length - 2, -2, rounds / 2, tutorsAlone));
        var scoredAlone = scored;
        scorePosts.Clear();
        var (gcPause, gc0, gc1, gc2) = (GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var loadStarted = Stopwatch.GetTimestamp();
        load.Start();
        var studentsTask = StudentLoad();
        var tutors = Task.WhenAll(Tutor(ana, 0, 2, int.MaxValue, underLoad), Tutor(ben, 1, 2, int.MaxValue, underLoad));
        await studentsTask;
        load.Stop();
        var gc = string.Create(CultureInfo.InvariantCulture,
            $"GC during the load: {(GC.GetTotalPauseDuration() - gcPause).TotalMilliseconds:0} ms paused, {GC.CollectionCount(0) - gc0}/{GC.CollectionCount(1) - gc1}/{GC.CollectionCount(2) - gc2} collections of gen 0/1/2");
        await done.CancelAsync();
        await tutors;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"grader serve, sheet {Sheet}, {item.Title}: {count} students, {clients} student clients at once, {Environment.ProcessorCount} cores ({ServeBench.Cpu()}), load {ServeBench.Load()} after"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"student sheet page /me/sheet/{Sheet}: p50 {ServeBench.Percentile(sheetPage, 50):0.0} ms, p95 {ServeBench.Percentile(sheetPage, 95):0.0} ms, max {sheetPage.Max():0.0} ms over {sheetPage.Count} students ({load.Elapsed.TotalSeconds:0.0} s for all)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"student home /me: p50 {ServeBench.Percentile(home, 50):0.0} ms, p95 {ServeBench.Percentile(home, 95):0.0} ms"));
        if (plots)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"the check's plot /me/sheet/{Sheet}/figure/0 (SVG, {PlotPoints} points): p50 {ServeBench.Percentile(figures, 50):0.0} ms, p95 {ServeBench.Percentile(figures, 95):0.0} ms"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"grading page: median {ServeBench.Percentile(alone, 50):0.0} ms alone ({rounds} requests, one tutor), {ServeBench.Percentile(tutorsAlone, 50):0.0} ms with two tutors scoring ({tutorsAlone.Count} requests), {ServeBench.Percentile(underLoad, 50):0.0} ms with two tutors scoring beside the student load ({underLoad.Count} requests, p95 {ServeBench.Percentile(underLoad, 95):0.0} ms)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scores posted by two tutors during the load: {scored - scoredAlone}, median {ServeBench.Percentile(scorePosts, 50):0.0} ms each (the score recorded; the run's files are written in the background)"));
        var flush = Stopwatch.StartNew();
        await desk.Files.Written();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"the run's files current {flush.Elapsed.TotalSeconds:0.0} s after the load ended (the background writer's last write)"));
        // Current: every scored student's feedback carries the score's comment once the writer is done.
        var stale = scoredStudents.Where(s => !File.ReadAllText(Path.Combine(ResultStore.StudentFolderIn(run, s), "feedback.md")).Contains("benchmark", StringComparison.Ordinal)).ToArray();
        Console.WriteLine(gc);
        Slowest(pages, timing.Writes, loadStarted);
        Console.WriteLine("where the time went, by route (the desk's gradebook lock: waited for, held):");
        foreach (var line in timing.Lines())
        {
            Console.WriteLine("  " + line);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"summary: student page p50 {ServeBench.Percentile(sheetPage, 50):0} ms, p95 {ServeBench.Percentile(sheetPage, 95):0} ms; grading page median {ServeBench.Percentile(alone, 50):0} ms alone, {ServeBench.Percentile(tutorsAlone, 50):0} ms two tutors scoring, {ServeBench.Percentile(underLoad, 50):0} ms two tutors scoring beside the students; {scored - scoredAlone} scores posted beside them; files current after: {(stale.Length == 0 ? "yes" : $"NO ({stale.Length} stale)")}; load {ServeBench.Load()}"));
        foreach (var failure in failures.Take(10))
        {
            Console.WriteLine("failed: " + failure);
        }

        return failures.IsEmpty && stale.Length == 0 ? 0 : 1;
    }

    /// <summary>
    /// The course of <paramref name="count"/> students in <paramref name="root"/>: sheet 000 recorded from a run folder as
    /// <c>semester record</c> reads it, released, two tutors (ana, ben) and a token per student.
    /// </summary>
    /// <param name="plots">True: each record carries a verdict of the sheet's first check with a plot of <see cref="PlotPoints"/> points (as a training check draws one).</param>
    internal static (CourseFile Course, string Run, string[] Names, string[] TutorTokens, Dictionary<string, string> StudentTokens) Prepare(string root, int count, bool plots = false, bool comments = false)
    {
        var catalog = CommonOptions.Catalog;
        var names = ServeBench.Names(count);
        var course = ServeBench.Course(root, names, Sheet);
        var run = Path.Combine(root, "run");
        WriteRun(run, names, catalog, plots);
        var tutorTokens = new[] { TutorToken.New(), TutorToken.New() };
        var studentTokens = names.ToDictionary(n => n, _ => TutorToken.New(), StringComparer.Ordinal);
        using (var gradebook = CourseGradebook.Open(course.Gradebook))
        {
            gradebook.Students.AddStudents(names);
            gradebook.Runs.Record(RecordedRun.Load(run, catalog), new Dictionary<string, DateTimeOffset>());
            gradebook.Releases.Release(Sheet, "benchmark");
            gradebook.Tutors.SetTutor("ana", TutorToken.Hash(tutorTokens[0]));
            gradebook.Tutors.SetTutor("ben", TutorToken.Hash(tutorTokens[1]));
            gradebook.Releases.SetStudentTokens(names.Select(n => (n, TutorToken.Hash(studentTokens[n]))).ToArray(), "benchmark");
            foreach (var name in comments ? names : [])
            {
                var document = HandinDocument.Of(run, name);
                foreach (var file in new[] { "QuickieRegressionLoss.cs", InlineComment.ReportFile })
                {
                    gradebook.Comments.AddComment(Sheet, name, file, 1, document.Lines(file)![0], "why this line?", "ana");
                }
            }
        }

        return (course, run, names, tutorTokens, studentTokens);
    }

    /// <summary>
    /// A tutor opening the grading page at <paramref name="itemPath"/> and scoring one student after another: from
    /// names[first], every <paramref name="step"/>-th, until <paramref name="stop"/> or <paramref name="limit"/> students.
    /// Returns how many scores were recorded.
    /// </summary>
    internal static async Task<int> Score(HttpClient tutor, string itemPath, string[] names, int first, int step, int limit, CancellationToken stop,
        ConcurrentBag<double> opens, ConcurrentBag<double> posts, ConcurrentBag<string> scoredStudents, ConcurrentBag<string> failures)
    {
        var scored = 0;
        for (int i = first, n = 0; !stop.IsCancellationRequested && i >= 0 && i < names.Length && n < limit; i += step, n++)
        {
            var opened = await ServeBench.Timed(tutor, itemPath);
            opens.Add(opened.Ms);
            if (Form(opened.Page, Pseudonyms.Of(Sheet, names[i])) is not { } fields)
            {
                continue;
            }

            var clock = Stopwatch.StartNew();
            using var posted = await tutor.PostAsync($"{itemPath}/score", new FormUrlEncodedContent(
                [KeyValuePair.Create(ServePages.TokenField, ServeBench.Token(opened.Page)), KeyValuePair.Create("at", "0"), KeyValuePair.Create("points", "0"), KeyValuePair.Create("comment", "benchmark"), .. fields]));
            posts.Add(clock.Elapsed.TotalMilliseconds);
            if (posted.StatusCode == HttpStatusCode.Redirect)
            {
                scored++;
                scoredStudents.Add(names[i]);
            }
            else
            {
                failures.Add($"score of {names[i]}: {(int)posted.StatusCode}");
            }
        }

        return scored;
    }

    /// <summary>
    /// The 30 slowest sheet pages (a p95 over 500 is the 25th slowest): the how-manieth request each was, when it started
    /// after the load began, and whether a background write of the run's files ran beside it.
    /// </summary>
    private static void Slowest(IEnumerable<(int Order, long Started, double Ms)> pages, IReadOnlyList<(long Started, long Ended)> writes, long loadStarted)
    {
        static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        var slowest = pages.OrderByDescending(p => p.Ms).Take(30).OrderBy(p => p.Order).ToArray();
        int besideWrite = slowest.Count(p => writes.Any(w => w.Started < p.Started + (long)(p.Ms / 1000 * Stopwatch.Frequency) && w.Ended > p.Started));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"the 30 slowest sheet pages (order: ms at s after the load began), {besideWrite} of them beside a write of the run's files ({writes.Count} writes):"));
        Console.WriteLine("  " + string.Join(", ", slowest.Select(p => string.Create(CultureInfo.InvariantCulture, $"#{p.Order}: {p.Ms:0} at {Ms(p.Started - loadStarted) / 1000:0.0}"))));
    }

    /// <summary>A run folder as <c>grader grade</c> leaves it: run.json, each hand-in's record, kept code and written report.</summary>
    /// <summary>The points of each series of a record's plot with <c>--plots</c> (two series: a histogram line of the data and of the samples).</summary>
    public const int PlotPoints = 200;

    private static void WriteRun(string run, string[] names, Grader.Checks.Catalog.CourseCatalog catalog, bool plots)
    {
        var plotted = catalog.TasksOf(Sheet).SelectMany(t => t.Checks.Select(c => (Task: t.Id, Check: c.Check.Id))).First();
        var started = DateTimeOffset.UtcNow.AddHours(-1);
        var info = new RunInfo(Sheet, 1, false, [], null, 2, "child process", started, TimeSpan.FromMinutes(20), "benchmark");
        var store = new ResultStore(run);
        var code = new HandinCodeStore(run);
        var reports = new WrittenReportStore(run);
        var items = catalog.TasksOf(Sheet).SelectMany(t => t.Manual.Select(m => (Task: t, Item: m))).ToArray();
        var words = "loss regression classification cross entropy mean squared error batch gradient likelihood sample noise".Split(' ');
        for (int s = 0; s < names.Length; s++)
        {
            var random = new Random(s);
            store.Save(new HandinRecord(names[s], HandinStatus.Graded, null, Convert.ToHexStringLower(BitConverter.GetBytes((long)s)).PadLeft(64, '0'), "benchmark",
                new CompileResult(true, [], 0, TimeSpan.FromSeconds(1), null), plots ? [Plotted(plotted.Task, plotted.Check, random)] : [], HandinTiming.None, "", started));
            code.Save(names[s], [new HandinFile("QuickieRegressionLoss.cs", string.Join('\n', Enumerable.Range(0, 60).Select(l => $"    var x{l} = {random.Next(1000)}; // {words[random.Next(words.Length)]}")))]);
            reports.Save(new WrittenReport(names[s], ["report.md"], items.Select(i =>
            {
                var text = string.Join(' ', Enumerable.Range(0, 80).Select(_ => words[random.Next(words.Length)]));
                return new ReportAnswer(i.Task.Id, i.Item.Id, text, $"<p>{Html.Escape(text)}</p>", []);
            }).ToArray(), []));
        }

        new RunFile(info, names, [], []).Save(run);
    }

    /// <summary>A passed verdict of <paramref name="check"/> with one plot: the data's density and the samples' histogram, <see cref="PlotPoints"/> points each.</summary>
    private static CheckVerdict Plotted(string task, string check, Random random)
    {
        var xs = Enumerable.Range(0, PlotPoints).Select(i => -4 + (8.0 * i / (PlotPoints - 1))).ToArray();
        var data = xs.Select(x => Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI)).ToArray();
        var samples = data.Select(y => Math.Max(0, y + (0.02 * (random.NextDouble() - 0.5)))).ToArray();
        var plot = new Plot("Samples of your model over the data", "x", "density",
            [new PlotSeries("data", PlotStyle.Line, xs, data), new PlotSeries("your model's samples (histogram)", PlotStyle.Line, xs, samples)]);
        return new CheckVerdict(task, CheckResult.Pass(check, "matches") with { Plots = [plot] }, TimeSpan.FromSeconds(1));
    }

    /// <summary>The hidden fields (student, seen) of the answer group that lists <paramref name="pseudonym"/>, or null.</summary>
    private static KeyValuePair<string, string>[]? Form(string page, string pseudonym)
    {
        var found = GroupStudents().Matches(page).FirstOrDefault(m => m.Groups[1].Value.Split(' ').Contains(pseudonym));
        if (found is null)
        {
            return null;
        }

        var section = page[found.Index..page.IndexOf("</section>", found.Index, StringComparison.Ordinal)];
        return Hidden().Matches(section).Where(h => h.Groups[1].Value is "student" or "seen")
            .Select(h => KeyValuePair.Create(h.Groups[1].Value, WebUtility.HtmlDecode(h.Groups[2].Value))).ToArray();
    }

    [GeneratedRegex("data-students=\"([^\"]*)\"")]
    private static partial Regex GroupStudents();

    [GeneratedRegex("<input type=\"hidden\" name=\"(\\w+)\" value=\"([^\"]*)\">")]
    private static partial Regex Hidden();
}
