namespace Grader.Tests.Support;

/// <summary>The folder holding Grader.sln, found above the test's base directory.</summary>
public static class RepositoryRoot
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

        throw new InvalidOperationException("Grader.sln not found above " + AppContext.BaseDirectory);
    }
}
