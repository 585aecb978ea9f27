namespace Grader.Grading.Files;

/// <summary>A mistake in what the user asked for (a path, an option's value): the command prints the message and exits with <c>ExitCodes.UsageError</c>.</summary>
public sealed class UsageException(string message) : Exception(message);
