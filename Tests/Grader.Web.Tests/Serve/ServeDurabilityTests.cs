using System.Net;
using Grader.Web;
using static Grader.Cli.Tests.Support.SemesterCommands;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// Every score the app acknowledged survives a SIGKILL of the server (it is committed before the answer), and the app's
/// scores are the semester's manual scores: once frank's every manual item of sheet 000 is scored in the app, the LMS
/// export carries his automatic points plus those scores (before, his cell is empty: manual pending).
/// </summary>
[NonParallelizable]
public sealed class ServeDurabilityTests
{
    /// <summary>
    /// "Nothing lost" on a stop: the scores a tutor posted right before a SIGTERM are all in the gradebook once the
    /// process has exited, and the run's files (written in the background after each score) carry the last one: the
    /// server's shutdown waits for the run files' writer.
    /// </summary>
    [Test]
    public async Task Scores_posted_before_a_sigterm_are_all_kept_and_the_runs_files_carry_the_last_one_after_exit()
    {
        using var course = await ServeCourse.CreateAsync();
        var items = course.Items();
        using (var server = await ServerProcess.StartAsync(course.CoursePath))
        {
            using var tutor = new TutorClient(server.Url);
            (await tutor.SignInAsync(course.Tokens["ana"])).StatusCode.Should().Be(HttpStatusCode.Redirect);
            foreach (var item in items)
            {
                using var answer = await tutor.ScoreAsync(item, "frank", item.Item.Points, $"before the stop: {item.Item.Id}");
                answer.StatusCode.Should().Be(HttpStatusCode.Redirect, $"{item.Title}: {await answer.Content.ReadAsStringAsync()}");
            }

            (await server.TerminateAsync()).Should().Be(0, "grader serve stops cleanly on SIGTERM");
        }

        using (var gradebook = course.Gradebook())
        {
            foreach (var item in items)
            {
                gradebook.Scores.ManualScores(item.Task.Id, item.Item.Id)["frank"].Should().Match<Grader.Semester.ManualScoreEntry>(
                    s => s.Points == item.Item.Points && s.Tutor == "ana" && s.Comment == $"before the stop: {item.Item.Id}", item.Title);
            }
        }

        var feedback = File.ReadAllText(Path.Combine(course.Run, "students", "frank", "feedback.md"));
        feedback.Should().Contain($"before the stop: {items[^1].Item.Id}", "the run's files were written with the last score before the process ended");
        var auto = GradebookCsv.Parse(File.ReadAllText(Path.Combine(course.Run, "gradebook.csv")));
        var autoTotal = double.Parse(auto.Single(r => r[0] == "frank")[auto[0].ToList().IndexOf("auto total")], CultureInfo.InvariantCulture);
        var lms = GradebookCsv.Rows(Path.Combine(course.Run, "gradebook-lms.csv")).Single(r => r["Student"] == "frank");
        double.Parse(lms["Sheet 000 (points)"], CultureInfo.InvariantCulture).Should().BeApproximately(autoTotal + CommonOptions.Catalog.TasksOf("000").Sum(t => t.ManualPoints), 1e-4,
            "the run's LMS export has frank's every manual item, the last one included");
    }

    [Test]
    public async Task Scores_acknowledged_before_a_kill_9_are_there_after_the_restart_and_in_the_lms_export()
    {
        using var course = await ServeCourse.CreateAsync();
        var items = course.Items();
        items.Should().HaveCountGreaterThan(4);
        var export = Path.Combine(course.Root, "export.csv");
        double Cell(string student)
        {
            var rows = GradebookCsv.Parse(File.ReadAllText(export));
            var cell = rows.Single(r => r[0] == student)[rows[0].ToList().IndexOf("Sheet 000 (points)")];
            return cell.Length == 0 ? double.NaN : double.Parse(cell, CultureInfo.InvariantCulture);
        }

        await Ok("semester", "export", "--course", course.CoursePath, "--out", export);
        Cell("frank").Should().Be(double.NaN, "frank's manual items are not scored yet: his cell is empty, not a number");

        // Two rounds: half the items, SIGKILL right after the last answer, restart; the rest, SIGKILL again.
        var halves = new[] { items.Take(items.Count / 2).ToArray(), items.Skip(items.Count / 2).ToArray() };
        foreach (var half in halves)
        {
            using var server = await ServerProcess.StartAsync(course.CoursePath);
            using var tutor = new TutorClient(server.Url);
            (await tutor.SignInAsync(course.Tokens["ana"])).StatusCode.Should().Be(HttpStatusCode.Redirect);
            foreach (var item in half)
            {
                using var answer = await tutor.ScoreAsync(item, "frank", item.Item.Points, $"full marks for {item.Item.Id}");
                answer.StatusCode.Should().Be(HttpStatusCode.Redirect, $"{item.Title}: {await answer.Content.ReadAsStringAsync()}");
            }

            server.Kill().Should().Be(137, "the server died by SIGKILL (128 + 9)");
        }

        // Restarted: every acknowledged score is there, in the gradebook and on the page.
        using (var gradebook = course.Gradebook())
        {
            foreach (var item in items)
            {
                gradebook.Scores.ManualScores(item.Task.Id, item.Item.Id)["frank"].Should().Match<Grader.Semester.ManualScoreEntry>(
                    s => s.Points == item.Item.Points && s.Tutor == "ana" && s.Comment == $"full marks for {item.Item.Id}", item.Title);
            }
        }

        using (var server = await ServerProcess.StartAsync(course.CoursePath))
        {
            using var tutor = new TutorClient(server.Url);
            await tutor.SignInAsync(course.Tokens["ben"]);
            var page = await tutor.PageAsync(items[^1].Path);
            page.Should().Contain("1 of 6 scored");
            TutorClient.Section(page, "frank").Should().Contain($"<span class=\"score\">{Csv.Number(items[^1].Item.Points)}</span> by ana");
            var sheet = await tutor.PageAsync("/sheet/000");
            using var written = await tutor.PostAsync("/sheet/000/feedback", [(ServePages.TokenField, TutorClient.Token(sheet))]);
            written.StatusCode.Should().Be(HttpStatusCode.OK, await written.Content.ReadAsStringAsync());
            server.Kill();
        }

        // One grade: the export reads the app's scores.
        await Ok("semester", "export", "--course", course.CoursePath, "--out", export);
        var auto = GradebookCsv.Parse(File.ReadAllText(Path.Combine(course.Run, "gradebook.csv")));
        var autoTotal = double.Parse(auto.Single(r => r[0] == "frank")[auto[0].ToList().IndexOf("auto total")], CultureInfo.InvariantCulture);
        var manual = CommonOptions.Catalog.TasksOf("000").Sum(t => t.ManualPoints);
        Cell("frank").Should().BeApproximately(autoTotal + manual, 1e-4, "frank's automatic points plus every manual item in full, no late penalty");
        Cell("alice").Should().Be(double.NaN, "alice has only some items scored");
        var feedback = File.ReadAllText(Path.Combine(course.Run, "students", "frank", "feedback.md"));
        feedback.Should().Contain($"**{PointsText.Shown(Cell("frank"))} / ", "the feedback the app wrote again leads with the same total");
        feedback.Should().Contain("full marks for answer", "and carries the app's comments");
    }
}
