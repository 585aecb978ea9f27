using System.Net;
using Grader.Semester;
using Grader.Web;
using Grader.Web.Tests.Serve;
using static Grader.Cli.Tests.Support.SemesterCommands;

namespace Grader.Web.Tests.Courses;

/// <summary>
/// Issue 80, item 3: a regroup under a running <c>grader serve</c> (the course file edited: dan of g2 and gus of g3
/// swapped, so g2 and g3 each span both tutorials) is taken up at the next request, without a restart: the desk's course
/// has the new groups, the audit list says so, and the run's files are written again from the new derivation (dan has
/// g3's grade, gus g2's). A broken course file (a group above <c>group-size</c>) keeps the one in use and the tutors'
/// home page says why; the tutor's explicit "Reload the course file" of the mended file takes it up, logged with the
/// tutor's name. Stop 90: all of it in the very course file the run was graded with (the one file a Heidelberg tutor
/// has), since a run pins the file's catalog part, not its bytes (<see cref="Grader.Grading.RunCourse"/>): after the
/// regroup the released pages and every output show dan g3's grade and <c>semester record</c> and <c>semester totals</c>
/// take the file; the mended file (a comment line more than as graded) is accepted too; an item's points moved in it is refused
/// by <c>semester record</c>, naming the item's section. The file as graded is written back at the end.
/// </summary>
public sealed partial class GroupCourseEndToEndTests
{
    [Test]
    [Order(30)]
    public async Task A_course_file_changed_under_a_running_server_is_taken_up_and_a_broken_one_kept_out_with_why()
    {
        // Served from the file the run was graded with, the one edited: the run pins its catalog part, not its bytes.
        var original = File.ReadAllText(_course);
        var served = _course;
        try
        {
            using var desk = new GradingDesk(CourseFile.Load(served, CommonOptions.Catalog), CommonOptions.Catalog);
            using (var gradebook = CourseGradebook.Open(desk.Course.Gradebook))
            {
                gradebook.Releases.Release("000", "regroup-test");
            }

            var (app, tom, url) = await SignedIn(desk);
            await using var _ = app;
            using var ___ = tom;
            var before = await AgreedTotals(desk);
            before["dan"].Should().Be(before["eve"]);
            before["gus"].Should().Be(before["hal"]);
            before["dan"].Should().NotBe(before["gus"], "g2's mutant loses points g3's correct code has");

            // The regroup: dan and gus swapped (each group keeps its size; g2 and g3 now span mon and tue).
            var swapped = original.Replace("members = [\"dan\", \"eve\", \"fay\"]", "members = [\"gus\", \"eve\", \"fay\"]", StringComparison.Ordinal)
                .Replace("members = [\"gus\", \"hal\"]", "members = [\"dan\", \"hal\"]", StringComparison.Ordinal);
            swapped.Split('\n').Zip(original.Split('\n')).Count(l => l.First != l.Second).Should().Be(2, "only the two groups' members change");
            File.WriteAllText(served, swapped);
            (await tom.PageAsync("/")).Should().NotContain("course-problem", "the edited file is a good course");
            desk.Roster("000")!.GroupOf("dan")!.Id.Should().Be("g3", "the next request took the new groups up, no restart");
            var after = await AgreedTotals(desk);
            after["dan"].Should().Be(before["gus"], "dan now has g3's grade in the run's files");
            after["gus"].Should().Be(before["dan"], "and gus g2's");
            var model = await EveryOutputAgrees(desk, url, "a regroup in the graded course file");
            model["dan"].Handin.Should().Be("g3");
            model["dan"].After.Should().Be(model["hal"].After, "dan's released page shows his new group's grade");
            await Recorded(served, "the regrouped file");
            desk.Locked(g => g.Audit.ServeAudit("000")).Should().Contain(e => e.Action == AuditLog.CourseReloadedAction && e.Actor == DeskCourse.OnDisk, "the change is in the sheet's audit list");

            // A broken course file: g1 above group-size. The one in use stays; the home page says why.
            File.WriteAllText(served, swapped.Replace("members = [\"ada\", \"bob\", \"cy\"]", "members = [\"ada\", \"bob\", \"cy\", \"ivy\"]", StringComparison.Ordinal));
            var home = await tom.PageAsync("/");
            home.Should().Contain("id=\"course-problem\"").And.Contain("the one read before is still in use");
            var problem = home[home.IndexOf("id=\"course-problem\"", StringComparison.Ordinal)..];
            problem = problem[..problem.IndexOf("</p>", StringComparison.Ordinal)];
            Named.Where(n => Names(problem, n)).Should().BeEmpty($"the problem names no student or group while tom's names are hidden: {problem}");
            problem.Should().Contain(":", "it says where (file, line, column)");
            desk.Roster("000")!.GroupOf("dan")!.Id.Should().Be("g3", "the broken file is not taken up");
            desk.Roster("000")!.GroupOf("ivy").Should().BeNull();
            (await AgreedTotals(desk)).Should().Equal(after, "the outputs stay what the course in use derives");

            // Mended (the original groups) as a copy that keeps its time would be, padded to the refused file's length: the
            // server cannot tell it changed, so the problem stays until the explicit reload, which takes it up, logged.
            var broken = new FileInfo(served);
            var pad = (int)broken.Length - System.Text.Encoding.UTF8.GetByteCount(original) - 1;
            pad.Should().BePositive("the refused file is longer than the original");
            var mended = original + new string('#', pad) + "\n";
            System.Text.Encoding.UTF8.GetByteCount(mended).Should().Be((int)broken.Length);
            var time = broken.LastWriteTimeUtc;
            File.WriteAllText(served, mended);
            File.SetLastWriteTimeUtc(served, time);
            var page = await tom.PageAsync("/");
            page.Should().Contain("id=\"course-problem\"", "the same time and length: not seen as changed").And.Contain("Reload the course file");
            desk.Roster("000")!.GroupOf("dan")!.Id.Should().Be("g3");
            (await tom.PostAsync(ServePages.ReloadPath, [(ServePages.TokenField, TutorClient.Token(page))])).StatusCode.Should().Be(HttpStatusCode.Redirect);
            (await tom.PageAsync("/")).Should().NotContain("course-problem");
            desk.Roster("000")!.GroupOf("dan")!.Id.Should().Be("g2");
            (await AgreedTotals(desk)).Should().Equal(before, "back to the groups it had, every output with it");
            desk.Locked(g => g.Audit.ServeAudit("000")).Should().Contain(e => e.Action == AuditLog.CourseReloadedAction && e.Actor == "tom" && e.Detail.StartsWith("taken up", StringComparison.Ordinal),
                "the tutor's reload took it up, logged");
            await Recorded(served, "the file with a comment line more than as graded");

            // Half a point of 1 (a) moved from its checks to its noise-scatter item (a good course, taken up): refused, naming the item.
            File.WriteAllText(served, PointsMoved(mended));
            (await tom.PageAsync("/")).Should().NotContain("course-problem", "the edited file is a good course");
            var (code, _, error) = await Run("semester", "record", _run, "--course", served);
            code.Should().Be(ExitCodes.UsageError, error);
            error.Should().Contain("whose catalog part for sheet 000 has been edited since: [[sheet.task]] 000/1a/train-and-sample was edited; "
                + "[[sheet.task.manual]] noise-scatter of task 000/1a/train-and-sample was edited.").And.NotContain("   at ");
            desk.Items("000").Single(i => i.Item.Id == "noise-scatter").Item.Points.Should().Be(0.5, "a running server keeps the catalog it read at its start (a change there needs a restart)");
        }
        finally
        {
            File.WriteAllText(served, original);
        }
    }

