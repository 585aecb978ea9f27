using System.Net;
using Grader.Semester;
using Grader.Web;
using Grader.Web.Tests.Serve;

namespace Grader.Web.Tests.Courses;

/// <summary>
/// Issue 80: a running <c>grader serve</c> says when the course file's catalog part (what decides the points) changed
/// since it started (<see cref="DeskCourse.CatalogChanged"/>): the tutors' home page says when and what, and a page
/// whose run cannot be rebuilt with the edit (the run pins the catalog it was graded with) says the same instead of
/// "Something went wrong". An edit of the semester part says nothing; the edit undone, the line is gone and every page
/// is back. The file as graded is written back at the end.
/// </summary>
public sealed partial class GroupCourseEndToEndTests
{
    [Test]
    [Order(31)]
    public async Task A_running_server_says_when_the_course_files_catalog_part_changed_since_it_started()
    {
        var original = File.ReadAllText(_course);
        try
        {
            var (_, desk, item) = Desk();
            using var __ = desk;
            var (app, tom, _) = await SignedIn(desk);
            await using var ___ = app;
            using var ____ = tom;
            (await tom.PageAsync("/")).Should().NotContain("course-catalog", "the file is the one the server started with");

            // The semester part edited (a comment and a later deadline): taken up, no line.
            File.WriteAllText(_course, "# a comment\n" + original.Replace("deadline = 2099-11-13T12:00:00+01:00", "deadline = 2099-11-14T12:00:00+01:00", StringComparison.Ordinal));
            (await tom.PageAsync("/")).Should().NotContain("course-catalog", "the semester part is read live");
            desk.Reloading.CatalogChanged.Should().BeNull();
            (await tom.PageAsync(item.Path)).Should().NotContain("course-catalog");

            // Half a point moved to the noise-scatter item: the home page says when and what.
            File.WriteAllText(_course, PointsMoved(original));
            var written = File.GetLastWriteTimeUtc(_course);
            var home = WebUtility.HtmlDecode(await tom.PageAsync("/"));
            home.Should().Contain("id=\"course-catalog\"")
                .And.Contain($"The course file changed at {written:yyyy-MM-dd HH:mm:ss} UTC in what decides the points ([[sheet.task]] 000/1a/train-and-sample was edited; [[sheet.task.manual]] noise-scatter of task 000/1a/train-and-sample was edited)")
                .And.Contain("restart grader serve");
            desk.Items("000").Single(i => i.Item.Id == "noise-scatter").Item.Points.Should().Be(0.5, "the server keeps the items it started with");

            // The grading page's run was graded with the file as it was: its page says why it cannot be shown, not "Something went wrong".
            using (var page = await tom.GetAsync(item.Path))
            {
                var text = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
                page.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
                text.Should().Contain("The course file changed at").And.NotContain("Something went wrong");
            }

            // Undone: no line, and the pages are back.
            File.WriteAllText(_course, original);
            (await tom.PageAsync("/")).Should().NotContain("course-catalog", "the catalog part is the one the server started with again");
            (await tom.PageAsync(item.Path)).Should().Contain("id=\"progress\"");
            await desk.Files.Written();
        }
        finally
        {
            File.WriteAllText(_course, original);
        }
    }
}
