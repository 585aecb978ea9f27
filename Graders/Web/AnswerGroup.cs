using Grader.Grading.Reports;

namespace Grader.Web;

/// <summary>
/// Students whose answers to one item are near-identical (<see cref="AnswerGroups"/>): shown once, scored together,
/// each student still listed. A student whose answer is pages, empty or missing is a group of one.
/// </summary>
/// <param name="Answer">The first student's answer (the one shown: the earliest hand-in, <see cref="AnswerGroups.Order"/>); null when that student's report has none for the item.</param>
/// <param name="Students">The students, earliest hand-in first.</param>
public sealed record AnswerGroup(ReportAnswer? Answer, IReadOnlyList<string> Students);
