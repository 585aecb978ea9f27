namespace Grader.Semester;

/// <summary>A course file that cannot be used; the message names the file and what is wrong.</summary>
public sealed class CourseFileException(string message) : Exception(message);
