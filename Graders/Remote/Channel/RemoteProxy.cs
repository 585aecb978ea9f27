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

    /// <summary>
    /// True for a proxy made by <see cref="InCallersGradMode{T}"/>: a call made while the calling thread is in
    /// <c>torch.no_grad()</c> runs under no_grad on the other side too.
    /// </summary>
    public bool FollowsGradMode { get; private set; }

    /// <summary>
    /// <paramref name="value"/> such that each call the caller makes on it while its thread is in <c>torch.no_grad()</c>
    /// runs in the host under no_grad too, as the same call runs in process: for an object whose results the grader only
    /// reads (a trained network it samples from and scores), so the host records no graph the grader cannot use (a
    /// tensor crosses as a copy, without its graph). Calls made with grad on run as before. An object that is not a
    /// proxy (a hand-in in process) is returned as it is: its calls already run in the caller's grad mode.
    /// </summary>
    public static T InCallersGradMode<T>(T value) where T : class
    {
        if (value is not RemoteProxy { FollowsGradMode: false } proxy)
        {
            return value;
        }

        var follows = (RemoteProxy)DispatchProxy.Create(proxy.Interface, typeof(RemoteProxy));
        follows._channel = proxy._channel;
        follows.Handle = proxy.Handle;
        follows.Interface = proxy.Interface;
        follows.FollowsGradMode = true;
        return (T)(object)follows;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        return Channel.Invoke(Handle, Interface, targetMethod, args ?? [], FollowsGradMode && !torch.is_grad_enabled());
    }
}
