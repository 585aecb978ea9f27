namespace Grader.Cli.Commands;

/// <summary>A mistake in what the user asked for (a path, an option's value): the command prints the message and exits with <see cref="ExitCodes.UsageError"/>.</summary>
public sealed class UsageException(string message) : Exception(message);
