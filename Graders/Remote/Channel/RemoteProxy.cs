namespace Grader.Remote.Channel;

/// <summary>
/// The stand-in for an object on the other side of a <see cref="RemoteChannel"/>, created per contract interface by
/// <see cref="DispatchProxy"/>: every call of an interface method is sent as a call on the object's handle, waits for
/// its answer (serving any callbacks that arrive meanwhile) and returns the value or throws the exception that came back.
/// </summary>
public class RemoteProxy : DispatchProxy
{
    private RemoteChannel? _channel;

    /// <summary>The channel the object lives behind.</summary>
    public RemoteChannel Channel => _channel ?? throw new InvalidOperationException("the proxy is not bound to a channel");

    /// <summary>The object's handle on the other side.</summary>
    public int Handle { get; private set; }

    /// <summary>The contract interface the proxy implements.</summary>
    public Type Interface { get; private set; } = typeof(object);

    /// <summary>A proxy implementing <paramref name="contract"/> for object <paramref name="handle"/> behind <paramref name="channel"/>.</summary>
    public static object Create(RemoteChannel channel, int handle, Type contract)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(contract);
        var proxy = (RemoteProxy)DispatchProxy.Create(contract, typeof(RemoteProxy));
        proxy._channel = channel;
        proxy.Handle = handle;
        proxy.Interface = contract;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        return Channel.Invoke(Handle, Interface, targetMethod, args ?? []);
    }
}
