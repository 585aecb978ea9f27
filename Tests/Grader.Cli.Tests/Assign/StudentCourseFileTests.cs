using Grader.Checks.Courses;
using Grader.Checks.Hidden.Catalog;
using Grader.Cli.Assign;

namespace Grader.Cli.Tests.Assign;

/// <summary>
/// The course file a student repository receives (<see cref="StudentCourseFile"/>): the sheet's course only, read to the
/// same sheets, tasks, points and levels' points as the tutor's, and no rubric text in it — neither a level's text nor any
/// rubric's words anywhere in the file.
/// </summary>
[NonParallelizable]
public sealed class StudentCourseFileTests
{
    [TestCaseSource(typeof(CatalogSheets), nameof(CatalogSheets.Ids))]
    public void The_repository_holds_its_courses_file_with_points_and_without_rubric_texts(string sheet)
    {
        var tree = SharedAssignedTrees.For(sheet);
        var courses = tree.Files().Where(f => f.StartsWith(StudentCourseFile.Folder + "/", StringComparison.Ordinal)).ToList();
        var tutors = CourseCatalog.ShippedCourses.Single(c => c.Sheets.Any(s => s.Id == sheet));
        courses.Should().Equal(tutors.File);

        var text = tree.Read(tutors.File);
        var student = CourseToml.Read(text, tutors.File, CourseCatalog.Default.Packs, requireRubricTexts: false);
        student.Problems.Should().BeEmpty();
        student.Sheets.Should().Equal(tutors.Sheets);
        student.Tasks.Select(t => (t.Id, t.Points, t.AutoPoints, string.Join(" ", t.Manual.Select(m => $"{m.Id}:{m.Points}:{string.Join("/", m.Levels.Select(l => l.Points))}"))))
            .Should().Equal(tutors.Tasks.Select(t => (t.Id, t.Points, t.AutoPoints, string.Join(" ", t.Manual.Select(m => $"{m.Id}:{m.Points}:{string.Join("/", m.Levels.Select(l => l.Points))}")))));
        student.Tasks.SelectMany(t => t.Manual).Should().OnlyContain(m => m.Rubric == null && m.Levels.Count >= 2 && m.Levels.All(l => l.Text.Length == 0));

        // The file's text with TOML's line continuations undone and whitespace collapsed holds no rubric, nor the tutor's level texts.
        var flat = Flat(text.Replace("\\\n", " ", StringComparison.Ordinal));
        var rubrics = tutors.Tasks.SelectMany(t => t.Manual).SelectMany(m => m.Levels).Select(l => l.Text).Distinct().ToList();
        rubrics.Should().HaveCountGreaterThan(2, "the tutor's file has texts to leak");
        rubrics.Where(r => flat.Contains(Flat(r), StringComparison.Ordinal)).Should().BeEmpty();
        ManualRubrics.Texts.Values.Where(r => flat.Contains(Flat(r), StringComparison.Ordinal)).Should().BeEmpty();
    }

    [Test]
    public void The_tutors_file_holds_the_rubrics_the_search_looks_for()
    {
        var tutors = CourseCatalog.ShippedCourses.Single(c => c.Sheets.Any(s => s.Id == "003"));
        var flat = Flat(CourseCatalog.ShippedCourseText(tutors.File).Replace("\\\n", " ", StringComparison.Ordinal));
        flat.Should().Contain(Flat(ManualRubrics.Texts[("003/1.5/ode-complexity", "answer")]), "the control: unstripped, the search finds the rubric");
    }

    private static string Flat(string text) => Regex.Replace(text, @"\s+", " ").Trim();
}
