using System.Net;
using Grader.Semester;
using Grader.Web.Students;
using Grader.Web.Tests.Serve;

namespace Grader.Web.Tests.Courses;

/// <summary>A check's plots and image grids on a group member's sheet page (issue 82): the group's, never another group's.</summary>
public sealed partial class GroupCourseEndToEndTests
{
    [Test]
    [Order(7)]
    public async Task A_member_sees_the_plots_and_image_grids_of_the_groups_hand_in_and_never_another_groups()
    {
        var (file, desk, _) = Desk();
        using var __ = desk;
        StudentFiguresTests.AddPlots(_run, _course, () => CourseGradebook.Open(file.Gradebook),
            ("g1", "Samples of the first group over the data", "g1-series", null), ("g2", "Samples of the second group over the data", "g2-series", null));
        var tokens = new[] { "bob", "dan" }.ToDictionary(s => s, _ => TutorToken.New());
        using (var gradebook = CourseGradebook.Open(file.Gradebook))
        {
            if (!gradebook.Releases.Releases().ContainsKey("000"))
            {
                gradebook.Releases.Release("000", "test");
            }

            gradebook.Releases.SetStudentTokens(tokens.Select(t => (t.Key, TutorToken.Hash(t.Value))).ToArray(), "test");
        }

        var (app, tom, url) = await SignedIn(desk);
        await using var _ = app;
        using var ___ = tom;
        foreach (var (member, own, other) in new[] { ("bob", "g1", "g2"), ("dan", "g2", "g1") })
        {
            using var student = new TutorClient(url);
            var form = await student.PageAsync(StudentRoutes.SignInPath);
            (await student.PostAsync(StudentRoutes.SignInPath, [(ServePages.TokenField, TutorClient.Token(form)), ("token", tokens[member])])).StatusCode.Should().Be(HttpStatusCode.Redirect);
            var page = await student.PageAsync(StudentPages.SheetPath("000"));
            page.Should().Contain($"<img src=\"{StudentPages.SheetPath("000")}/figure/0\"", $"{member}'s page shows the plot of {own}, their group's hand-in").And.NotContain("/figure/1\"");
            var svg = await student.PageAsync(StudentPages.SheetPath("000") + "/figure/0");
            svg.Should().Contain($"{own}-series").And.NotContain($"{other}-series", $"{member} never sees {other}'s plot");
            using var none = await student.GetAsync(StudentPages.SheetPath("000") + "/figure/1");
            none.StatusCode.Should().Be(HttpStatusCode.NotFound);
            page.Should().Contain($"<img src=\"{StudentPages.SheetPath("000")}/images/0\"", $"{member}'s page shows the image grid of {own}").And.NotContain("/images/1\"");
            var grid = await student.PageAsync(StudentPages.SheetPath("000") + "/images/0");
            grid.Should().Contain($"{own}-series").And.NotContain($"{other}-series", $"{member} never sees {other}'s image grid");
            using var noGrid = await student.GetAsync(StudentPages.SheetPath("000") + "/images/1");
            noGrid.StatusCode.Should().Be(HttpStatusCode.NotFound);
        }
    }
}
