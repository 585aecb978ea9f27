namespace Grader.Demo;

/// <summary>Finds the repository: the nearest folder holding <c>Grader.sln</c>, above the working folder or the program.</summary>
public static class RepositoryRoot
{
    public const string SolutionFile = "Grader.sln";

    /// <summary>The repository folder, or null when neither the working folder nor the program lies inside one.</summary>
    public static string? Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                    return dir.FullName;
        }
        return null;
    }
}
