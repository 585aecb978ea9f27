namespace Grader.Checks.Handins;

/// <summary>
/// A hand-in folder that can't be read as one: missing, empty, or a mutant whose base can't be found. The message is
/// one sentence a user can act on; callers show it and exit non-zero, never a stack trace.
/// </summary>
public sealed class HandinSourceException : Exception
{
    public HandinSourceException(string message)
        : base(message)
    {
    }

    public HandinSourceException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
