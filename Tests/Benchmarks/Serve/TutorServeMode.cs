using System.Collections.Concurrent;
using System.Net;
using Grader.Checks.Results;
using Grader.Web;
using Grader.Web.Comments;
using Grader.Web.Regrades;

namespace Grader.Benchmarks.Serve;

/// <summary>
/// <c>tutor-serve [--students N] [--rounds R]</c>: the tutors' pages of <c>grader serve</c> with N students (default 500)
/// on loopback, the server in this process, on <see cref="StudentServeMode.Prepare"/>'s course served by <see cref="ServedCourse"/> (sheet 000 recorded with
/// each hand-in's kept code and a written report per manual item, released). Two tutors open the grading page of one
/// item and score one answer after another for the whole run; beside them a third session of the first tutor opens, in
/// turn, R times each (default 40): the sheet page (<c>/sheet/000</c>), the release and regrade page
/// (<c>/sheet/000/students</c>), the statistics (<c>/sheet/000/statistics</c>) and the review of a hand-in's code and of
/// its report (<see cref="CodePage"/>, a different student each time). Prints each page's p50/p95/max (the grading
/// page's from the two scoring tutors' opens), the scores posted, and a one-line summary; exits 1 when a page answered
/// other than 200 or a score was refused.
/// </summary>
public static class TutorServeMode
{
    private const string Sheet = "000";

    public static int Run(string[] args)
    {
        int students = ServeBench.Option(args, "--students", 500);
        int rounds = ServeBench.Option(args, "--rounds", 40);
        return ServeBench.InScratch("tutor-serve", root => Measure(root, students, rounds));
    }

    private static async Task<int> Measure(string root, int count, int rounds)
    {
        await using var served = await ServedCourse.StartAsync(root, count);
        var (desk, item, names) = (served.Desk, served.Item, served.Names);
        using var ana = await served.Tutor(0);
        using var ben = await served.Tutor(1);
        using var reader = await served.Tutor(0);
        (string Name, Func<int, string> Path)[] pages =
        [
            ("sheet /sheet/000", _ => $"/sheet/{Sheet}"),
            ("release and regrades /sheet/000/students", _ => RegradeInbox.PathOf(Sheet)),
            ("statistics /sheet/000/statistics", _ => $"/sheet/{Sheet}/statistics"),
            ("review: a hand-in's code", r => CodePage.PathOf(Sheet, Pseudonyms.Of(Sheet, names[(37 * r) % names.Length]))),
            ("review: a hand-in's report", r => CodePage.PathOf(Sheet, Pseudonyms.Of(Sheet, names[((37 * r) + 11) % names.Length]), InlineComment.ReportFile)),
        ];

        // Cold: each page once (reports read, answers grouped, the code kept read), not counted.
        await ServeBench.Timed(ana, item.Path);
        foreach (var (_, path) in pages)
        {
            await ServeBench.Timed(reader, path(0));
        }

        var failures = new ConcurrentBag<string>();
        var opens = new ConcurrentBag<double>();
        var posts = new ConcurrentBag<double>();
        var scoredStudents = new ConcurrentBag<string>();
        using var done = new CancellationTokenSource();
        var scored = 0;
        async Task Tutor(HttpClient tutor, int first) =>
            Interlocked.Add(ref scored, await StudentServeMode.Score(tutor, item.Path, names, first, 2, int.MaxValue, done.Token, opens, posts, scoredStudents, failures));

        var times = pages.Select(_ => new List<double>()).ToArray();
        var clock = Stopwatch.StartNew();
        var tutors = Task.WhenAll(Tutor(ana, 0), Tutor(ben, 1));
        for (var r = 1; r <= rounds; r++)
        {
            for (var p = 0; p < pages.Length; p++)
            {
                var path = pages[p].Path(r);
                var (ms, status, _) = await ServeBench.Timed(reader, path);
                times[p].Add(ms);
                if (status != HttpStatusCode.OK)
                {
                    failures.Add($"{path}: {(int)status}");
                }
            }
        }

        clock.Stop();
        await done.CancelAsync();
        await tutors;
        await desk.Files.Written();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"grader serve, sheet {Sheet}, {count} students, two tutors scoring {item.Title} throughout, {Environment.ProcessorCount} cores ({ServeBench.Cpu()}), load {ServeBench.Load()} after; {rounds} rounds in {clock.Elapsed.TotalSeconds:0.0} s"));
        string Line(string name, IReadOnlyCollection<double> ms) => string.Create(CultureInfo.InvariantCulture,
            $"{name}: p50 {ServeBench.Percentile(ms, 50):0.0} ms, p95 {ServeBench.Percentile(ms, 95):0.0} ms, max {ms.Max():0.0} ms over {ms.Count} requests");
        Console.WriteLine(Line($"grading page {item.Path} (the two scoring tutors' opens)", opens));
        for (var p = 0; p < pages.Length; p++)
        {
            Console.WriteLine(Line(pages[p].Name, times[p]));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scores posted by the two tutors: {scored}, median {ServeBench.Percentile(posts, 50):0.0} ms each"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"summary: p95 grading {ServeBench.Percentile(opens, 95):0} ms, sheet {ServeBench.Percentile(times[0], 95):0} ms, release {ServeBench.Percentile(times[1], 95):0} ms, statistics {ServeBench.Percentile(times[2], 95):0} ms, code review {ServeBench.Percentile(times[3], 95):0} ms, report review {ServeBench.Percentile(times[4], 95):0} ms; {scored} scores; load {ServeBench.Load()}"));
        foreach (var failure in failures.Take(10))
        {
            Console.WriteLine("failed: " + failure);
        }

        return failures.IsEmpty ? 0 : 1;
    }
}
