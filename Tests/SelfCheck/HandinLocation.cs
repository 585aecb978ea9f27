namespace Grader.SelfCheck;

/// <summary>
/// Which hand-in the self-check grades: the folder in the environment variable <c>GRADER_HANDIN</c>, else the
/// runsettings parameter <c>handin</c>, else — in the grader's own repository — every exercise pack's correct example
/// together (<c>Submissions/Examples/&lt;Family&gt;/Correct</c>, as a student hands in every family of a course), else — in a student's repository written by <c>grader assign</c>, which has no examples — <c>Handin/</c>.
/// A relative path is taken from the current folder, else from the repository root.
/// </summary>
/// <param name="Folder">The full path of the folder (it may not exist).</param>
/// <param name="From">Where the path came from, for messages ("GRADER_HANDIN", …).</param>
/// <param name="RepositoryRoot">The folder holding Grader.sln, when there is one above the tests.</param>
/// <param name="CorrectExamples">True for the grader repository's default: every pack's correct example, not <paramref name="Folder"/> alone.</param>
internal sealed record HandinLocation(string? Folder, string From, string? RepositoryRoot, bool CorrectExamples = false)
{
    public const string EnvironmentVariable = "GRADER_HANDIN";
    public const string Parameter = "handin";
    /// <summary>The student's hand-in folder in a repository written by <c>grader assign</c>.</summary>
    public const string StudentHandinFolder = "Handin";

    private const string SolutionFile = "Grader.sln";

    /// <summary>How to point the self-check at a hand-in, as the exact commands.</summary>
    public static string HowTo =>
        $"""
        Point the self-check at your hand-in folder (the folder of your .cs files), either with the environment variable
          {EnvironmentVariable}=/path/to/your/handin dotnet test Tests/SelfCheck
        or with a test run parameter
          dotnet test Tests/SelfCheck -- 'TestRunParameters.Parameter(name="{Parameter}", value="/path/to/your/handin")'
        """;

    public bool Exists => Folder is not null && Directory.Exists(Folder);

    public static HandinLocation Find()
    {
        var root = FindRepositoryRoot();
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return new HandinLocation(Resolve(fromEnvironment, root), $"the environment variable {EnvironmentVariable}", root);
        }

        var fromParameter = TestContext.Parameters.Get(Parameter);
        if (!string.IsNullOrWhiteSpace(fromParameter))
        {
            return new HandinLocation(Resolve(fromParameter, root), $"the test run parameter \"{Parameter}\"", root);
        }

        if (root is null)
        {
            return new HandinLocation(null, "nowhere: neither GRADER_HANDIN nor the parameter \"handin\" is set", null);
        }

        var correctExample = Path.Combine(root, "Submissions", "Examples", "Diffusion", "Correct");
        return Directory.Exists(correctExample)
            ? new HandinLocation(correctExample, "the default (the repository's correct examples)", root, CorrectExamples: true)
            : new HandinLocation(Path.Combine(root, StudentHandinFolder), $"the default (your hand-in folder {StudentHandinFolder}/)", root);
    }

    /// <summary>The message every test fails with when there is no hand-in folder.</summary>
    public string Problem() =>
        (Folder is null
            ? $"No hand-in to check: the self-check was pointed {From}."
            : $"No hand-in to check: the folder '{Folder}' (from {From}) does not exist.")
        + Environment.NewLine + HowTo;

    private static string Resolve(string path, string? root)
    {
        var fromHere = Path.GetFullPath(path);
        if (Path.IsPathRooted(path) || Directory.Exists(fromHere) || root is null)
        {
            return fromHere;
        }

        var fromRoot = Path.GetFullPath(Path.Combine(root, path));
        return Directory.Exists(fromRoot) ? fromRoot : fromHere;
    }

    private static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, SolutionFile)))
                {
                    return folder.FullName;
                }
            }
        }

        return null;
    }
}
