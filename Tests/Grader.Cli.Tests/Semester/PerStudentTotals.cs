using Grader.Cli.Semester;
using Grader.Cli.Serve;
using Grader.Cli.Serve.Students;

namespace Grader.Cli.Tests.Semester;

/// <summary>
/// The per-student path of the semester's totals (<see cref="SemesterGradebook.Totals(CourseFile, CourseCatalog, string)"/>,
/// what every student page of <c>grader serve</c> reads) against the whole course's (<c>semester totals</c>, the LMS
/// export): the same row for every student, compared as the grade's JSON (every sheet's report, late outcome and
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
        using (var gradebook = SemesterGradebook.Open(course.Gradebook))
        {
            whole = gradebook.Totals(course, CommonOptions.Catalog);
            whole.Should().NotBeEmpty();
            foreach (var row in whole)
            {
                var one = gradebook.Totals(course, CommonOptions.Catalog, row.Student);
                one.Should().NotBeNull(row.Student);
                Json(one!).Should().Be(Json(row), $"{row.Student}'s own totals are their row of the whole course's");
            }

            var groups = course.Semester?.Groups.Select(g => g.Id) ?? [];
            foreach (var stranger in groups.Append("no-such-student"))
            {
                gradebook.Totals(course, CommonOptions.Catalog, stranger).Should().BeNull($"'{stranger}' is no student of the course");
            }

            foreach (var sheet in released)
            {
                gradebook.Release(sheet, "test");
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

    private static string Json(StudentTotals totals) => System.Text.Json.JsonSerializer.Serialize(totals, WorkerProtocol.Json);
}
