namespace Grader.Remote.Values;

/// <summary>
/// A value this side was asked to send cannot cross (larger than the channel's caps, a string past its length cap, a
/// shape that is no shape, a null where none may be, a list that throws while it is read). Nothing was sent: the
/// channel still works. A call's arguments that cannot cross throw it to the caller; an answer that cannot cross
/// is sent as a <see cref="FrameKind.Throw"/> instead.
/// </summary>
public sealed class WireValueException : Exception
{
    public WireValueException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
