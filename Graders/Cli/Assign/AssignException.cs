namespace Grader.Cli.Assign;

/// <summary>
/// A problem the user of <c>grader assign</c> can fix (no grader repository found, an output folder that is not
/// empty, a file the layout needs is missing). Its message is the one sentence the command prints.
/// </summary>
public sealed class AssignException(string message) : Exception(message);
