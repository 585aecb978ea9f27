using System.IO.Pipes;
using Grader.Remote.Channel;
using Grader.Remote.Values;

namespace Grader.Runner.Tests.Support;

/// <summary>
/// Both ends of a <see cref="RemoteChannel"/> in this process, over two anonymous pipes: <see cref="Grader"/> asks,
/// <see cref="Host"/> serves on a thread of its own with <paramref name="resolver"/> as its hand-in and reports its
/// backward passes and runs the calls asked to run without grad so, as the real host does. When the host side stops
/// serving (its channel broke, or it threw), it closes its end of the pipe as the real host's exit does, so a call
/// waiting on the grader side fails with <see cref="RemoteHostException"/> instead of waiting for ever.
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
            catch (Exception e)
            {
                // The grader side went away, or the host side broke: then the grader side's call must fail, not wait.
                TestContext.Progress.WriteLine($"test host: stopped serving: {e.GetType().Name}: {e.Message}");
            }
            finally
            {
                // As the real host, whose process ends with its channel: the grader side reads the end of its stream.
                _toGrader.Dispose();
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
