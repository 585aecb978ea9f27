namespace Grader.Demo;

/// <summary>A mistake on the command line or in the environment the user can fix: one message, exit code 1.</summary>
public sealed class DemoUsageException(string message) : Exception(message);
