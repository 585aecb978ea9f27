using System.Text.RegularExpressions;
using Grader.Grading.Discovery;
using Grader.Semester;

namespace Grader.Cli.Commands;

/// <summary>
/// <c>grader serve</c>: the tutors' web app for the manual items over the semester gradebook of a course file, on loopback
/// unless <c>--urls</c> says otherwise, run by its own program <c>grader-serve</c> once the words are checked
/// (<see cref="ServeEntry"/>: only it needs ASP.NET Core); <c>grader serve tutor add NAME</c> makes a tutor's
/// sign-in token, prints it once and stores only its hash (a new token for a tutor ends the old one's sessions);
/// <c>grader serve tutor remove NAME</c> takes a tutor's token away; <c>grader serve student tokens</c> makes the students'
/// tokens (<see cref="ServeStudentCommand"/>). Bad input gives one message and <see cref="ExitCodes.UsageError"/>.
/// </summary>
public static partial class ServeCommand
{
    /// <summary>Where the app listens by default: this machine only.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5000";

    public static Command Create() => Create(CommonOptions.Catalog);

    /// <summary>The command, for a given catalog.</summary>
    internal static Command Create(CourseCatalog catalog)
    {
        var course = CourseOption();
        var urls = new Option<string>("--urls") { Description = "Where to listen, ';' between addresses; port 0 takes a free port. Default: this machine only.", DefaultValueFactory = _ => DefaultUrls };
        var proxies = new Option<string[]>("--trusted-proxy") { Description = "A reverse proxy (an address, or a network ADDR/PREFIX) whose X-Forwarded-For and X-Forwarded-Proto count (repeat for several), e.g. 127.0.0.1 for nginx on this machine. Default: none (a client's forwarding headers are ignored).", AllowMultipleArgumentsPerToken = false };
        var publicUrl = new Option<string>("--public-url") { Description = "The address the class reaches the app at, e.g. https://grading.example.edu/; when it is https, every cookie is Secure and every response carries HSTS. See docs/deploy.md." };
        var serve = new Command("serve", "The course's web app: tutors score the manual items (answers beside the grader's verdicts, rubric buttons, keyboard scoring, answer groups; scores go to the semester gradebook), release sheets and answer regrade requests; students sign in at /me to their released sheets.") { course, urls, proxies, publicUrl };
        serve.SetAction(result => Run(result, stdout =>
        {
            var file = CourseFile.Load(result.GetValue(course)!, catalog);
            var addresses = Urls(result.GetValue(urls)!);
            using (var gradebook = CourseGradebook.Open(file.Gradebook))
            {
                if (gradebook.Tutors.Tutors().Count == 0)
                {
                    throw new CourseFileException($"No tutor can sign in yet: add one with 'grader serve tutor add NAME --course {file.Path}'.");
                }
            }

            stdout.Flush();
            // The proxies and the public address are checked here (one message before anything starts) and read again by grader-serve.
            var front = Front(result.GetValue(proxies) ?? [], result.GetValue(publicUrl));
            return ServeEntry.Run(["--course", Path.GetFullPath(file.Path), "--urls", string.Join(';', addresses), .. front], result.InvocationConfiguration.Error);
        }));

        var tutor = new Command("tutor", "The tutors who may sign in.");
        var name = new Argument<string>("name") { Description = "The tutor's name (letters, digits, '.', '_', '-', space; at most 64)." };
        var addCourse = CourseOption();
        var tutorials = new Option<string[]>("--tutorial") { Description = "A tutorial of the course's [[semester.tutorial]] the tutor covers (repeat for several): its hand-ins come first on their grading pages. Given, it replaces the tutorials stored before; left out, they stay.", AllowMultipleArgumentsPerToken = true };
        var add = new Command("add", "Add a tutor (or give one a new token): prints the token once; the gradebook keeps only its SHA-256.") { name, addCourse, tutorials };
        add.SetAction(result => Run(result, stdout =>
        {
            var who = result.GetValue(name)!.Trim();
            if (!TutorName().IsMatch(who))
            {
                throw new CourseFileException($"'{who}' is not a tutor's name: letters, digits, '.', '_', '-' and spaces, at most 64, starting with a letter or digit.");
            }

            var file = CourseFile.Load(result.GetValue(addCourse)!, catalog);
            var covered = result.GetValue(tutorials) ?? [];
            var known = file.Semester?.Tutorials.Select(t => t.Id).ToArray() ?? [];
            if (covered.FirstOrDefault(t => !known.Contains(t, StringComparer.Ordinal)) is { } unknown)
            {
                throw new CourseFileException(known.Length == 0
                    ? $"--tutorial {StudentName.Escape(unknown)}: the course {file.Path} has no tutorials ([[semester.tutorial]])."
                    : $"--tutorial {StudentName.Escape(unknown)}: the course's tutorials are {string.Join(", ", known)}.");
            }

            using var gradebook = CourseGradebook.Open(file.Gradebook);
            var token = TutorToken.New();
            gradebook.Tutors.SetTutor(who, TutorToken.Hash(token));
            if (covered.Length > 0)
            {
                gradebook.Tutors.SetTutorials(who, covered);
                stdout.WriteLine($"Tutorials: {string.Join(", ", covered.Distinct(StringComparer.Ordinal))} (their hand-ins come first on {who}'s grading pages).");
            }

            stdout.WriteLine($"Tutor {who} can sign in to 'grader serve --course {file.Path}' with this token (shown once; {file.Gradebook} keeps only its hash; give it to them privately):");
            stdout.WriteLine(token);
            return ExitCodes.Done;
        }));
        var removeName = new Argument<string>("name") { Description = "The tutor's name." };
        var removeCourse = CourseOption();
        var remove = new Command("remove", "Remove a tutor: their token no longer signs in, and a running 'grader serve' ends their sessions on their next request.") { removeName, removeCourse };
        remove.SetAction(result => Run(result, stdout =>
        {
            var who = result.GetValue(removeName)!.Trim();
            var file = CourseFile.Load(result.GetValue(removeCourse)!, catalog);
            using var gradebook = CourseGradebook.Open(file.Gradebook);
            if (!gradebook.Tutors.RemoveTutor(who))
            {
                throw new CourseFileException($"{file.Gradebook} has no tutor named '{StudentName.Escape(who)}'.");
            }

            stdout.WriteLine($"Tutor {who} was removed from {file.Gradebook}: their token no longer signs in, and their open sessions end.");
            return ExitCodes.Done;
        }));
        tutor.Add(add);
        tutor.Add(remove);
        serve.Add(tutor);
        serve.Add(ServeStudentCommand.Create(catalog));
        return serve;
    }

