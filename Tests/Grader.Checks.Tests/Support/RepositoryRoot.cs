namespace Grader.Checks.Tests.Support;

/// <summary>The repository's root: the folder above the test's binaries that holds Grader.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Grader.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Grader.sln above {AppContext.BaseDirectory}");
    }
}
