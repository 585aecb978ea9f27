using System.Net;
using Grader.Semester;
using Grader.Web;
using Grader.Web.Tests.Serve;

namespace Grader.Web.Tests.Courses;

/// <summary>
/// Issue 80, item 3: a regroup under a running <c>grader serve</c> (the course file edited: dan of g2 and gus of g3
/// swapped, so g2 and g3 each span both tutorials) is taken up at the next request, without a restart: the desk's course
/// has the new groups, the audit list says so, and the run's files are written again from the new derivation (dan has
/// g3's grade, gus g2's). A broken course file (a group above <c>group-size</c>) keeps the one in use and the tutors'
/// home page says why; the tutor's explicit "Reload the course file" of the mended file takes it up, logged with the
/// tutor's name. The server runs on a copy of the course file; the one the run was graded with is never edited.
/// </summary>
public sealed partial class GroupCourseEndToEndTests
{
    [Test]
    [Order(30)]
    public async Task A_course_file_changed_under_a_running_server_is_taken_up_and_a_broken_one_kept_out_with_why()
    {
        // Served from a copy beside it (the same gradebook, semester.db): the run keeps the file it was graded with, whose
        // SHA-256 its run.json names (RunCourse), as the course loop's regroup does; the copy is the one edited.
        var original = File.ReadAllText(_course);
        var served = Path.Combine(_scratch.Root, "served.toml");
        File.WriteAllText(served, original);
        try
        {
            using var desk = new GradingDesk(CourseFile.Load(served, CommonOptions.Catalog), CommonOptions.Catalog);
            desk.Course.Gradebook.Should().Be(CourseFile.Load(_course, CommonOptions.Catalog).Gradebook, "the copy names the same gradebook");
            var (app, tom, _) = await SignedIn(desk);
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
        }
        finally
        {
            File.Delete(served);
        }
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
