using Grader.Semester;
using Grader.Web;
using Grader.Web.Students;

namespace Grader.Cli.Tests.Support;

/// <summary>
/// The per-student path of the semester's totals (<see cref="SemesterGrades.Totals(CourseFile, CourseCatalog, string)"/>,
/// what every student page of <c>grader serve</c> reads) against the whole course's (<c>semester totals</c>, the LMS
/// export): the same row for every student, compared as every figure of it (every sheet's report with each check and item, late outcome and
/// maximum); a name that is no student of the course (a group's id, a stranger) has none. With
/// <paramref name="released"/>, the sheets are released one by one and a student's page totals
/// (<see cref="StudentDesk.Totals"/>) are their whole-course row cut to the released sheets.
/// </summary>
internal static class PerStudentTotals
{
    public static void ShouldMatchWholeCourse(string courseFile, params string[] released)
    {
        var course = CourseFile.Load(courseFile, CommonOptions.Catalog);
        IReadOnlyList<StudentTotals> whole;
        using (var gradebook = CourseGradebook.Open(course.Gradebook))
        {
            whole = gradebook.Grades.Totals(course, CommonOptions.Catalog);
            whole.Should().NotBeEmpty();
            foreach (var row in whole)
            {
                var one = gradebook.Grades.Totals(course, CommonOptions.Catalog, row.Student);
                one.Should().NotBeNull(row.Student);
                Json(one!).Should().Be(Json(row), $"{row.Student}'s own totals are their row of the whole course's");
            }

            var groups = course.Semester?.Groups.Select(g => g.Id) ?? [];
            foreach (var stranger in groups.Append("no-such-student"))
            {
                gradebook.Grades.Totals(course, CommonOptions.Catalog, stranger).Should().BeNull($"'{stranger}' is no student of the course");
            }

            foreach (var sheet in released)
            {
                gradebook.Releases.Release(sheet, "test");
            }
        }

        if (released.Length == 0)
        {
            return;
        }

        using var desk = new GradingDesk(course, CommonOptions.Catalog);
        var students = new StudentDesk(desk);
        foreach (var row in whole)
        {
            var page = students.Totals(row.Student);
            page.Should().NotBeNull();
            page!.Sheets.Select(s => s.Sheet).Should().Equal(released, "only released sheets are shown");
            Json(page).Should().Be(Json(row with { Sheets = row.Sheets.Where(s => released.Contains(s.Sheet)).ToArray() }), row.Student);
        }
    }

    /// <summary>Every figure of a student's semester that a page, a CSV or a feedback prints, one line per sheet.</summary>
    private static string Json(StudentTotals totals) =>
        string.Join('\n', totals.Sheets.Select(s => $"{s.Sheet} graded {s.Graded} max {s.Max} after {s.After} before {s.Before} late {s.Late} ({s.Late.Describe()}) " + (s.Report is { } r ? Report(r) : "no hand-in"))
            .Prepend($"{totals.Student} total {totals.Total} max {totals.Max} needed {totals.Needed} admitted {totals.Admitted}"));

    private static string Report(HandinReport r) =>
        $"{r.Student} {r.Status} {r.ContentHash} auto {r.AutoTotal} manual {r.ManualTotal} pending {r.ManualPending} total {r.Total} comments {r.Comments.Count} | "
        + string.Join(" | ", r.Tasks.Select(t => $"{t.Task.Id} {t.Score}/{t.MaxAuto} {t.Total} "
            + string.Join(",", t.Checks.Select(c => $"{c.CheckId}:{c.Result.Outcome}:{c.Result.Message}")) + " "
            + string.Join(",", t.Items.Select(i => $"{i.Item.Id}={i.Points}:{i.Comment}"))));
}
