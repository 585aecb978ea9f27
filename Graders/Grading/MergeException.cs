namespace Grader.Grading;

/// <summary>The folders given to <c>grader merge</c> cannot be joined; the message says why.</summary>
public sealed class MergeException(string message) : Exception(message);
