namespace Grader.Cli.Tests.GitHub;

/// <summary>
/// The README's test command (`dotnet test`, which `.ci/run` and the workflows run) builds and tests the projects that
/// Grader.sln builds for its configuration. A test project listed in the solution without its lines in
/// <c>ProjectConfigurationPlatforms</c> is skipped without a word: no build, no test, no failure (it happened once: the
/// Slurm array's test project had its lines in the wrong section, and `.ci/run` passed without running it). So every test project under Tests/ must be in the solution and built in Debug|Any CPU.
/// </summary>
public class SolutionTestProjectsTests
{
    [Test]
    public void Every_test_project_is_built_and_tested_by_the_solution()
    {
        var solution = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "Grader.sln"));
        var projects = Regex.Matches(solution, @"^Project\(""\{[^}]+\}""\) = ""[^""]+"", ""([^""]+\.csproj)"", ""\{([^}]+)\}""",
                RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value.Replace('\\', '/'), m => m.Groups[2].Value, StringComparer.Ordinal);
        var start = solution.IndexOf("GlobalSection(ProjectConfigurationPlatforms)", StringComparison.Ordinal);
        start.Should().BeGreaterThan(0, "Grader.sln has a ProjectConfigurationPlatforms section");
        var configurations = solution[start..solution.IndexOf("EndGlobalSection", start, StringComparison.Ordinal)];

        var testProjects = Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "Tests"), "*.csproj", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                           && !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                           && File.ReadAllText(path).Contains("Microsoft.NET.Test.Sdk", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(RepositoryRoot.Path, path).Replace('\\', '/'))
            .ToList();

        testProjects.Should().Contain("Tests/Grader.Cli.Tests/Grader.Cli.Tests.csproj", "the search finds the test projects");
        foreach (var project in testProjects)
        {
            projects.Should().ContainKey(project, $"{project} is a test project, so Grader.sln must list it for `dotnet test`");
            configurations.Should().Contain($"{{{projects[project]}}}.Debug|Any CPU.Build.0 = Debug|Any CPU",
                $"{project} must be built in the solution's Debug|Any CPU configuration (its line in ProjectConfigurationPlatforms), or `dotnet test` skips it silently");
        }
    }
}
