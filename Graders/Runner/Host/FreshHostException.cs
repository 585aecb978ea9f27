namespace Grader.Runner.Host;

/// <summary>
/// A fresh host of a training check (<see cref="RemoteCheckRunner"/>, <see cref="Grader.Checks.Checking.CheckContext.Fresh"/>)
/// could not be started or could not load the hand-in: the check that asked for it ends with this reason as an error
/// verdict, never with the first host standing in for it.
/// </summary>
public sealed class FreshHostException(string message) : Exception(message);
