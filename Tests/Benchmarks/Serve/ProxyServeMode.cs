using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Grader.Semester;
using Grader.Web;
using Grader.Web.Students;

namespace Grader.Benchmarks.Serve;

/// <summary>
/// <c>proxy-serve [--students N] [--seconds S] [--connections C] [--slow K] [--rounds R]</c> (issue 81): the students'
/// pages of <c>grader serve</c> through Debian's nginx with TLS, as <c>docs/deploy.md</c> sets it up, beside the same
/// load straight to Kestrel, in one run. The course is <see cref="StudentServeMode"/>'s (N students, default 500; sheet
/// 000 recorded and released). Each phase: <c>wrk</c> (C connections, default 16, for S seconds, default 20) loads
/// <c>/me/sheet/000</c> with the N students' session cookies in turn, while two tutors open the grading page and score
/// one answer after another for the whole phase and K slow clients (default 10) each hold a connection sending a sign-in form 8 bytes every
/// half second (reconnecting when cut off). The phases alternate R times (default 2): Kestrel, nginx, Kestrel, nginx.
/// Prints per phase the students' pages per second and their p50/p95/p99/max (wrk's latency: from the request's first
/// byte sent to the response's last byte read), answers that were not 200, the tutors' scores and grading page, and the
/// slow clients' reconnects. Needs wrk, nginx and openssl (Debian: <c>apt-get install wrk nginx ssl-cert</c>); loopback
/// only.
/// </summary>
public static partial class ProxyServeMode
{
    private const string Sheet = "000";

    public static int Run(string[] args)
    {
        var missing = new[] { "/usr/bin/wrk", "/usr/sbin/nginx", "/usr/bin/openssl" }.Where(p => !File.Exists(p)).ToArray();
        if (missing.Length > 0)
        {
            Console.Error.WriteLine($"proxy-serve needs {string.Join(", ", missing)} (Debian: apt-get install wrk nginx ssl-cert).");
            return 2;
        }

        int students = ServeBench.Option(args, "--students", 500);
        int seconds = ServeBench.Option(args, "--seconds", 20);
        int connections = ServeBench.Option(args, "--connections", 16);
        int slow = ServeBench.Option(args, "--slow", 10);
        int rounds = ServeBench.Option(args, "--rounds", 2);
        return ServeBench.InScratch("proxy-serve", root => Measure(root, students, seconds, connections, slow, rounds));
    }

