using System.IO.Pipes;
using Grader.Remote.Channel;
using Grader.Remote.Values;

namespace Grader.Cli.Tests.Remote;

/// <summary>
/// Both ends of a <see cref="RemoteChannel"/> in this process, over two anonymous pipes: <see cref="Grader"/> asks,
/// <see cref="Host"/> serves on a thread of its own with <paramref name="resolver"/> as its hand-in and reports its
/// backward passes and runs the calls asked to run without grad so, as the real host does.
/// </summary>
internal sealed class ChannelPair : IDisposable
{
    private readonly AnonymousPipeServerStream _toHost = new(PipeDirection.Out);
    private readonly AnonymousPipeServerStream _toGrader = new(PipeDirection.Out);
    private readonly Thread _serving;

    public ChannelPair(Func<Type, object?> resolver, Func<Exception, string?>? locate = null, ContractSet? contracts = null)
    {
        var hostIn = new AnonymousPipeClientStream(PipeDirection.In, _toHost.ClientSafePipeHandle);
        var graderIn = new AnonymousPipeClientStream(PipeDirection.In, _toGrader.ClientSafePipeHandle);
        Host = new RemoteChannel(hostIn, _toGrader, locate, contracts) { Resolver = resolver, ReportsBackwardPasses = true, RunsNoGradCalls = true };
        Grader = new RemoteChannel(graderIn, _toHost, null, contracts);
        _serving = new Thread(() =>
        {
            try
            {
                Host.Serve();
            }
            catch (RemoteHostException)
            {
                // The grader side went away.
            }
        })
        { IsBackground = true, Name = "test host" };
        _serving.Start();
    }

    public RemoteChannel Grader { get; }

    public RemoteChannel Host { get; }

    /// <summary>The hand-in's object for <typeparamref name="T"/> through the channel.</summary>
    public T Resolve<T>() where T : class =>
        (T)(Grader.Resolve(typeof(T), (message, inner) => new InvalidOperationException(message, inner)) ?? throw new InvalidOperationException("missing"));

    public void Dispose()
    {
        _toHost.Dispose();
        _serving.Join(TimeSpan.FromSeconds(5));
        _toGrader.Dispose();
    }
}
