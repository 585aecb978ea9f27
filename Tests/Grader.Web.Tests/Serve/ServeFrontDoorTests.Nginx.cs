using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Grader.Semester;
using Grader.Web;
using Grader.Web.Students;
using Microsoft.Playwright;
using static Grader.Cli.Tests.Support.SemesterCommands;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// <c>grader serve</c> as docs/deploy.md puts it in front of a class (issue 81), for real: the grader of this build on
/// loopback with <c>--trusted-proxy 127.0.0.1 --public-url https://…</c>, Debian's nginx in front with TLS (a self-signed
/// certificate, <see cref="NginxProxy"/>), chromium through it. The health check answers through the proxy; a guesser's
/// wrong tokens (from 127.0.0.2, forging X-Forwarded-For) lock out only the guesser; alice signs in (her cookie Secure),
/// sees her page while two slow clients hold sign-in connections, and signs out, after which a copy of her cookie is
/// refused. One server, one nginx, a few page loads. Ignored without nginx (unless GRADER_REQUIRE_NGINX=1) or chromium
/// (unless GRADER_REQUIRE_CHROMIUM=1). Part of <see cref="ServeFrontDoorTests"/>, whose course it shares.
/// </summary>
public sealed partial class ServeFrontDoorTests
{
    [Test]
    public async Task Through_nginx_with_tls_sign_in_is_secure_one_guesser_locks_out_nobody_slow_clients_stall_nobody_a_tutor_scores_and_sign_out_ends_the_session()
    {
        var nginx = NginxProxy.Require();
        var chromium = ServeBrowserTests.Find();
        var csv = Path.Combine(Course.Root, "nginx-tokens.csv");
        await Ok("serve", "student", "tokens", "--course", Course.CoursePath, "--out", csv, "--student", "alice");
        var alicesToken = File.ReadAllLines(csv)[1].Split(',')[1];

        var port = NginxProxy.FreePort();
        using var server = await ServerProcess.StartAsync(Course.CoursePath, "--trusted-proxy", "127.0.0.1", "--public-url", $"https://127.0.0.1:{port}/");
        using var proxy = await NginxProxy.StartAsync(nginx, port, server.Url);
        var url = proxy.Url;

        using (var client = NginxProxy.Client(IPAddress.Loopback))
        using (var health = await client.GetAsync($"{url}{TutorServer.HealthPath}"))
        {
            health.StatusCode.Should().Be(HttpStatusCode.OK);
            health.Headers.GetValues("Strict-Transport-Security").Single().Should().Be(ServeOptions.StrictTransportSecurity, "the public side is HTTPS");
        }

        // A guesser (127.0.0.2 as nginx sees it) forging a new X-Forwarded-For each time: nginx appends the address it
        // saw, the app counts that one, so the guesser is limited after its tenth wrong token …
        using (var guesser = NginxProxy.Client(IPAddress.Parse("127.0.0.2")))
        {
            for (int i = 0; i <= TutorServer.SignInAttempts; i++)
            {
                using var answer = await SignInOverAsync(guesser, url, "/signin", TutorToken.New(), $"198.51.100.{i}");
                answer.StatusCode.Should().Be(i < TutorServer.SignInAttempts ? HttpStatusCode.Unauthorized : HttpStatusCode.TooManyRequests, $"wrong token {i + 1}");
            }
        }

        // … and nobody else: another client's typo is its own first.
        using (var other = NginxProxy.Client(IPAddress.Parse("127.0.0.3")))
        using (var typo = await SignInOverAsync(other, url, StudentRoutes.SignInPath, TutorToken.New(), null))
        {
            typo.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "127.0.0.3 is not the guesser");
        }

