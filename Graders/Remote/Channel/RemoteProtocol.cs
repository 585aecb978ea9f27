namespace Grader.Remote.Channel;

/// <summary>
/// The binary channel between the grader, which runs the checks, and the host process, which holds only the hand-in
/// (<c>grader-host</c>). Both directions carry frames: a 32-bit little-endian length, then that many bytes, the first
/// of which is a <see cref="FrameKind"/>. Values are typed by the contract method's signature, never by the frame
/// (<see cref="Values.WireType"/>): tensors are a rank, the dimensions and float32 little-endian data; numbers are
/// fixed-width; objects are handles. Everything either side reads is checked against the caps below and the declared
/// types, and a frame that breaks a rule breaks the channel (<see cref="RemoteHostException"/>): the host exits.
/// </summary>
public static class RemoteProtocol
{
    /// <summary>The largest frame either side accepts (a [5000, 2] tensor is 40 kB; the largest grading trajectory a few MB).</summary>
    public const int MaxFrameBytes = 64 * 1024 * 1024;

    /// <summary>The largest tensor rank on the channel.</summary>
    public const int MaxRank = 8;

    /// <summary>The longest string (a message, a type or method name) in UTF-8 bytes; longer ones are a protocol violation.</summary>
    public const int MaxStringBytes = 64 * 1024;

    /// <summary>The most objects (tensors, strings, lists, records, handles) one frame may make its reader build; numbers inside lists are bounded by the frame's bytes.</summary>
    public const int MaxValues = 1 << 16;

    /// <summary>How deep a contract's types may nest (a list of records of tuples of tensors is 4); checked when a type is described.</summary>
    public const int MaxNesting = 8;

    /// <summary>The deepest nesting of calls and callbacks (a hand-in calling a callback calling the hand-in …).</summary>
    public const int MaxDepth = 64;
}
