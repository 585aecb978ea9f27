using System.Net;

namespace Grader.Benchmarks.Serve;

/// <summary>
/// Debian's nginx in front of the benchmark's server: the server block of <c>docs/deploy.md</c> (TLS, the timeouts, the
/// forwarding headers) on 127.0.0.1, a self-signed EC certificate from openssl, one process (no daemon, no master) with
/// its prefix, pid and logs in <c>folder</c>; stopped on dispose.
/// </summary>
internal sealed class Nginx : IDisposable
{
    private readonly Process _process;

    private Nginx(Process process, int port)
    {
        _process = process;
        Url = $"https://127.0.0.1:{port}";
    }

    /// <summary>The public address: https on 127.0.0.1.</summary>
    public string Url { get; }

    public static async Task<Nginx> StartAsync(string folder, int port, string upstream)
    {
        Directory.CreateDirectory(folder);
        Run("/usr/bin/openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
            "-keyout", Path.Combine(folder, "key.pem"), "-out", Path.Combine(folder, "cert.pem")]);
        File.WriteAllText(Path.Combine(folder, "nginx.conf"), $$"""
            daemon off;
            master_process off;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path {{folder}};
                proxy_temp_path {{folder}};
                fastcgi_temp_path {{folder}};
                uwsgi_temp_path {{folder}};
                scgi_temp_path {{folder}};
                server {
                    listen 127.0.0.1:{{port}} ssl;
                    server_name localhost;
                    ssl_certificate {{folder}}/cert.pem;
                    ssl_certificate_key {{folder}}/key.pem;
                    ssl_protocols TLSv1.2 TLSv1.3;
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
        var process = Process.Start(new ProcessStartInfo("/usr/sbin/nginx", ["-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-e", Path.Combine(folder, "error.log")])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var nginx = new Nginx(process, port);
        using var client = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator });
        for (int i = 0; i < 300 && !process.HasExited; i++)
        {
            try
            {
                using var health = await client.GetAsync($"{nginx.Url}/healthz");
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return nginx;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        nginx.Dispose();
        throw new InvalidOperationException($"nginx did not answer within 30 s: {File.ReadAllText(Path.Combine(folder, "error.log"))}");
    }

    private static void Run(string program, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed: {error.Result}");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
