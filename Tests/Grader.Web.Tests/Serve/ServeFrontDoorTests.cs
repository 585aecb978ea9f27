using System.Net;
using System.Net.Sockets;
using System.Text;
using Grader.Semester;
using Grader.Web;
using Grader.Web.Students;
using static Grader.Cli.Tests.Support.SemesterCommands;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// <c>grader serve</c> in front of a class (issue 81), over HTTP in this process: behind a trusted proxy one client's wrong
/// tokens lock out nobody else (and a client not behind it cannot pick the address it is counted by); a session ends on
/// the server when it signs out (a cookie copied before is refused after) and when its token is reissued; an HTTPS public
/// address makes every cookie Secure and adds HSTS, and plain HTTP is told to use it; <see cref="TutorServer.HealthPath"/> answers without sign-in; clients
/// sending forms slowly, before and after signing in, hold no place a signed-in student's page needs. Through nginx with
/// TLS and chromium: ServeFrontDoorTests.Nginx.cs.
/// </summary>
[NonParallelizable]
public sealed partial class ServeFrontDoorTests : ServeCourseTests
{
    private static readonly ServeOptions BehindLoopbackProxy = new() { TrustedProxies = [ServeOptions.Proxy("127.0.0.1", out _)!.Value] };

    [Test]
    public async Task Behind_a_trusted_proxy_one_clients_wrong_tokens_lock_out_nobody_else_and_an_untrusted_client_picks_no_address()
    {
        var (app, desk, url) = await Course.StartAsync(BehindLoopbackProxy);
        await using (app)
        using (desk)
        {
            using var guesser = new TutorClient(url, forwardedFor: "198.51.100.1");
            for (int i = 0; i < TutorServer.SignInAttempts; i++)
            {
                using var wrong = await guesser.SignInAsync(TutorToken.New());
                wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized, $"wrong token {i + 1}");
            }

            using (var limited = await guesser.SignInAsync(TutorToken.New()))
            {
                limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "the guesser is past its own limit");
            }

