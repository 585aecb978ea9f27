using System.Net;
using Microsoft.Extensions.Hosting;
using Grader.Semester;
using Grader.Web;
using Grader.Web.App;

namespace Grader.Serve;

/// <summary>
/// The web app of <c>grader serve</c> (<see cref="ServeApp"/>) over the semester gradebook of a course file, started by
/// <c>grader serve</c> as <c>grader-serve --course FILE --urls URLS</c> once it has checked those words (the course file,
/// the addresses, a tutor who can sign in): prints each
/// address it listens on (<see cref="ListeningOn"/>), then serves until Ctrl+C or SIGTERM. Bad input gives one line and
/// exit code 1, a file it cannot read or write one line and 4, as every <c>grader</c> command.
/// </summary>
public static class ServeProgram
{
    /// <summary>The line that names each address the app listens on (tests read it): "grader serve: listening on http://127.0.0.1:5000".</summary>
    public const string ListeningOn = "grader serve: listening on ";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args is not ["--course", var course, "--urls", var urls, .. var rest] || rest.Length % 2 != 0
            || rest.Where((_, i) => i % 2 == 0).Any(name => name is not ("--trusted-proxy" or "--public-url")))
        {
            stderr.WriteLine("grader-serve: started by 'grader serve' (see 'grader serve --help'), with --course FILE --urls URLS [--trusted-proxy ADDR]… [--public-url URL].");
            return 1;
        }

        try
        {
            var options = Options(rest);
            var catalog = Grader.Checks.Hidden.TutorCatalog.Default;
            var file = CourseFile.Load(course, catalog);
            var addresses = urls.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            using var desk = new GradingDesk(file, catalog);
            var app = ServeApp.Build(desk, addresses, options);
            app.Start();
            foreach (var address in TutorServer.Addresses(app))
            {
                stdout.WriteLine(ListeningOn + address);
            }

            if (addresses.Any(a => !Loopback(a)))
            {
                stdout.WriteLine("grader serve: warning: listening beyond this machine; put HTTPS in front (tokens and cookies travel in the clear otherwise).");
            }

            if (options.PublicUrl is not null)
            {
                stdout.WriteLine($"Tutors sign in at {options.Link("/signin")}, students at {options.Link(Grader.Web.Students.StudentRoutes.SignInPath)}.");
            }

            stdout.WriteLine($"Scores go to {file.Gradebook}. Stop with Ctrl+C.");
            stdout.Flush();
            app.WaitForShutdown();
            return 0;
        }
        catch (CourseFileException e)
        {
            stderr.WriteLine($"grader serve: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"grader serve: {e.Message}");
            return 4;
        }
    }

    /// <summary>The front of the app from <c>--trusted-proxy</c> (repeated) and <c>--public-url</c>, each checked by <see cref="ServeOptions"/>.</summary>
    private static ServeOptions Options(string[] pairs)
    {
        var trusted = new List<IPNetwork>();
        Uri? url = null;
        for (var i = 0; i < pairs.Length; i += 2)
        {
            string? problem;
            if (pairs[i] == "--trusted-proxy")
                trusted.Add(ServeOptions.Proxy(pairs[i + 1], out problem) ?? throw new CourseFileException($"--trusted-proxy: {problem}."));
            else
                url = ServeOptions.Public(pairs[i + 1], out problem) ?? throw new CourseFileException($"--public-url: {problem}.");
        }

        return new ServeOptions { TrustedProxies = trusted, PublicUrl = url };
    }

    private static bool Loopback(string url)
    {
        var host = new Uri(url).Host;
        return host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
