namespace Grader.Grading.Courses;

/// <summary>
/// A tutorial (<c>[[semester.tutorial]]</c>): the students who attend it and the tutors who grade its hand-ins. It is the
/// LMS file's <c>Section</c> and what a tutor's pages of <c>grader serve</c> show first.
/// </summary>
/// <param name="Id">The tutorial's id, as the sheets number them ("tutorial numbers").</param>
/// <param name="Tutors">The tutors who cover it (their <c>grader serve</c> names); empty when none does yet.</param>
/// <param name="Students">Its students, as the course lists them.</param>
public sealed record CourseTutorial(string Id, IReadOnlyList<string> Tutors, IReadOnlyList<string> Students);