        await using var browser = await SharedChromium.SessionAsync(chromium);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { IgnoreHTTPSErrors = true });
        var alice = await context.NewPageAsync();
        alice.SetDefaultTimeout(60_000);
        alice.SetDefaultNavigationTimeout(60_000);
        await alice.GotoAsync(url + StudentRoutes.SignInPath);
        await alice.FillAsync("input[name=token]", alicesToken);
        await ServeBrowserTests.Navigate(alice, () => alice.ClickAsync("form.signin button"), 200);
        alice.Url.Should().Be(url + StudentRoutes.Home, "alice signed in through nginx (from 127.0.0.1, not the guesser)");
        (await alice.TextContentAsync("header")).Should().Contain("Signed in as alice");
        var cookies = await context.CookiesAsync();
        var session = cookies.Single(c => c.Name == StudentRoutes.CookieName);
        (session.Secure, session.HttpOnly, session.SameSite).Should().Be((true, true, SameSiteAttribute.Strict), "the public side is HTTPS");
        cookies.Single(c => c.Name == "grader-antiforgery").Secure.Should().BeTrue();

        // Two slow clients hold sign-in connections (a form sent a few bytes at a time): her page still comes (the
        // navigation's timeout is the only bound).
        using (var stop = new CancellationTokenSource())
        {
            var slow = Enumerable.Range(0, 2).Select(_ => SlowSignIn(proxy.Port, stop.Token)).ToArray();
            await Task.Delay(TimeSpan.FromSeconds(1));
            (await alice.ReloadAsync())!.Status.Should().Be(200);
            (await alice.TextContentAsync("header")).Should().Contain("Signed in as alice");
            slow.Should().OnlyContain(t => !t.IsCompleted, "the slow clients still held their connections");
            await stop.CancelAsync();
            (await Task.WhenAll(slow)).Should().AllBeEquivalentTo(true);
        }

        // A tutor scores through nginx: signed in in her own context, the grading page's first answer takes the
        // highest level's key, and the score is in the gradebook under her name.
        var item = Course.Item();
        Dictionary<string, long> before;
        using (var gradebook = Course.Gradebook())
        {
            before = gradebook.Scores.ManualScores(item.Task.Id, item.Item.Id).ToDictionary(s => s.Key, s => s.Value.Version);
        }

        var tutorContext = await browser.NewContextAsync(new BrowserNewContextOptions { IgnoreHTTPSErrors = true, ViewportSize = new ViewportSize { Width = 1200, Height = 1400 } });
        var ana = await tutorContext.NewPageAsync();
        ana.SetDefaultTimeout(60_000);
        ana.SetDefaultNavigationTimeout(60_000);
        (await ana.GotoAsync(url + item.Path))!.Url.Should().StartWith(url + "/signin", "an anonymous visit through nginx is sent to sign in on the public address");
        await ana.FillAsync("input[name=token]", Course.Tokens["ana"]);
        await ServeBrowserTests.Navigate(ana, () => ana.ClickAsync("form.signin button"), 200);
        (await ana.TextContentAsync("header")).Should().Contain("Signed in as ana");
        (await ana.GotoAsync(url + item.Path))!.Status.Should().Be(200);
        (await tutorContext.CookiesAsync()).Single(c => c.Name == "grader-tutor").Secure.Should().BeTrue("the tutors' cookie is Secure behind HTTPS too");
        var unscored = await ana.Locator("section.group.current").CountAsync();
        unscored.Should().Be(1, "the grading page opens at an answer");
        await ServeBrowserTests.Press(ana, ServeBrowserTests.KeyName(LevelKeys.Of(item.Levels)[0]), 200);
        using (var gradebook = Course.Gradebook())
        {
            gradebook.Scores.ManualScores(item.Task.Id, item.Item.Id).Where(s => s.Value.Tutor == "ana" && s.Value.Version > before.GetValueOrDefault(s.Key))
                .Should().NotBeEmpty("ana's key press through nginx recorded a score of hers");
        }

        // Signing out ends the session: a copy of her cookie taken before is refused after.
        await ServeBrowserTests.Navigate(alice, () => alice.ClickAsync("header form button"), 200);
        alice.Url.Should().Be(url + StudentRoutes.SignInPath);
        var thief = await browser.NewContextAsync(new BrowserNewContextOptions { IgnoreHTTPSErrors = true });
        await thief.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = session.Name, Value = session.Value, Domain = session.Domain, Path = session.Path, Secure = true, HttpOnly = true }]);
        var stolen = await thief.NewPageAsync();
        await stolen.GotoAsync(url + StudentRoutes.Home);
        stolen.Url.Should().Be(url + StudentRoutes.SignInPath, "the copied cookie's session ended when alice signed out");
        proxy.ErrorLog().Should().NotContain("[emerg]");
    }

    /// <summary>Signs in at <paramref name="path"/> as the sign-in form does, optionally with a forged X-Forwarded-For.</summary>
    private static async Task<HttpResponseMessage> SignInOverAsync(HttpClient client, string url, string path, string token, string? forwardedFor)
    {
        var form = await client.GetStringAsync(url + path);
        using var request = new HttpRequestMessage(HttpMethod.Post, url + path)
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create(ServePages.TokenField, TutorClient.Token(form)), KeyValuePair.Create("token", token)]),
        };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return await client.SendAsync(request);
    }

    /// <summary>A sign-in form sent over TLS a few bytes every half second until <paramref name="stop"/>; true when it was still sending then.</summary>
    private static async Task<bool> SlowSignIn(int port, CancellationToken stop)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, stop);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, stop);
        const int length = 4000;
        await tls.WriteAsync(Encoding.ASCII.GetBytes($"POST {StudentRoutes.SignInPath} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {length}\r\n\r\ntoken="), stop);
        try
        {
            for (int sent = 6; sent < length; sent += 8)
            {
                await tls.WriteAsync("aaaaaaaa"u8.ToArray(), stop);
                await tls.FlushAsync(stop);
                await Task.Delay(500, stop);
            }

            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }
}
