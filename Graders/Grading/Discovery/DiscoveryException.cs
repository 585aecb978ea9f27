namespace Grader.Grading.Discovery;

/// <summary>
/// The folder of hand-ins as a whole can't be used: it is missing, is a file, is empty or can't be read. The message is
/// one sentence a tutor can act on; the command shows it as a usage error, never a stack trace. Problems with single
/// hand-ins are not exceptions: they are listed in <see cref="DiscoveryResult.Problems"/>.
/// </summary>
public sealed class DiscoveryException : Exception
{
    public DiscoveryException(string message)
        : base(message)
    {
    }

    public DiscoveryException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
