using System.Security.Cryptography;

namespace Grader.Cli.Assign;

/// <summary>
/// The text of a classic Visual Studio solution (<c>.sln</c>) holding exactly the given projects, with Debug and
/// Release configurations. Project GUIDs are derived from the project paths, so the same layout always gives the same file.
/// </summary>
public static class SolutionFile
{
    private const string CSharpProjectType = "{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}";
    private static readonly string[] Configurations = ["Debug", "Release"];

    /// <summary>The solution's text (CRLF line ends, as Visual Studio and <c>dotnet sln</c> write it).</summary>
    public static string Render(IEnumerable<CopiedProject> projects)
    {
        ArgumentNullException.ThrowIfNull(projects);
        var list = projects.ToList();
        var text = new StringBuilder();
        void Line(string line) => text.Append(line).Append("\r\n");

        Line("");
        Line("Microsoft Visual Studio Solution File, Format Version 12.00");
        Line("# Visual Studio Version 17");
        Line("VisualStudioVersion = 17.0.31903.59");
        Line("MinimumVisualStudioVersion = 10.0.40219.1");
        foreach (var project in list)
        {
            Line($"Project(\"{CSharpProjectType}\") = \"{project.Name}\", \"{project.RelativePath.Replace('/', '\\')}\", \"{Guid(project)}\"");
            Line("EndProject");
        }

        Line("Global");
        Line("\tGlobalSection(SolutionConfigurationPlatforms) = preSolution");
        foreach (var configuration in Configurations)
        {
            Line($"\t\t{configuration}|Any CPU = {configuration}|Any CPU");
        }

        Line("\tEndGlobalSection");
        Line("\tGlobalSection(ProjectConfigurationPlatforms) = postSolution");
        foreach (var project in list)
        {
            foreach (var configuration in Configurations)
            {
                Line($"\t\t{Guid(project)}.{configuration}|Any CPU.ActiveCfg = {configuration}|Any CPU");
                Line($"\t\t{Guid(project)}.{configuration}|Any CPU.Build.0 = {configuration}|Any CPU");
            }
        }

        Line("\tEndGlobalSection");
        Line("\tGlobalSection(SolutionProperties) = preSolution");
        Line("\t\tHideSolutionNode = FALSE");
        Line("\tEndGlobalSection");
        Line("EndGlobal");
        return text.ToString();
    }

    /// <summary>A stable GUID for a project: the first 16 bytes of the SHA-256 of its relative path.</summary>
    public static string Guid(CopiedProject project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(project.RelativePath));
        return new Guid(hash.AsSpan(0, 16)).ToString("B").ToUpperInvariant();
    }
}
