using System.Net;
using Grader.Web;

namespace Grader.Web.Tests.Serve;

/// <summary>A tutor's HTTP client for <c>grader serve</c> (cookies kept, redirects not followed): signs in and scores as the pages' forms do.</summary>
internal sealed partial class TutorClient : IDisposable
{
    private readonly HttpClient _client;

    /// <param name="url">The app's address.</param>
    /// <param name="host">A Host header (and X-Forwarded-Host, X-Forwarded-Proto https) to send instead of the address's: a reverse proxy on another address, or a hostile client.</param>
    /// <param name="forwardedFor">An X-Forwarded-For to send: the client a proxy names, or a hostile client's claim.</param>
    public TutorClient(string url, string? host = null, string? forwardedFor = null)
    {
        Cookies = new CookieContainer();
        _client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        if (host is not null)
        {
            _client.DefaultRequestHeaders.Host = host;
            _client.DefaultRequestHeaders.Add("X-Forwarded-Host", host);
            _client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
            _client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        }

        if (forwardedFor is not null)
        {
            _client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }
    }

    public CookieContainer Cookies { get; }

    public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(path);

    public async Task<string> PageAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        response.StatusCode.Should().Be(HttpStatusCode.OK, path);
        return await response.Content.ReadAsStringAsync();
    }

    public Task<HttpResponseMessage> PostAsync(string path, IEnumerable<(string Name, string Value)> fields) =>
        _client.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))));

    /// <summary>Signs in with <paramref name="token"/>; returns the response (302 to / when it is a tutor's, or to <paramref name="returnUrl"/> when that is a local path).</summary>
    public async Task<HttpResponseMessage> SignInAsync(string token, string? returnUrl = null)
    {
        var form = await PageAsync("/signin");
        return await PostAsync("/signin", [(ServePages.TokenField, Token(form)), ("token", token), .. returnUrl is null ? Array.Empty<(string, string)>() : [(TutorServer.ReturnField, returnUrl)]]);
    }

    /// <summary>Scores <paramref name="student"/>'s answer group on the item's page as its form does (the version the page shows).</summary>
    public async Task<HttpResponseMessage> ScoreAsync(SheetItem item, string student, double points, string comment) =>
        await ScoreFromAsync(await PageAsync(item.Path), item, student, points, comment);

    /// <summary>A score by the form of <paramref name="page"/>, an item page read earlier: the versions it showed, however old.</summary>
    public async Task<HttpResponseMessage> ScoreFromAsync(string page, SheetItem item, string student, double points, string comment)
    {
        var section = Section(page, student);
        var fields = new List<(string, string)> { (ServePages.TokenField, Token(page)), ("at", "0"), ("points", Csv.Number(points)), ("comment", comment) };
        foreach (Match hidden in Hidden().Matches(section))
        {
            if (hidden.Groups[1].Value is "student" or "seen")
            {
                fields.Add((hidden.Groups[1].Value, WebUtility.HtmlDecode(hidden.Groups[2].Value)));
            }
        }

        return await PostAsync($"{item.Path}/score", fields);
    }

    /// <summary>The anti-forgery token of a page's forms.</summary>
    public static string Token(string page) => TokenField().Match(page) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new AssertionException("the page has no anti-forgery token");

    /// <summary>The answer group (section) that lists <paramref name="student"/>.</summary>
    public static string Section(string page, string student, string sheet = "000")
    {
        // The page names students by their pseudonym on the sheet until a reveal, by name after.
        var found = Students().Matches(page).FirstOrDefault(m => WebUtility.HtmlDecode(m.Groups[1].Value).Split(' ').Intersect([student, Pseudonyms.Of(sheet, student)], StringComparer.Ordinal).Any());
        found.Should().NotBeNull($"the page lists {student}");
        return page[found!.Index..page.IndexOf("</section>", found.Index, StringComparison.Ordinal)];
    }

    [GeneratedRegex("data-students=\"([^\"]*)\"")]
    private static partial Regex Students();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex("<input type=\"hidden\" name=\"(\\w+)\" value=\"([^\"]*)\">")]
    private static partial Regex Hidden();

    public void Dispose() => _client.Dispose();
}
