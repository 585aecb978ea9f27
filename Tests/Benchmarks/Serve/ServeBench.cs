using System.Net;
using System.Text.RegularExpressions;
using Grader.Semester;
using Grader.Web;

namespace Grader.Benchmarks.Serve;

/// <summary>
/// What the two <c>grader serve</c> benchmarks (<see cref="ServeMode"/>, <see cref="StudentServeMode"/>) share: a
/// scratch folder, a made-up course file of N students and one sheet, a signed-in client, a timed page, a percentile.
/// </summary>
internal static partial class ServeBench
{
    /// <summary>Runs <paramref name="measure"/> in a fresh temporary folder named after <paramref name="name"/>, deleted afterwards.</summary>
    public static int InScratch(string name, Func<string, Task<int>> measure)
    {
        var root = Path.Combine(Path.GetTempPath(), $"grader-{name}-benchmark-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            return measure(root).GetAwaiter().GetResult();
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The students <c>student000</c>, <c>student001</c>, …</summary>
    public static string[] Names(int count) => Enumerable.Range(0, count).Select(i => $"student{i:000}").ToArray();

    /// <summary>A course file in <paramref name="root"/> of <paramref name="names"/> and one sheet due far ahead, its gradebook beside it.</summary>
    public static CourseFile Course(string root, string[] names, string sheet)
    {
        var path = Path.Combine(root, "course.toml");
        var semester = new CourseFile(path, "Benchmark", Path.Combine(root, "semester.db"), 0.5, names,
            [new SheetDeadline(sheet, new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero))], [], LatePolicy.None);
        File.WriteAllText(path, CourseTomlWriter.Write(semester, "Benchmark University", "2099", root));
        return CourseFile.Load(path, Grader.Cli.Commands.CommonOptions.Catalog);
    }

    /// <summary>
    /// A client (cookies kept, redirects not followed) signed in at <paramref name="path"/> with <paramref name="token"/>;
    /// <paramref name="selfSigned"/>: the server's certificate accepted unchecked (the benchmark's own nginx on loopback).
    /// </summary>
    public static async Task<HttpClient> SignedIn(Uri url, string path, string token, bool selfSigned = false)
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        if (selfSigned)
        {
            handler.ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator;
        }

        var client = new HttpClient(handler) { BaseAddress = url };
        var form = await client.GetStringAsync(path);
        using var response = await client.PostAsync(path, new FormUrlEncodedContent([KeyValuePair.Create(ServePages.TokenField, Token(form)), KeyValuePair.Create("token", token)]));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            client.Dispose();
            throw new InvalidOperationException($"sign-in at {path} failed: {response.StatusCode}");
        }

        return client;
    }

    /// <summary>A GET of <paramref name="path"/>, timed to its last byte read.</summary>
    public static async Task<(double Ms, HttpStatusCode Status, string Page)> Timed(HttpClient client, string path)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync(path);
        var page = await response.Content.ReadAsStringAsync();
        return (clock.Elapsed.TotalMilliseconds, response.StatusCode, page);
    }

    /// <summary>The <paramref name="p"/>-th percentile (nearest rank; 50: the median's lower middle), NaN for none.</summary>
    public static double Percentile(IEnumerable<double> values, int p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    /// <summary>The CPU's model name, as /proc/cpuinfo says.</summary>
    public static string Cpu() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

    /// <summary>A free port on 127.0.0.1 (free when asked; the caller binds it next).</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The load average over the last minute, as /proc/loadavg says.</summary>
    public static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>An integer option's value, or <paramref name="fallback"/>.</summary>
    public static int Option(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>The anti-forgery token of a page's form.</summary>
    public static string Token(string page) => WebUtility.HtmlDecode(TokenField().Match(page).Groups[1].Value);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