    private static Option<string> CourseOption() => new("--course") { Description = $"The course file (a course's .toml with its [semester]); its semester gradebook holds the scores and the tutors.", Required = true };

    /// <summary>The arguments of grader-serve for <c>--trusted-proxy</c> and <c>--public-url</c>, each checked by <see cref="ServeOptions"/>.</summary>
    private static string[] Front(string[] proxies, string? publicUrl)
    {
        var front = new List<string>();
        foreach (var proxy in proxies)
        {
            _ = ServeOptions.Proxy(proxy, out var problem) ?? throw new CourseFileException($"--trusted-proxy: {problem}.");
            front.AddRange(["--trusted-proxy", proxy]);
        }

        if (publicUrl is not null)
        {
            _ = ServeOptions.Public(publicUrl, out var problem) ?? throw new CourseFileException($"--public-url: {problem}.");
            front.AddRange(["--public-url", publicUrl]);
        }

        return [.. front];
    }

    private static string[] Urls(string text)
    {
        var urls = text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.PathAndQuery != "/")
            {
                throw new CourseFileException($"--urls: '{url}' is not an address like {DefaultUrls} (http, host, port).");
            }
        }

        return urls.Length == 0 ? throw new CourseFileException("--urls names no address.") : urls;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._ -]{0,63}$")]
    private static partial Regex TutorName();

    private static int Run(ParseResult result, Func<TextWriter, int> action) =>
        CommandFailures.Run<CourseFileException>(result, "grader serve", action);
}
