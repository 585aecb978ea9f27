using Grader.Checks.Catalog;
using Tomlyn.Model;

namespace Grader.Checks.Courses;

/// <summary>
/// The tutor's reader of a course file's semester: <c>[semester]</c> (students, groups, tutorials, extensions, the late
/// policy) and each sheet's <c>[[sheet.group]]</c>. The model lives on the tutor's side (Graders/Grading/Courses), never in
/// this student-shipped assembly; <see cref="CourseToml.Read"/> calls it in the same reading, so its problems, located,
/// join the file's (<c>grader course check</c> lists every problem of the whole file at once).
/// </summary>
public interface ICourseSemesterReader
{
    /// <summary>Reads the semester of <paramref name="root"/>, noting its problems and warnings in <paramref name="tables"/>.</summary>
    /// <param name="tables">The file's tables with their places, and its problems so far.</param>
    /// <param name="root">The file's root table.</param>
    /// <param name="sheetTables">The <c>[[sheet]]</c> tables, in file order.</param>
    /// <param name="sheets">The sheets as read, in file order.</param>
    void Read(CourseTables tables, TomlTable root, IReadOnlyList<TomlTable> sheetTables, IReadOnlyList<Sheet> sheets);
}
