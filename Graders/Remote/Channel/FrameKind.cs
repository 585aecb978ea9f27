namespace Grader.Remote.Channel;

/// <summary>The first byte of every frame on a remote hand-in's channel (see <see cref="RemoteProtocol"/>).</summary>
public enum FrameKind : byte
{
    /// <summary>Grader → host, once: the hand-in's name, image and symbols.</summary>
    Load = 1,

    /// <summary>Host → grader, the answer to <see cref="Load"/>: which class binds each contract (no hand-in code runs).</summary>
    Loaded = 2,

    /// <summary>Grader → host: the hand-in's object for a contract (its constructor runs on first use).</summary>
    Resolve = 3,

    /// <summary>Host → grader, the answer to <see cref="Resolve"/>: a handle, "missing", or why the contract can't be used.</summary>
    Resolved = 4,

    /// <summary>Either way: call a method of an object the receiver exported (a hand-in object, or a callback of the check).</summary>
    Call = 5,

    /// <summary>Either way, the answer to the innermost <see cref="Call"/>: its result and the final state of its generators.</summary>
    Return = 6,

    /// <summary>Either way, the answer to the innermost <see cref="Call"/>: the exception it threw (type name, message, where).</summary>
    Throw = 7,

    /// <summary>
    /// Host → grader, before an answer (<see cref="Return"/>, <see cref="Throw"/>, <see cref="Resolved"/>) when the engine
    /// made backward passes on the host's serving thread since the last such frame: their number, their work (the
    /// multiply-adds of their matrix products) and the largest pass's work, three longs, which the grader adds to its
    /// calling thread's count (a training check's measure of the work a <c>Train</c> call did).
    /// </summary>
    BackwardPasses = 8,
}
