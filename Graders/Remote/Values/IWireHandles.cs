namespace Grader.Remote.Values;

/// <summary>How contract objects cross: the handle table of one end of a <see cref="RemoteChannel"/>.</summary>
internal interface IWireHandles
{
    /// <summary>The tag and handle <paramref name="value"/> is sent as: 1 and this side's export for an object of its own, 2 and the other side's handle for a proxy of one of its objects.</summary>
    (byte Tag, int Handle) Handle(object value);

    /// <summary>A proxy implementing <paramref name="contract"/> for the other side's object <paramref name="handle"/> (tag 1).</summary>
    object Proxy(int handle, Type contract);

    /// <summary>This side's own object <paramref name="handle"/>, coming home (tag 2); null for one it released since; one it never gave out, or of another type, breaks the rules.</summary>
    object? Own(int handle, Type contract);
}
