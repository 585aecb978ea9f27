namespace Grader.Remote.Channel;

/// <summary>
/// The host of a remote hand-in is gone or broke the channel's rules (it was killed at a time limit, it crashed, it
/// wrote something that is not a valid message). Every call on that host's objects throws it from then on; the grader
/// turns the check that was running into a failure with the real reason (see <see cref="RemoteCheckRunner"/>).
/// </summary>
public sealed class RemoteHostException : Exception
{
    public RemoteHostException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
