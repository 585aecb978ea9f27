using Grader.Grading.Discovery;

namespace Grader.Grading;

/// <summary>
/// Everything a grading run found, for the reporters: the assignment it graded, one outcome per hand-in (in student
/// order), the inputs that could not be graded, the manual scores and the run's settings.
/// </summary>
/// <param name="Assignment">The assignment the run graded (its tasks, points and maximum are all the reports show).</param>
/// <param name="Handins">One grade per student (<see cref="HandinGrade.Of"/>: verdicts, manual items, late outcome), ordered by student name (ordinal).</param>
/// <param name="Problems">Inputs that were refused or partly left out, each with its message.</param>
/// <param name="Manual">The tutor's manual scores the grades were built with (empty when none); the reports already hold them, this list is for <c>run.json</c> and the scores that matched nothing.</param>
/// <param name="Run">The run's settings and timing.</param>
public sealed record GradingSummary(
    Assignment Assignment,
    IReadOnlyList<HandinReport> Handins,
    IReadOnlyList<InputProblem> Problems,
    ManualGrades Manual,
    RunInfo Run)
{
    /// <summary>The written reports taken in by the run, one per graded hand-in (<see cref="Reports.ReportIntake"/>); null when the run did not take them in (a merge of shards, one hand-in's files).</summary>
    public IReadOnlyList<Reports.WrittenReport>? Reports { get; init; }

    /// <summary>Who handed in with whom, and the tutorials, for a group course (<see cref="Groups.GroupRoster"/>): the gradebooks then have one row per student; null for a course of individual hand-ins.</summary>
    public Groups.GroupRoster? Roster { get; init; }
}
