using Grader.Grading;
using Grader.Semester;
using Grader.Web;
using Grader.Web.Students;

namespace Grader.Benchmarks.Serve;

/// <summary>
/// <c>grading-cpu [--students N] [--rounds R] [--phases]</c>: the CPU time (not the wall time: a loaded machine stretches that) of
/// the grading page's content (<see cref="DeskScoring.View"/>: the one derivation of every hand-in of the sheet) and of a
/// student's sheet page (<see cref="StudentDesk.Sheet"/>) on <see cref="StudentServeMode.Prepare"/>'s course of N
/// students (default 500), no server: R times (default 40) a score is committed on a second connection to the
/// gradebook (as another tutor or process would), then the grading page is opened, then a student's page. Prints the
/// process's CPU time per open (its total over the R opens over R: the clock ticks are 10 ms) and the wall median;
/// <c>--phases</c>: also where the wall time went (<see cref="DeskTiming"/>).
/// </summary>
public static class GradingCpuMode
{
    public static int Run(string[] args)
    {
        int students = ServeBench.Option(args, "--students", 500);
        int rounds = ServeBench.Option(args, "--rounds", 40);
        return ServeBench.InScratch("grading-cpu", root => Task.FromResult(Measure(root, students, rounds, args.Contains("--phases"))));
    }

    private static int Measure(string root, int count, int rounds, bool phases)
    {
        var (course, _, names, _, _) = StudentServeMode.Prepare(root, count);
        using var desk = new GradingDesk(course, Grader.Cli.Commands.CommonOptions.Catalog) { Timing = phases ? new DeskTiming() : null };
        var item = desk.Items(ServedCourse.Sheet).First();
        var pages = new StudentDesk(desk);
        using var other = CourseGradebook.Open(course.Gradebook);
        // Cold: the records parsed, the page's groups built; not counted.
        desk.Scoring.View(item);
        pages.Sheet(names[0], ServedCourse.Sheet);
        // Two opens with no write between: how many grades the second hands out as the very objects of the first (kept).
        var (first, again) = (desk.Grades.OfHandins(ServedCourse.Sheet, names), desk.Grades.OfHandins(ServedCourse.Sheet, names));
        var kept = names.Count(n => first[n].Total?.Report is { } report && ReferenceEquals(report, again[n].Total?.Report));
        var (grading, student) = (TimeSpan.Zero, TimeSpan.Zero);
        var (gradingWall, studentWall) = (new List<double>(), new List<double>());
        var shown = 0;
        for (var r = 1; r <= rounds; r++)
        {
            var scored = names[(37 * r) % names.Length];
            other.Scores.SetManualScore(new ManualScore(scored, item.Task.Id, item.Item.Id, r % 2, $"round {r}"), "ben");
            var (cpu, wall) = Timed(() => desk.Scoring.View(item), out var view);
            grading += cpu;
            gradingWall.Add(wall);
            shown += view.Scores.TryGetValue(scored, out var score) && score.Comment == $"round {r}" ? 1 : 0;
            (cpu, wall) = Timed(() => pages.Sheet(scored, ServedCourse.Sheet), out _);
            student += cpu;
            studentWall.Add(wall);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"grading-cpu: {count} students, {rounds} rounds, {Environment.ProcessorCount} cores ({ServeBench.Cpu()}), load {ServeBench.Load()} after"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"summary: grading page {grading.TotalMilliseconds / rounds:0.0} ms CPU an open (wall median {ServeBench.Percentile(gradingWall, 50):0.0} ms), student page {student.TotalMilliseconds / rounds:0.0} ms CPU an open (wall median {ServeBench.Percentile(studentWall, 50):0.0} ms); the other connection's score shown on the next open {shown} of {rounds}; grades kept between two opens without a write {kept} of {count}; load {ServeBench.Load()}"));
        foreach (var line in desk.Timing?.Lines() ?? [])
        {
            Console.WriteLine(line);
        }

        return shown == rounds ? 0 : 1;
    }

    private static (TimeSpan Cpu, double WallMs) Timed<T>(Func<T> open, out T result)
    {
        var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        result = open();
        clock.Stop();
        process.Refresh();
        return (process.TotalProcessorTime - before, clock.Elapsed.TotalMilliseconds);
    }
}