    private static async Task<int> Measure(string root, int count, int seconds, int connections, int slowClients, int rounds)
    {
        var (course, _, names, tutorTokens, studentTokens) = StudentServeMode.Prepare(root, count);
        int port = ServeBench.FreePort();
        var options = new ServeOptions
        {
            TrustedProxies = [ServeOptions.Proxy("127.0.0.1", out _)!.Value],
            PublicUrl = new Uri($"https://127.0.0.1:{port}/"),
        };
        using var desk = new GradingDesk(course, Grader.Cli.Commands.CommonOptions.Catalog);
        var item = desk.Items(Sheet).First();
        // Two servers on the one desk: behind nginx (its address trusted, the public side HTTPS, so plain HTTP is
        // refused) and straight (as `grader serve` answers with neither option).
        var behind = Grader.Web.App.ServeApp.Build(desk, ["http://127.0.0.1:0"], options);
        var straight = Grader.Web.App.ServeApp.Build(desk, ["http://127.0.0.1:0"], ServeOptions.Direct);
        await behind.StartAsync();
        await straight.StartAsync();
        using var nginx = await Nginx.StartAsync(Path.Combine(root, "nginx"), port, TutorServer.Addresses(behind).Single());
        try
        {
            var kestrel = new Uri(TutorServer.Addresses(straight).Single());
            var proxy = new Uri(nginx.Url);

            // Every student signs in once on each side; wrk and the tutors send the cookies as a header.
            var sides = new Dictionary<Uri, (string Script, string[] Cookies, string[] Tutors)>();
            foreach (var (side, name) in new[] { (kestrel, "kestrel"), (proxy, "nginx") })
            {
                var cookies = new string[count];
                await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (s, _) =>
                    cookies[s] = await SignIn(side, StudentRoutes.SignInPath, studentTokens[names[s]]));
                var file = Path.Combine(root, $"cookies-{name}.txt");
                File.WriteAllText(file, string.Join('\n', cookies) + "\n");
                File.WriteAllText(Path.Combine(root, $"students-{name}.lua"), WrkScript(file));
                sides[side] = (Path.Combine(root, $"students-{name}.lua"), cookies, [await SignIn(side, "/signin", tutorTokens[0]), await SignIn(side, "/signin", tutorTokens[1])]);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"proxy-serve: {count} students signed in; {Environment.ProcessorCount} cores ({ServeBench.Cpu()}); nginx {NginxVersion()}; wrk -c{connections} -d{seconds}s; {slowClients} slow clients; load {ServeBench.Load()}"));
            Console.WriteLine("| phase | pages/s | p50 ms | p95 ms | p99 ms | max ms | not 200 | tutors' scores (median post ms) | grading page median ms | slow clients' reconnects | load after |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
            var failed = false;
            var next = 0;
            for (int round = 0; round < rounds; round++)
            {
                foreach (var (name, target) in new[] { ("Kestrel", kestrel), ("nginx + TLS", proxy) })
                {
                    var phase = await Phase(target, target.Port, target == proxy, sides[target].Script, sides[target].Tutors, item.Path, names, next % names.Length & ~1, seconds, connections, slowClients);
                    next += 2 * 40;
                    failed |= phase.NotOk > 0 || phase.Failures.Count > 0;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {name} {round + 1} | {phase.PerSecond:0} | {phase.P50:0.0} | {phase.P95:0.0} | {phase.P99:0.0} | {phase.Max:0} | {phase.NotOk} | {phase.Scores} ({ServeBench.Percentile(phase.Posts, 50):0.0}) | {ServeBench.Percentile(phase.Opens, 50):0.0} | {phase.Reconnects} | {ServeBench.Load()} |"));
                    foreach (var failure in phase.Failures.Take(5))
                    {
                        Console.WriteLine("failed: " + failure);
                    }
                }
            }

            // The pages are the students' own: a few checked by name on both sides.
            foreach (var s in new[] { 0, count / 2, count - 1 })
            {
                foreach (var target in new[] { kestrel, proxy })
                {
                    using var client = Client(target, sides[target].Cookies[s]);
                    var page = await client.GetStringAsync(StudentPages.SheetPath(Sheet));
                    if (!page.Contains($"· {names[s]}</h1>", StringComparison.Ordinal))
                    {
                        Console.WriteLine($"failed: {names[s]}'s page through {target} is not hers");
                        failed = true;
                    }
                }
            }

            return failed ? 1 : 0;
        }
        finally
        {
            foreach (var app in new[] { behind, straight })
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
    }

    private sealed record PhaseResult(double PerSecond, double P50, double P95, double P99, double Max, long NotOk, int Scores,
        ConcurrentBag<double> Posts, ConcurrentBag<double> Opens, int Reconnects, ConcurrentBag<string> Failures);