            // Another client behind the same proxy: its own count, so its typo is a 401 and its token signs in.
            using var other = new TutorClient(url, forwardedFor: "198.51.100.2");
            using (var typo = await other.SignInAsync(TutorToken.New()))
            {
                typo.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "another client is counted by its own address, not the proxy's");
            }

            using (var right = await other.SignInAsync(Course.Tokens["ana"]))
            {
                right.StatusCode.Should().Be(HttpStatusCode.Redirect);
            }

            (await other.PageAsync("/")).Should().Contain("Signed in as <strong>ana</strong>");
            using (var own = await guesser.SignInAsync(Course.Tokens["ben"]))
            {
                own.StatusCode.Should().Be(HttpStatusCode.Redirect, "a right token signs in even from a client past its limit (a NAT's address is many students')");
            }
        }

        // No proxy trusted: a client's X-Forwarded-For is its own claim and counts for nothing, so changing it does not
        // give a guesser a fresh count.
        (app, desk, url) = await Course.StartAsync();
        await using (app)
        using (desk)
        {
            for (int i = 0; i < TutorServer.SignInAttempts; i++)
            {
                using var client = new TutorClient(url, forwardedFor: $"198.51.100.{10 + i}");
                using var wrong = await client.SignInAsync(TutorToken.New());
                wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized, $"wrong token {i + 1}");
            }

            using var fresh = new TutorClient(url, forwardedFor: "198.51.100.99");
            using var limited = await fresh.SignInAsync(TutorToken.New());
            limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "an untrusted X-Forwarded-For does not name the client");
        }
    }

    [Test]
    public async Task An_error_no_handler_expected_is_one_logged_line_and_a_plain_500_page()
    {
        var (app, desk, url) = await Course.StartAsync();
        await using (app)
        {
            using var ana = new TutorClient(url);
            (await ana.SignInAsync(Course.Tokens["ana"])).StatusCode.Should().Be(HttpStatusCode.Redirect);
            desk.Dispose(); // the gradebook's connection closed under the running app: every page that reads it fails
            var error = new StringWriter();
            var before = Console.Error;
            Console.SetError(error);
            try
            {
                using var response = await ana.GetAsync("/sheet/000/students");
                response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
                var body = await response.Content.ReadAsStringAsync();
                body.Should().Contain("Something went wrong").And.NotContain("Exception", "the client is told nothing of the server's insides");
            }
            finally
            {
                Console.SetError(before);
            }

            error.ToString().Should().MatchRegex(@"^grader serve: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ GET /sheet/000/students: System\.", "the operator's log has the request and the exception");
        }
    }

    [Test]
    public async Task The_frameworks_forwarded_headers_switch_trusts_no_client_the_operator_did_not_name()
    {
        // ASP.NET Core's ASPNETCORE_FORWARDEDHEADERS_ENABLED=true clears the known proxies and believes every client's
        // X-Forwarded-For: a guesser would pick a fresh address for each wrong token. Set in the server's environment
        // (as a container image or a service unit might), it changes nothing: only --trusted-proxy decides.
        using var server = await ServerProcess.StartAsync(Course.CoursePath, new Dictionary<string, string> { ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true" });
        for (int i = 0; i < TutorServer.SignInAttempts; i++)
        {
            using var client = new TutorClient(server.Url, forwardedFor: $"198.51.100.{20 + i}");
            using var wrong = await client.SignInAsync(TutorToken.New());
            wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized, $"wrong token {i + 1}");
        }

        using var fresh = new TutorClient(server.Url, forwardedFor: "198.51.100.98");
        using var limited = await fresh.SignInAsync(TutorToken.New());
        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "a forged X-Forwarded-For names no client, whatever the framework's switch says");
    }

    [Test]
    public async Task Signing_out_ends_the_session_on_the_server_and_a_reissued_students_token_ends_hers()
    {
        var tokens = await StudentTokensAsync("first.csv", "alice", "bob");
        var (app, desk, url) = await Course.StartAsync();
        await using var _ = app;
        using var __ = desk;

        // A tutor's cookie, copied before signing out, is refused after.
        using var ana = new TutorClient(url);
        (await ana.SignInAsync(Course.Tokens["ana"])).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var home = await ana.PageAsync("/");
        var copied = ana.Cookies.GetCookieHeader(new Uri(url));
        using (var before = await WithCookie(url, copied, "/"))
        {
            before.StatusCode.Should().Be(HttpStatusCode.OK, "the copy works while the session is open");
        }

        using (var signOut = await ana.PostAsync("/signout", [(ServePages.TokenField, TutorClient.Token(home))]))
        {
            signOut.StatusCode.Should().Be(HttpStatusCode.Redirect);
        }

        using (var after = await WithCookie(url, copied, "/"))
        {
            after.StatusCode.Should().Be(HttpStatusCode.Redirect, "the session ended on the server, whatever cookie a browser kept");
            after.Headers.Location!.OriginalString.Should().StartWith("/signin");
        }

        // A student's the same.
        using var alice = await StudentAsync(url, tokens["alice"]);
        var page = await alice.PageAsync(StudentRoutes.Home);
        var hers = alice.Cookies.GetCookieHeader(new Uri(url));
        using (var signOut = await alice.PostAsync(StudentRoutes.SignOutPath, [(ServePages.TokenField, TutorClient.Token(page))]))
        {
            signOut.StatusCode.Should().Be(HttpStatusCode.Redirect);
        }

        using (var after = await WithCookie(url, hers, StudentRoutes.Home))
        {
            after.StatusCode.Should().Be(HttpStatusCode.Redirect, "alice's copied cookie after she signed out");
            after.Headers.Location!.OriginalString.Should().Be(StudentRoutes.SignInPath);
        }

        // bob's token reissued (it leaked): his open session ends at its next request.
        using var bob = await StudentAsync(url, tokens["bob"]);
        (await bob.PageAsync(StudentRoutes.Home)).Should().Contain("bob");
        var reissued = await StudentTokensAsync("second.csv", "bob");
        using (var old = await bob.GetAsync(StudentRoutes.Home))
        {
            old.StatusCode.Should().Be(HttpStatusCode.Redirect, "bob's session of the old token");
            old.Headers.Location!.OriginalString.Should().Be(StudentRoutes.SignInPath);
        }

        using var again = await StudentAsync(url, reissued["bob"]);
        (await again.PageAsync(StudentRoutes.Home)).Should().Contain("bob");
    }

    [Test]
    public async Task An_https_public_address_makes_every_cookie_secure_and_adds_hsts_and_the_health_check_needs_no_sign_in()
    {
        foreach (var options in new[] { ServeOptions.Direct, BehindLoopbackProxy with { PublicUrl = ServeOptions.Public("https://grading.example.edu/", out _) } })
        {
            var (app, desk, url) = await Course.StartAsync(options);
            await using var _ = app;
            using var __ = desk;
            using var client = new TutorClient(url);
            using (var health = await client.GetAsync(TutorServer.HealthPath))
            {
                health.StatusCode.Should().Be(HttpStatusCode.OK);
                (await health.Content.ReadAsStringAsync()).Should().Be("ok\n");
                health.Headers.Contains("Set-Cookie").Should().BeFalse("the health check starts no session");
            }

            foreach (var path in new[] { "/signin", StudentRoutes.SignInPath })
            {
                using var fresh = new HttpClient { BaseAddress = new Uri(url) };
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Add("X-Forwarded-Proto", "https");
                using var signIn = await fresh.SendAsync(request);
                var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("grader-antiforgery", StringComparison.Ordinal));
                if (options.Https)
                {
                    cookie.Should().Contain("secure", $"{path}: the public side is HTTPS");
                    signIn.Headers.GetValues("Strict-Transport-Security").Single().Should().Be(ServeOptions.StrictTransportSecurity);
                    using var plain = await client.GetAsync(path);
                    plain.StatusCode.Should().Be(HttpStatusCode.BadRequest, "plain HTTP could keep no Secure cookie");
                    (await plain.Content.ReadAsStringAsync()).Should().Contain("https://grading.example.edu/").And.Contain("--trusted-proxy");
                }
                else
                {
                    cookie.Should().NotContain("secure", $"{path}: plain HTTP on loopback, as before");
                    signIn.Headers.Contains("Strict-Transport-Security").Should().BeFalse();
                }
            }
        }

        ServeOptions.Proxy("::1", out _).Should().NotBeNull();
        ServeOptions.Proxy("10.0.0.0/8", out _)!.Value.PrefixLength.Should().Be(8);
        foreach (var bad in new[] { "localhost", "10.0.0.0/40", "" })
        {
            ServeOptions.Proxy(bad, out var problem).Should().BeNull(bad);
            problem.Should().Contain("no address or network");
        }

        ServeOptions.Proxy("10.0.0.1/8", out var typo).Should().BeNull("a typo would trust a whole network");
        typo.Should().Contain("write the address alone (10.0.0.1) or the network (10.0.0.0/8)");

        foreach (var bad in new[] { "ftp://grading.example.edu/", "grading.example.edu", "https://grading.example.edu/?x=1", "https://user@grading.example.edu/" })
        {
            ServeOptions.Public(bad, out var problem).Should().BeNull(bad);
            problem.Should().Contain("https://grading.example.edu/");
        }

        var (code, _, error) = await SemesterCommands.Grader("serve", "--course", Course.CoursePath, "--trusted-proxy", "nginx.example");
        code.Should().Be(ExitCodes.UsageError);
        error.Should().Contain("--trusted-proxy: 'nginx.example' is no address or network").And.NotContain("   at ");
        (code, _, error) = await SemesterCommands.Grader("serve", "--course", Course.CoursePath, "--public-url", "javascript:alert(1)");
        code.Should().Be(ExitCodes.UsageError);
        error.Should().Contain("--public-url:").And.NotContain("   at ");
    }

    [Test]
    public async Task Clients_sending_forms_slowly_before_and_after_signing_in_hold_no_place_a_signed_in_students_page_needs()
    {
        var tokens = await StudentTokensAsync("slow.csv", "carol", "dave");
        using (var gradebook = Course.Gradebook())
        {
            gradebook.Releases.Release("000", "test", release: true);
        }

        var (app, desk, url) = await Course.StartAsync();
        await using var _ = app;
        using var __ = desk;
        var address = new Uri(url);
        using var carol = await StudentAsync(url, tokens["carol"]);
        using var dave = await StudentAsync(url, tokens["dave"]);
        var daves = await dave.PageAsync(StudentPages.SheetPath("000"));

        // As many anonymous sign-in forms and as many of dave's signed-in regrade forms as the students' gate has
        // places, each sent at 8 KiB/s (well above Kestrel's minimum rate, so none is cut off): before issue 81 the gate
        // was entered before the form was read, and these held every place for as long as they kept sending.
        using var stop = new CancellationTokenSource();
        var slow = new List<Task<bool>>();
        for (int i = 0; i < StudentRoutes.PagesAtOnce; i++)
        {
            slow.Add(Trickle(address, StudentRoutes.SignInPath, null, "token=", (int)TutorServer.SignInFormLimit - 1, stop.Token));
            slow.Add(Trickle(address, $"{StudentPages.SheetPath("000")}/regrade", dave.Cookies.GetCookieHeader(address),
                $"{ServePages.TokenField}={Uri.EscapeDataString(TutorClient.Token(daves))}&task=x&item=y&reason=", 1 << 19, stop.Token));
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        // Completes (the client's 60 s timeout is the only bound) while the slow forms are still being sent.
        (await carol.PageAsync(StudentRoutes.Home)).Should().Contain("carol");
        (await carol.PageAsync(StudentPages.SheetPath("000"))).Should().Contain("carol");
        slow.Where((t, i) => i % 2 == 1).Should().OnlyContain(t => !t.IsCompleted, "dave's slow regrade forms were still being sent when carol's pages came");
        await stop.CancelAsync();
        (await Task.WhenAll(slow)).Where((held, i) => i % 2 == 1).Should().AllBeEquivalentTo(true, "each regrade form held its connection until the test let go");
    }

    /// <summary>
    /// Sends a POST of <paramref name="length"/> bytes (<paramref name="start"/> padded with 'a') to <paramref name="path"/>
    /// at 8 KiB/s until it is all sent or <paramref name="stop"/>; true when it was still sending at the stop.
    /// </summary>
    private static async Task<bool> Trickle(Uri url, string path, string? cookie, string start, int length, CancellationToken stop)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(url.Host, url.Port, stop);
        var stream = tcp.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: {url.Authority}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {length}\r\n{(cookie is null ? "" : $"Cookie: {cookie}\r\n")}\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), stop);
        var body = Encoding.ASCII.GetBytes(start.PadRight(length, 'a'));
        try
        {
            for (int sent = 0; sent < body.Length; sent += 4096)
            {
                await stream.WriteAsync(body.AsMemory(sent, Math.Min(4096, body.Length - sent)), stop);
                await Task.Delay(500, stop);
            }

            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    private async Task<Dictionary<string, string>> StudentTokensAsync(string file, params string[] students)
    {
        var csv = Path.Combine(Course.Root, file);
        await Ok(["serve", "student", "tokens", "--course", Course.CoursePath, "--out", csv, .. students.SelectMany(s => new[] { "--student", s })]);
        return File.ReadAllLines(csv).Skip(1).Select(r => r.Split(',')).ToDictionary(r => r[0], r => r[1], StringComparer.Ordinal);
    }

    private static async Task<TutorClient> StudentAsync(string url, string token)
    {
        var client = new TutorClient(url);
        var form = await client.PageAsync(StudentRoutes.SignInPath);
        using var response = await client.PostAsync(StudentRoutes.SignInPath, [(ServePages.TokenField, TutorClient.Token(form)), ("token", token)]);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        return client;
    }

    private static async Task<HttpResponseMessage> WithCookie(string url, string cookie, string path)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }
}
