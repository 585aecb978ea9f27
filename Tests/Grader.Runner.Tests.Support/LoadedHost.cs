using Grader.Runner.Host;
using Grader.Remote.Channel;

namespace Grader.Runner.Tests.Support;

/// <summary>
/// A real host (<see cref="HostSession"/>, the test's own <see cref="HostCommandLine.Current"/>, default limits) that
/// has loaded one hand-in compiled here, as <c>grader grade</c> loads it before the first check; and the end a test
/// expects of a host it used: the channel never broke and the host exits 0 when closed.
/// </summary>
internal static class LoadedHost
{
    /// <summary>
    /// Compiles <paramref name="source"/> (failing the test with the compiler's errors) and loads it in a new host started
    /// by <paramref name="host"/> (the separate host of this installation unless named, e.g. <c>RemoteHostTests.HostLine</c>).
    /// </summary>
    public static async Task<HostSession> StartAsync(HandinSource source, WorkerCommandLine? host = null)
    {
        var emitted = HandinCompiler.Default.Emit(source);
        emitted.Image.Should().NotBeNull(string.Join("\n", emitted.Result.Errors));
        var session = await HostSession.StartAsync(host ?? HostCommandLine.Current, WorkerLimits.Default);
        session.Load(source.Name, emitted.Image!, emitted.Symbols);
        return session;
    }

    /// <summary>The channel is whole and the host, closed, exits 0 within 60 s, a wait that ends when it does (its log's tail in every failure).</summary>
    public static async Task ShouldCloseCleanlyAsync(this HostSession session)
    {
        session.Channel.Broken.Should().BeNull(session.LogTail());
        (await session.CloseAsync(TimeSpan.FromSeconds(60))).Should().Be(0, session.LogTail());
    }
}