    /// <summary>One phase against <paramref name="target"/>: the slow clients and the tutors start, wrk runs, both stop.</summary>
    private static async Task<PhaseResult> Phase(Uri target, int port, bool tls, string script, string[] tutorCookies, string itemPath, string[] names, int first,
        int seconds, int connections, int slowClients)
    {
        using var stop = new CancellationTokenSource();
        var reconnects = 0;
        var slow = Enumerable.Range(0, slowClients).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await SlowSignIn(port, tls, stop.Token);
                if (!stop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref reconnects);
                }
            }
        })).ToArray();
        var posts = new ConcurrentBag<double>();
        var opens = new ConcurrentBag<double>();
        var failures = new ConcurrentBag<string>();
        var scoredStudents = new ConcurrentBag<string>();
        using var ana = Client(target, tutorCookies[0]);
        using var ben = Client(target, tutorCookies[1]);
        // The two tutors score for the whole phase: every second student from `first` on, from the list's start again at its end.
        async Task<int> Tutor(HttpClient tutor, int from)
        {
            var scored = 0;
            for (var start = from; !stop.IsCancellationRequested; start = from % 2)
            {
                scored += await StudentServeMode.Score(tutor, itemPath, names, start, 2, int.MaxValue, stop.Token, opens, posts, scoredStudents, failures);
            }

            return scored;
        }

        var tutors = Task.WhenAll(Tutor(ana, first), Tutor(ben, first + 1));
        await Task.Delay(TimeSpan.FromSeconds(1)); // the slow clients hold their connections before the load starts
        var (code, output, error) = await RunWrk(["-t2", $"-c{connections}", $"-d{seconds}s", "--timeout", "10s", "-s", script, target.GetLeftPart(UriPartial.Authority) + StudentPages.SheetPath(Sheet)]);
        await stop.CancelAsync();
        var scores = (await tutors).Sum();
        await Task.WhenAll(slow);
        var result = WrkResult().Match(output);
        if (code != 0 || !result.Success)
        {
            failures.Add($"wrk ended with {code}: {output} {error}");
            return new PhaseResult(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0, scores, posts, opens, reconnects, failures);
        }

        double Ms(string group) => double.Parse(result.Groups[group].Value, CultureInfo.InvariantCulture) / 1000;
        var requests = long.Parse(result.Groups["requests"].Value, CultureInfo.InvariantCulture);
        var notOk = long.Parse(result.Groups["status"].Value, CultureInfo.InvariantCulture) + long.Parse(result.Groups["errors"].Value, CultureInfo.InvariantCulture);
        return new PhaseResult(requests / (double.Parse(result.Groups["us"].Value, CultureInfo.InvariantCulture) / 1e6), Ms("p50"), Ms("p95"), Ms("p99"), Ms("max"),
            notOk, scores, posts, opens, reconnects, failures);
    }

    /// <summary>wrk's script: each request a student's page with the next student's cookie; at the end the percentiles in µs.</summary>
    private static string WrkScript(string cookies) => $$"""
        local cookies = {}
        for line in io.lines("{{cookies}}") do cookies[#cookies + 1] = line end
        local next = 0
        init = function(args) next = math.random(#cookies) end
        request = function()
          next = next % #cookies + 1
          return wrk.format("GET", nil, { ["Cookie"] = cookies[next] })
        end
        done = function(summary, latency, requests)
          local e = summary.errors
          io.write(string.format("RESULT requests=%d us=%d p50=%d p95=%d p99=%d max=%d status=%d errors=%d\n",
            summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
            e.status, e.connect + e.read + e.write + e.timeout))
        end
        """;

    /// <summary>Signs in at <paramref name="path"/> (over nginx's TLS) and answers the Cookie header the session needs: the session and the anti-forgery cookie.</summary>
    private static async Task<string> SignIn(Uri url, string path, string token)
    {
        var jar = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler
        {
            CookieContainer = jar,
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
        }) { BaseAddress = url };
        var form = await client.GetStringAsync(path);
        using var response = await client.PostAsync(path, new FormUrlEncodedContent([KeyValuePair.Create(ServePages.TokenField, ServeBench.Token(form)), KeyValuePair.Create("token", token)]));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"sign-in at {path} failed: {response.StatusCode}");
        }

        return string.Join("; ", jar.GetCookies(url).Select(c => $"{c.Name}={c.Value}"));
    }

    /// <summary>A client that sends <paramref name="cookies"/> as its Cookie header to either side (Secure cookies over plain HTTP to Kestrel too).</summary>
    private static HttpClient Client(Uri url, string cookies)
    {
        var client = new HttpClient(new HttpClientHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
        }) { BaseAddress = url };
        client.DefaultRequestHeaders.Add("Cookie", cookies);
        return client;
    }

    /// <summary>A sign-in form sent 8 bytes every half second until the server cuts it off or <paramref name="stop"/>.</summary>
    private static async Task SlowSignIn(int port, bool tls, CancellationToken stop)
    {
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, port, stop);
            Stream stream = tcp.GetStream();
            if (tls)
            {
                var secure = new SslStream(stream, false, (_, _, _, _) => true);
                await secure.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, stop);
                stream = secure;
            }

            await using var _ = stream;
            const int length = 100_000;
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"POST {StudentRoutes.SignInPath} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {length}\r\n\r\ntoken="), stop);
            for (int sent = 6; sent < length; sent += 8)
            {
                await stream.WriteAsync("aaaaaaaa"u8.ToArray(), stop);
                await stream.FlushAsync(stop);
                await Task.Delay(500, stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
            // cut off by the server: the caller reconnects
        }
        catch (SocketException)
        {
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunWrk(string[] arguments)
    {
        var start = new ProcessStartInfo("wrk", arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    private static string NginxVersion()
    {
        var start = new ProcessStartInfo("/usr/sbin/nginx", ["-v"]) { UseShellExecute = false, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var text = process.StandardError.ReadToEnd().Trim();
        process.WaitForExit();
        return text.Replace("nginx version: ", "", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"RESULT requests=(?<requests>\d+) us=(?<us>\d+) p50=(?<p50>\d+) p95=(?<p95>\d+) p99=(?<p99>\d+) max=(?<max>\d+) status=(?<status>\d+) errors=(?<errors>\d+)")]
    private static partial Regex WrkResult();
}
