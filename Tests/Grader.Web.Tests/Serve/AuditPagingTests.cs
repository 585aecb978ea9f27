using Grader.Cli.Commands;
using Grader.Semester;
using Grader.Web;
using Grader.Web.Regrades;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// The audit list on a sheet's students page grows with every score: it is paged, newest first, <see cref="RegradeInbox.AuditPage"/>
/// entries a page, a "more" link to the older ones, none once the oldest is shown.
/// </summary>
public sealed partial class AuditPagingTests
{
    [Test]
    public void The_students_pages_audit_list_is_paged_newest_first_with_a_more_link_to_the_older_entries()
    {
        var root = Path.Combine(Path.GetTempPath(), $"grader-audit-paging-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            var path = new TestCourseFile("Paging", ["ann"], [("000", "2099-01-01T00:00Z")]) { Late = null }.WriteTo(Path.Combine(root, "course.toml"));
            var course = CourseFile.Load(path, CommonOptions.Catalog);
            const int Entries = RegradeInbox.AuditPage + 5;
            using (var gradebook = CourseGradebook.Open(course.Gradebook))
            {
                // Each reveal is one audit entry; the tutor's name numbers them, oldest first.
                for (int i = 0; i < Entries; i++)
                {
                    gradebook.Audit.RevealNames("000", $"tutor{i:000}", true);
                }

                gradebook.Audit.RevealNames("001", "other-sheet", true);
            }

            using var desk = new GradingDesk(course, CommonOptions.Catalog);
            var first = RegradeInbox.Page(desk, "000", "ann", "token");
            Tutors(first).Should().Equal(Enumerable.Range(0, Entries).Reverse().Take(RegradeInbox.AuditPage).Select(i => $"tutor{i:000}"), "the newest entries first, one page of them");
            var more = MoreLink().Match(first);
            more.Success.Should().BeTrue("older entries remain: the page links to them");
            var before = long.Parse(more.Groups[1].Value, CultureInfo.InvariantCulture);
            var second = RegradeInbox.Page(desk, "000", "ann", "token", null, before);
            Tutors(second).Should().Equal(Enumerable.Range(0, 5).Reverse().Select(i => $"tutor{i:000}"), "the older entries, down to the oldest, no other sheet's");
            MoreLink().IsMatch(second).Should().BeFalse("the oldest entry is shown: no more link");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string[] Tutors(string page) => AuditRow().Matches(page).Select(m => m.Groups[1].Value).ToArray();

    [GeneratedRegex("<tr><td>[^<]*</td><td>(tutor\\d+|other-sheet)</td>")]
    private static partial Regex AuditRow();

    [GeneratedRegex("href=\"/sheet/000/students\\?before=(\\d+)#audit\"")]
    private static partial Regex MoreLink();
}
