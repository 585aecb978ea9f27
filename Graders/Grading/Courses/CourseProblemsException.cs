namespace Grader.Grading.Courses;

/// <summary>A course file that cannot be used: its message is every problem, one "file:line:column: message" per line.</summary>
public sealed class CourseProblemsException(string message) : Exception(message);
