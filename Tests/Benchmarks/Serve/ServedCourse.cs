using Grader.Web;
using Microsoft.AspNetCore.Builder;

namespace Grader.Benchmarks.Serve;

/// <summary>
/// The set-up <see cref="StudentServeMode"/> and <see cref="TutorServeMode"/> share: <see cref="StudentServeMode.Prepare"/>'s
/// course of N students (sheet 000 recorded, released, two tutors and a token per student), a desk on it, <c>grader
/// serve</c> started on loopback port 0 in this process and the set-up's time printed; disposing stops the server and
/// closes the desk.
/// </summary>
internal sealed class ServedCourse : IAsyncDisposable
{
    private ServedCourse(GradingDesk desk, WebApplication app, string run, string[] names, string[] tutorTokens, Dictionary<string, string> studentTokens)
    {
        Desk = desk;
        App = app;
        Run = run;
        Names = names;
        TutorTokens = tutorTokens;
        StudentTokens = studentTokens;
        Item = desk.Items(Sheet).First();
        Url = new Uri(TutorServer.Addresses(app).Single());
    }

    /// <summary>The sheet the course records.</summary>
    public const string Sheet = "000";

    /// <summary>The desk the server runs on.</summary>
    public GradingDesk Desk { get; }

    /// <summary>The server.</summary>
    public WebApplication App { get; }

    /// <summary>The server's address.</summary>
    public Uri Url { get; }

    /// <summary>The recorded run's folder.</summary>
    public string Run { get; }

    /// <summary>The students, in order.</summary>
    public string[] Names { get; }

    /// <summary>The tutors' tokens: ana's, ben's.</summary>
    public string[] TutorTokens { get; }

    /// <summary>Each student's token.</summary>
    public Dictionary<string, string> StudentTokens { get; }

    /// <summary>The sheet's first manual item (the one the tutors score).</summary>
    public SheetItem Item { get; }

    /// <summary>
    /// The course of <paramref name="count"/> students in <paramref name="root"/> (<see cref="StudentServeMode.Prepare"/>
    /// with <paramref name="plots"/> and <paramref name="comments"/>), served; with <paramref name="timing"/> the desk
    /// counts where the requests' time goes (<see cref="DeskTiming"/>).
    /// </summary>
    public static async Task<ServedCourse> StartAsync(string root, int count, bool timing = false, bool plots = false, bool comments = false)
    {
        var setup = Stopwatch.StartNew();
        var (course, run, names, tutorTokens, studentTokens) = StudentServeMode.Prepare(root, count, plots, comments);
        var desk = new GradingDesk(course, Grader.Cli.Commands.CommonOptions.Catalog) { Timing = timing ? new DeskTiming() : null };
        WebApplication? app = null;
        try
        {
            app = Grader.Web.App.ServeApp.Build(desk, ["http://127.0.0.1:0"]);
            await app.StartAsync();
            var served = new ServedCourse(desk, app, run, names, tutorTokens, studentTokens);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"set-up: {count} students recorded, released, tokens issued in {setup.Elapsed.TotalSeconds:0.0} s"));
            return served;
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            desk.Dispose();
            throw;
        }
    }

    /// <summary>A client signed in as tutor <paramref name="index"/> (0: ana, 1: ben).</summary>
    public Task<HttpClient> Tutor(int index) => ServeBench.SignedIn(Url, "/signin", TutorTokens[index]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        finally
        {
            Desk.Dispose();
        }
    }
}
