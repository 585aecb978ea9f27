namespace Grader.Grading.Tests.Support;

/// <summary>
/// A course handed in by groups (issue 68), the part of its course file the grading room's and grader serve's tests share:
/// the semester's nine students in groups and tutorials, and the TOML of a list of groups.
/// </summary>
internal static class GroupCourse
{
    /// <summary>Nine students, groups g1–g3 (ivy in none), tutorials mon (tom) and tue (tina).</summary>
    public static readonly string Semester = """

        [semester]
        students = ["ada", "bob", "cy", "dan", "eve", "fay", "gus", "hal", "ivy"]
        group-size = 3
        admission = 0.5

        """ + Groups("semester.group", ("g1", ["ada", "bob", "cy"]), ("g2", ["dan", "eve", "fay"]), ("g3", ["gus", "hal"])) + """
        [[semester.tutorial]]
        id = "mon"
        tutors = ["tom"]
        students = ["ada", "bob", "cy", "dan", "eve", "fay"]

        [[semester.tutorial]]
        id = "tue"
        tutors = ["tina"]
        students = ["gus", "hal", "ivy"]

        """;

    /// <summary>The TOML tables <c>[[<paramref name="table"/>]]</c> of <paramref name="groups"/>.</summary>
    public static string Groups(string table, params (string Id, string[] Members)[] groups) =>
        string.Concat(groups.Select(g => $"[[{table}]]\nid = \"{g.Id}\"\nmembers = [{string.Join(", ", g.Members.Select(m => $"\"{m}\""))}]\n\n"));
}
