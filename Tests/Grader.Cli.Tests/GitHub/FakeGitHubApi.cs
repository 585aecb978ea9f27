using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Grader.Cli.Tests.GitHub;

/// <summary>
/// A local stand-in for GitHub's REST API: an HTTP listener on 127.0.0.1 that records every request (method, path,
/// headers, body) and answers each with <see cref="Answer"/>'s status code.
/// </summary>
internal sealed class FakeGitHubApi : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public FakeGitHubApi()
    {
        int port = FreePort();
        Address = new Uri($"http://127.0.0.1:{port}/api/v3/");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>The API's base address (as GITHUB_API_URL gives it on GitHub Enterprise).</summary>
    public Uri Address { get; }

    /// <summary>The status code every request gets.</summary>
    public HttpStatusCode Answer { get; set; } = HttpStatusCode.Created;

    /// <summary>What was received, in order.</summary>
    public List<(string Method, string Path, string? Authorization, string? Accept, string? ApiVersion, string Body)> Requests { get; } = [];

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // the listener was closed under a pending GetContextAsync
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            lock (Requests)
            {
                Requests.Add((context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"],
                    context.Request.Headers["Accept"], context.Request.Headers["X-GitHub-Api-Version"], body));
            }

            context.Response.StatusCode = (int)Answer;
            var reply = Encoding.UTF8.GetBytes(Answer == HttpStatusCode.Created ? "{\"state\":\"ok\"}" : "{\"message\":\"Bad credentials\"}");
            await context.Response.OutputStream.WriteAsync(reply);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
