namespace Grader.Grading.Tests.Support;

/// <summary>
/// The <c>git</c> command line on repositories a test made itself (never on a hostile one, unless the test means to
/// show what git would do there): no system or global configuration, a fixed identity, and each commit's time given.
/// </summary>
internal static class TestGit
{
    /// <summary>Runs <c>git <paramref name="arguments"/></c> in <paramref name="folder"/> and returns its trimmed stdout; fails the test on a non-zero exit.</summary>
    public static string Run(string folder, params string[] arguments) => Run(folder, null, arguments);

    /// <summary>As <see cref="Run(string, string[])"/>, committing at <paramref name="at"/> (author and committer time) when given.</summary>
    public static string Run(string folder, DateTimeOffset? at, params string[] arguments)
    {
        var start = ProcessResult.StartInfo("git", arguments, folder);

        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["HOME"] = folder;
        start.Environment["GIT_AUTHOR_NAME"] = start.Environment["GIT_COMMITTER_NAME"] = "Student";
        start.Environment["GIT_AUTHOR_EMAIL"] = start.Environment["GIT_COMMITTER_EMAIL"] = "student@example.org";
        if (at is { } time)
        {
            start.Environment["GIT_AUTHOR_DATE"] = start.Environment["GIT_COMMITTER_DATE"] = time.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        }

        var git = ProcessResult.Run(start, TimeSpan.FromMinutes(5)); // a hang guard, not a timing
        git.Code.Should().Be(0, $"git {string.Join(' ', arguments)} in {folder}: {git.Error}");
        return git.Output.Trim();
    }

    /// <summary>A new repository at <paramref name="folder"/> (branch <c>main</c>) with <paramref name="commits"/> commits of <c>A.cs</c>, the i-th at <paramref name="first"/> plus i hours, each with a long, similar message (so packs deltify commits).</summary>
    public static string Repository(string folder, int commits, DateTimeOffset first)
    {
        Directory.CreateDirectory(folder);
        Run(folder, "init", "-q", "-b", "main");
        var body = string.Join('\n', Enumerable.Range(0, 40).Select(i => $"Line {i} of a long commit message that stays the same from one commit to the next."));
        for (int i = 0; i < commits; i++)
        {
            File.WriteAllText(Path.Combine(folder, "A.cs"), $"namespace Submission; public static class A {{ public const int Version = {i}; }}\n");
            Run(folder, "add", "A.cs");
            Run(folder, first.AddHours(i), "commit", "-q", "-m", $"Version {i}\n\n{body}");
        }

        return folder;
    }

    /// <summary>What <c>git log -1 --format=%cI <paramref name="revision"/></c> says, as a time.</summary>
    public static DateTimeOffset CommitTime(string folder, string revision = "HEAD") =>
        DateTimeOffset.Parse(Run(folder, "log", "-1", "--format=%cI", revision), CultureInfo.InvariantCulture);
}