    /// <summary>
    /// <c>semester record</c> of the run with <paramref name="course"/> takes the file (the run, recorded by the set-up,
    /// is then refused by the gradebook as already recorded, nothing else), and <c>semester totals</c> reads the run with it.
    /// </summary>
    private async Task Recorded(string course, string what)
    {
        var (_, _, error) = await Run("semester", "record", _run, "--course", course);
        error.Should().Contain("is already recorded as run", $"semester record takes {what}: the run gets past its course file").And.NotContain("edited since");
        await Ok("semester", "totals", "--course", course);
    }

    /// <summary><paramref name="text"/> with half a point of 1 (a) moved from its checks to its noise-scatter item (and the item's full-marks level).</summary>
    private static string PointsMoved(string text)
    {
        const string Before = "points = 2\nauto = 1\n\n[[sheet.task.manual]]\nid = \"noise-scatter\"\npoints = 0.5\n[[sheet.task.manual.level]]\npoints = 0.5\n";
        text.Should().Contain(Before);
        return text.Replace(Before, "points = 2\nauto = 0.5\n\n[[sheet.task.manual]]\nid = \"noise-scatter\"\npoints = 1\n[[sheet.task.manual.level]]\npoints = 1\n", StringComparison.Ordinal);
    }

    /// <summary>Each student's total once the desk's writes are done, as gradebook.csv has it, checked against the derivation of the desk's course.</summary>
    private async Task<Dictionary<string, string>> AgreedTotals(GradingDesk desk)
    {
        await desk.Files.Written();
        var rows = GradebookCsv.Rows(Path.Combine(_run, "gradebook.csv")).ToDictionary(r => r["student"], r => r["total"]);
        using var gradebook = CourseGradebook.Open(desk.Course.Gradebook);
        foreach (var t in gradebook.Grades.Totals(desk.Course, CommonOptions.Catalog))
        {
            double.Parse(rows[t.Student], CultureInfo.InvariantCulture).Should().BeApproximately(t.Sheets.Single(s => s.Sheet == "000").After, 1e-4, $"gradebook.csv's {t.Student} row is the derivation's");
        }

        return rows;
    }
}
