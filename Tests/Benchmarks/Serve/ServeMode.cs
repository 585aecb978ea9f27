using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Grader.Cli.Commands;
using Grader.Grading.Reporters;
using Grader.Grading.Reports;
using Grader.Semester;
using Grader.Web;
using Microsoft.Data.Sqlite;

namespace Grader.Benchmarks.Serve;

/// <summary>
/// <c>serve [--students N] [--rounds R]</c>: how long <c>grader serve</c>'s grading page of one item takes to open for a
/// sheet of N students (default 200), over HTTP on loopback, the server in this process. The course is made up, not
/// graded: a gradebook with one recorded run of sheet 002 (N hand-ins, three verdicts each for the item's task) and a
/// written report per student (a quarter of them one shared answer, varied in case and spacing, so they form a group;
/// the rest each their own ~80-word answer with HTML). Prints the first (cold: reports read and answers grouped) and the
/// median, minimum and maximum of R warm requests (default 20).
/// </summary>
public static class ServeMode
{
    private const string Sheet = "002";

    public static int Run(string[] args)
    {
        int students = ServeBench.Option(args, "--students", 200);
        int rounds = ServeBench.Option(args, "--rounds", 20);
        return ServeBench.InScratch("serve", root => Measure(root, students, rounds));
    }

    private static async Task<int> Measure(string root, int count, int rounds)
    {
        var catalog = CommonOptions.Catalog;
        var names = ServeBench.Names(count);
        var course = ServeBench.Course(root, names, Sheet);
        var run = Path.Combine(root, "run");
        var token = TutorToken.New();
        using (var gradebook = CourseGradebook.Open(course.Gradebook))
        {
            gradebook.Tutors.SetTutor("bench", TutorToken.Hash(token));
        }

        using var desk = new GradingDesk(course, catalog);
        var items = desk.Items(Sheet);
        var item = items.OrderByDescending(i => i.Task.Checks.Count).First();
        Fill(course.Gradebook, run, names, item);
        var store = new WrittenReportStore(run);
        var words = "flow coupling jacobian determinant latent prior likelihood sample noise schedule variance mean encoder decoder bound evidence gradient".Split(' ');
        for (int s = 0; s < count; s++)
        {
            var random = new Random(s);
            var answers = items.Select(i =>
            {
                var text = s % 4 == 0
                    ? (s % 8 == 0 ? "The shared answer: " : "THE SHARED   ANSWER:\n ") + string.Join(' ', Enumerable.Repeat("the log-determinant of the coupling block's Jacobian", 8))
                    : string.Join(' ', Enumerable.Range(0, 80).Select(_ => words[random.Next(words.Length)]));
                return new ReportAnswer(i.Task.Id, i.Item.Id, text, $"<h3>{i.Item.Id}</h3><p>{Html.Escape(text)}</p>", []);
            }).ToArray();
            store.Save(new WrittenReport(names[s], ["report.md"], answers, []));
        }

        var app = Grader.Web.App.ServeApp.Build(desk, ["http://127.0.0.1:0"]);
        await app.StartAsync();
        try
        {
            using var client = await ServeBench.SignedIn(new Uri(TutorServer.Addresses(app).Single()), "/signin", token);
            async Task<(double Ms, int Bytes, string Page)> Open()
            {
                var (ms, status, page) = await ServeBench.Timed(client, item.Path);
                if (status != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{item.Path}: {status}");
                }

                return (ms, Encoding.UTF8.GetByteCount(page), page);
            }

            var cold = await Open();
            var groups = Regex.Count(cold.Page, "<section class=\"group");
            var warm = new List<double>();
            for (int r = 0; r < rounds; r++)
            {
                warm.Add((await Open()).Ms);
            }

            warm.Sort();
            var median = ServeBench.Percentile(warm, 50);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"grader serve, sheet {Sheet}, {item.Title}: {count} students in {groups} answer groups, page {cold.Bytes / 1024.0:0} KiB, {Environment.ProcessorCount} cores, load {ServeBench.Load()}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"grading page: first (cold) {cold.Ms:0.0} ms; warm median of {rounds} {median:0.0} ms (min {warm[0]:0.0}, max {warm[^1]:0.0})"));
            return 0;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>One recorded run of the sheet, as <c>semester record</c> leaves it, with three verdicts per hand-in for the item's task.</summary>
    private static void Fill(string gradebook, string run, string[] names, SheetItem item)
    {
        using var connection = new SqliteConnection($"Data Source={gradebook};Pooling=False");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        void Execute(string sql, params (string, object)[] parameters)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            command.ExecuteNonQuery();
        }

        Execute("INSERT INTO runs (sheet, seed, settings, folder, started, recorded) VALUES ($sheet, '1', '{}', $folder, '2026-11-25T00:00:00Z', '2026-11-25T00:00:00Z');", ("$sheet", Sheet), ("$folder", run));
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
        {
            Execute("INSERT INTO students (student) VALUES ($s);", ("$s", name));
            Execute("INSERT INTO handins (run, student, status, content_hash) VALUES (1, $s, 'Graded', 'h');", ("$s", name));
            foreach (var check in new[] { "visible-a", "visible-b", "hidden-c" })
            {
                Execute("INSERT INTO check_verdicts (run, student, task, check_id, outcome, points, message) VALUES (1, $s, $task, $check, $outcome, 0.5, $message);",
                    ("$s", name), ("$task", item.Task.Id), ("$check", check), ("$outcome", i % 5 == 0 && check == "hidden-c" ? "Failed" : "Passed"),
                    ("$message", i % 5 == 0 ? "max |Δ| = 3.2e-2 at index 17 (tolerance 1e-4)" : ""));
            }
        }

        transaction.Commit();
    }

}
