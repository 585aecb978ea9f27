using Grader.Checks.Courses;
using System.Text.RegularExpressions;

namespace Grader.Grading.Courses;

/// <summary>
/// The rules a course's groups and tutorials obey, wherever they were written (the course file's tables, or the LMS group
/// export a course names), each broken rule one <see cref="CourseProblem"/> at the place it was written: a group id that
/// cannot name a hand-in, an id given twice, an empty group, one larger than the course's limit, a member who is not a
/// student of the course, a student in two groups of one sheet or in two tutorials, and (a warning) a tutorial no tutor covers.
/// </summary>
public static partial class CourseGroupRules
{
    /// <summary>The most names a group may list, whatever <c>group-size</c> says: a bound on what a file can make the grader hold.</summary>
    public const int MaxGroupSize = 50;

    /// <summary>What a group or tutorial id may be: ASCII letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 characters (a folder, zip or repository name; no spreadsheet formula, no format character).</summary>
    public static bool IsId(string id) => IdPattern().IsMatch(id);

    /// <summary>The rule <see cref="IsId"/> checks, in words.</summary>
    public const string IdRule = "an id is 1 to 64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit";

    /// <summary>The problems of <paramref name="groups"/> against the course's <paramref name="students"/> (null when the course lists none, e.g. a students-file).</summary>
    /// <param name="groups">Every group with where it was written.</param>
    /// <param name="students">The course's students; null to skip the membership check.</param>
    /// <param name="groupSize">The course's limit on a group's members; null for none.</param>
    /// <param name="studentKey">The key under which two names are one student.</param>
    public static IReadOnlyList<CourseProblem> Groups(IReadOnlyList<Located<CourseGroup>> groups, IReadOnlyList<string>? students, int? groupSize, Func<string, string> studentKey)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(studentKey);
        var problems = new List<CourseProblem>();
        var known = students?.Select(studentKey).ToHashSet(StringComparer.Ordinal);
        foreach (var scope in groups.GroupBy(g => g.Value.Sheet ?? "", StringComparer.Ordinal))
        {
            var where = scope.Key.Length == 0 ? "the semester's groups" : $"the groups of sheet {scope.Key}";
            var ids = new Dictionary<string, Located<CourseGroup>>(StringComparer.OrdinalIgnoreCase);
            var memberOf = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var located in scope)
            {
                var group = located.Value;
                if (!IsId(group.Id))
                {
                    problems.Add(located.Problem(CourseProblemKind.Group, $"the group id \"{Shown(group.Id)}\" cannot name a hand-in: {IdRule}."));
                }
                else if (!ids.TryAdd(group.Id, located))
                {
                    problems.Add(located.Problem(CourseProblemKind.Group, $"the group \"{group.Id}\" is given twice in {where}."));
                }

                if (known is not null && known.Contains(studentKey(group.Id)))
                {
                    problems.Add(located.Problem(CourseProblemKind.Group, $"the group id \"{group.Id}\" is also a student's name; a hand-in named so would be ambiguous. Rename the group."));
                }

                if (group.Members.Count == 0)
                {
                    problems.Add(located.Problem(CourseProblemKind.Group, $"the group \"{Shown(group.Id)}\" has no members."));
                }
                else if (group.Members.Count > (groupSize ?? MaxGroupSize))
                {
                    problems.Add(located.Problem(CourseProblemKind.Group, groupSize is { } size
                        ? $"the group \"{Shown(group.Id)}\" has {group.Members.Count} members; the course's groups have at most {size} (group-size)."
                        : $"the group \"{Shown(group.Id)}\" has {group.Members.Count} members; a group has at most {MaxGroupSize}."));
                    if (group.Members.Count > MaxGroupSize)
                    {
                        continue; // a bound on what a file can make the grader hold; a group above group-size has its members checked too
                    }
                }

                for (int i = 0; i < group.Members.Count; i++)
                {
                    var member = group.Members[i];
                    var at = located.Part(i);
                    if (known is not null && !known.Contains(studentKey(member)))
                    {
                        problems.Add(at.Problem(CourseProblemKind.Group, $"the group \"{Shown(group.Id)}\" names \"{Shown(member)}\", who is not one of the course's students."));
                    }
                    else if (memberOf.TryGetValue(studentKey(member), out var other))
                    {
                        problems.Add(at.Problem(CourseProblemKind.Group, other == group.Id
                            ? $"the group \"{Shown(group.Id)}\" names \"{Shown(member)}\" twice."
                            : $"\"{Shown(member)}\" is in two of {where}: \"{Shown(other)}\" and \"{Shown(group.Id)}\"; a student hands in with one group."));
                    }
                    else
                    {
                        memberOf[studentKey(member)] = group.Id;
                    }
                }
            }
        }

        return problems;
    }

    /// <summary>The problems of <paramref name="tutorials"/>, and (<paramref name="warnings"/>) each tutorial no tutor covers.</summary>
    public static IReadOnlyList<CourseProblem> Tutorials(IReadOnlyList<Located<CourseTutorial>> tutorials, IReadOnlyList<string>? students, Func<string, string> studentKey, List<CourseProblem> warnings)
    {
        ArgumentNullException.ThrowIfNull(tutorials);
        ArgumentNullException.ThrowIfNull(studentKey);
        ArgumentNullException.ThrowIfNull(warnings);
        var problems = new List<CourseProblem>();
        var known = students?.Select(studentKey).ToHashSet(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var tutorialOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var located in tutorials)
        {
            var tutorial = located.Value;
            if (!IsId(tutorial.Id))
            {
                problems.Add(located.Problem(CourseProblemKind.Group, $"the tutorial id \"{Shown(tutorial.Id)}\" is not usable: {IdRule}."));
            }
            else if (!ids.Add(tutorial.Id))
            {
                problems.Add(located.Problem(CourseProblemKind.Group, $"the tutorial \"{tutorial.Id}\" is given twice."));
            }

            if (tutorial.Tutors.Count == 0)
            {
                warnings.Add(located.Problem(CourseProblemKind.Group, $"no tutor covers the tutorial \"{Shown(tutorial.Id)}\" (tutors = [] ); its hand-ins are first on no tutor's page."));
            }

            for (int i = 0; i < tutorial.Students.Count; i++)
            {
                var student = tutorial.Students[i];
                var at = located.Part(i);
                if (known is not null && !known.Contains(studentKey(student)))
                {
                    problems.Add(at.Problem(CourseProblemKind.Group, $"the tutorial \"{Shown(tutorial.Id)}\" names \"{Shown(student)}\", who is not one of the course's students."));
                }
                else if (!tutorialOf.TryAdd(studentKey(student), tutorial.Id))
                {
                    problems.Add(at.Problem(CourseProblemKind.Group, $"\"{Shown(student)}\" is in two tutorials: \"{Shown(tutorialOf[studentKey(student)])}\" and \"{Shown(tutorial.Id)}\"."));
                }
            }
        }

        return problems;
    }

    /// <summary>
    /// The problems of the groups' tutorials: a declared <c>tutorial</c> the course does not have; and (a warning, in
    /// <paramref name="warnings"/>) each group whose members sit in more than one tutorial without one declared, saying
    /// which tutorial grades it (<see cref="CourseSemester.TutorialOfGroup"/>: the majority, a tie to the first listed).
    /// </summary>
    public static IReadOnlyList<CourseProblem> GroupTutorials(IReadOnlyList<Located<CourseGroup>> groups, CourseSemester semester, Func<string, string> studentKey, List<CourseProblem> warnings)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(semester);
        ArgumentNullException.ThrowIfNull(studentKey);
        ArgumentNullException.ThrowIfNull(warnings);
        var problems = new List<CourseProblem>();
        foreach (var located in groups)
        {
            var group = located.Value;
            if (group.Tutorial is { } declared)
            {
                if (!semester.Tutorials.Any(t => string.Equals(t.Id, declared, StringComparison.Ordinal)))
                {
                    problems.Add(located.Problem(CourseProblemKind.Group, semester.Tutorials.Count == 0
                        ? $"the group \"{Shown(group.Id)}\" names the tutorial \"{Shown(declared)}\", but the course has no [[semester.tutorial]]."
                        : $"the group \"{Shown(group.Id)}\" names the tutorial \"{Shown(declared)}\", which is not one of the course's ({string.Join(", ", semester.Tutorials.Select(t => Shown(t.Id)))})."));
                }

                continue;
            }

            var counts = semester.MemberTutorials(group, studentKey);
            if (counts.Count > 1)
            {
                var chosen = counts[0];
                var tie = counts[1].Members == chosen.Members;
                warnings.Add(located.Problem(CourseProblemKind.Group,
                    $"the group \"{Shown(group.Id)}\" has members in {string.Join(" and ", counts.Select(c => $"{Shown(c.Tutorial)} ({c.Members})"))}: its hand-in is graded in {Shown(chosen.Tutorial)}, " +
                    (tie ? "the first of the tied tutorials the course lists" : "where most of its members are") +
                    $"; write tutorial = \"…\" in its table to choose."));
            }
        }

        return problems;
    }

    /// <summary>A name from a file, shown in a message: control and format characters as \u escapes, cut at 80 characters.</summary>
    public static string Shown(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = new System.Text.StringBuilder();
        foreach (var c in name.Length > 80 ? name[..80] : name)
        {
            var category = char.GetUnicodeCategory(c);
            if (char.IsControl(c) || category is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator
                or System.Globalization.UnicodeCategory.Surrogate or System.Globalization.UnicodeCategory.OtherNotAssigned or System.Globalization.UnicodeCategory.PrivateUse)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                text.Append(c);
            }
        }

        return name.Length > 80 ? text.Append('…').ToString() : text.ToString();
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
