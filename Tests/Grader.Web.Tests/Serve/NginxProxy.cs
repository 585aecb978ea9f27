using System.Net;
using System.Net.Sockets;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// Debian's nginx as a test's TLS reverse proxy (issue 81): a self-signed certificate made by openssl, a prefix, site
/// file, pid and logs of its own in a temporary folder, one process (no daemon, no master) listening on 127.0.0.1 on a
/// free port, proxying to an upstream on loopback with the headers docs/deploy.md sets. Ignored without nginx or openssl
/// unless GRADER_REQUIRE_NGINX=1; killed and its folder deleted on dispose.
/// </summary>
internal sealed class NginxProxy : IDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private NginxProxy(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    /// <summary>The port nginx listens on (https://127.0.0.1:Port/).</summary>
    public int Port { get; }

    /// <summary>The public address: https on 127.0.0.1.</summary>
    public string Url => $"https://127.0.0.1:{Port}";

    /// <summary>nginx's path, or the test is ignored (fails when GRADER_REQUIRE_NGINX=1).</summary>
    public static string Require()
    {
        var nginx = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists);
        var openssl = new[] { "/usr/bin/openssl", "/bin/openssl" }.FirstOrDefault(File.Exists);
        if (nginx is not null && openssl is not null)
        {
            return nginx;
        }

        if (Environment.GetEnvironmentVariable("GRADER_REQUIRE_NGINX") == "1")
        {
            Assert.Fail("GRADER_REQUIRE_NGINX=1 but nginx or openssl is missing (Debian: apt-get install nginx ssl-cert).");
        }

        Assert.Ignore("nginx or openssl is not installed (Debian: apt-get install nginx ssl-cert); set GRADER_REQUIRE_NGINX=1 to make this a failure.");
        return "";
    }

    /// <summary>A free port on 127.0.0.1 (free when asked; nginx binds it next).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts nginx on <paramref name="port"/> in front of <paramref name="upstream"/> (http://127.0.0.1:N) and waits until it answers.</summary>
    public static async Task<NginxProxy> StartAsync(string nginx, int port, string upstream)
    {
        var folder = Directory.CreateTempSubdirectory("grader-nginx-").FullName;
        try
        {
            // An EC key: the certificate costs milliseconds, not an RSA key's search for primes.
            var (code, _, error) = await GraderCli.RunAsync(new ProcessStartInfo("openssl",
                ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                 "-keyout", Path.Combine(folder, "key.pem"), "-out", Path.Combine(folder, "cert.pem")])
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            code.Should().Be(0, $"openssl made the test's certificate: {error}");
            foreach (var temp in new[] { "body", "proxy", "fastcgi", "uwsgi", "scgi" })
            {
                Directory.CreateDirectory(Path.Combine(folder, temp));
            }

            File.WriteAllText(Path.Combine(folder, "nginx.conf"), $$"""
                daemon off;
                master_process off;
                pid {{folder}}/nginx.pid;
                error_log {{folder}}/error.log warn;
                events { worker_connections 128; }
                http {
                    access_log off;
                    client_body_temp_path {{folder}}/body;
                    proxy_temp_path {{folder}}/proxy;
                    fastcgi_temp_path {{folder}}/fastcgi;
                    uwsgi_temp_path {{folder}}/uwsgi;
                    scgi_temp_path {{folder}}/scgi;
                    server {
                        listen 127.0.0.1:{{port}} ssl;
                        server_name localhost;
                        ssl_certificate {{folder}}/cert.pem;
                        ssl_certificate_key {{folder}}/key.pem;
                        client_max_body_size 1m;
                        client_header_timeout 10s;
                        client_body_timeout 10s;
                        location / {
                            proxy_pass {{upstream}};
                            proxy_set_header Host $host;
                            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                            proxy_set_header X-Forwarded-Proto $scheme;
                            proxy_read_timeout 60s;
                        }
                    }
                }
                """);
            var start = new ProcessStartInfo(nginx, ["-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-e", Path.Combine(folder, "error.log")])
            {
                UseShellExecute = false,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            var process = Process.Start(start)!;
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            var proxy = new NginxProxy(process, folder, port);
            using var client = Client(IPAddress.Loopback);
            for (int i = 0; i < 300; i++)
            {
                if (process.HasExited)
                {
                    proxy.Dispose();
                    throw new AssertionException($"nginx ended at start ({process.ExitCode}): {proxy.ErrorLog()}");
                }

                try
                {
                    using var health = await client.GetAsync($"{proxy.Url}/healthz");
                    if (health.StatusCode == HttpStatusCode.OK)
                    {
                        return proxy;
                    }
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(100);
            }

            proxy.Dispose();
            throw new AssertionException($"nginx did not answer within 30 s: {proxy.ErrorLog()}");
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// An HTTPS client from <paramref name="source"/> (any 127.x.y.z: another client as nginx sees it) that accepts the
    /// test's self-signed certificate, keeps cookies and follows no redirect.
    /// </summary>
    public static HttpClient Client(IPAddress source, CookieContainer? cookies = null) =>
        new(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            CookieContainer = cookies ?? new CookieContainer(),
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            ConnectCallback = async (context, cancel) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancel);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>nginx's error log so far.</summary>
    public string ErrorLog()
    {
        var log = Path.Combine(_folder, "error.log");
        return File.Exists(log) ? File.ReadAllText(log) : "";
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.WaitForExit();
        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
