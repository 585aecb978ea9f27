namespace Grader.Checks.Courses;

/// <summary>What a problem of a course file is about (<see cref="CourseProblem"/>).</summary>
public enum CourseProblemKind
{
    /// <summary>The file is not TOML (Tomlyn's parse error).</summary>
    Syntax,

    /// <summary>A field is missing, unknown, or of the wrong type or range.</summary>
    Field,

    /// <summary>A task id no exercise pack binds, or one given twice.</summary>
    UnknownTask,

    /// <summary>Points that do not add up: a task's auto and manual shares, a sheet's tasks and its total.</summary>
    Points,

    /// <summary>A manual item without rubric levels, or levels above its points or out of order.</summary>
    Rubric,

    /// <summary>A deadline before the time of the run (only <c>grader course check</c> looks: grading runs after deadlines).</summary>
    PastDeadline,

    /// <summary>A student listed twice, or an extension for someone or something the course does not have.</summary>
    Student,

    /// <summary>A group or tutorial that cannot be used: a bad id, empty, too large, a member who is not a student, a student in two groups of one sheet or two tutorials (the tutor side's CourseGroupRules, Graders/Grading/Courses).</summary>
    Group,
}
