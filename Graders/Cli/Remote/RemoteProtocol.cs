namespace Grader.Cli.Remote;

/// <summary>
/// The binary channel between the grader, which runs the checks, and the host process, which holds only the hand-in
/// (<c>grader worker --host</c>). Both directions carry frames: a 32-bit little-endian length, then that many bytes,
/// the first of which is a <see cref="FrameKind"/>. Values are typed by the contract method's signature, never by the
/// frame (see <see cref="FrameWriter"/>, <see cref="FrameReader"/>): tensors are a rank, the dimensions and float32
/// little-endian data; numbers are fixed-width; objects are handles. Everything the grader reads is checked against
/// the caps below and the declared types, and a frame that breaks a rule ends the host (<see cref="RemoteHostException"/>).
/// </summary>
public static class RemoteProtocol
{
    /// <summary>The largest frame either side accepts (a [5000, 2] tensor is 40 kB; the largest grading trajectory a few MB).</summary>
    public const int MaxFrameBytes = 64 * 1024 * 1024;

    /// <summary>The largest tensor rank on the channel.</summary>
    public const int MaxRank = 8;

    /// <summary>The longest string (a message, a type or method name) in UTF-8 bytes; longer ones are a protocol violation.</summary>
    public const int MaxStringBytes = 64 * 1024;

    /// <summary>The deepest nesting of calls and callbacks (a hand-in calling a callback calling the hand-in …).</summary>
    public const int MaxDepth = 64;
}
