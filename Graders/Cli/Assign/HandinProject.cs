namespace Grader.Cli.Assign;

/// <summary>
/// The project file of the student repository's hand-in folder (<see cref="AssignmentLayout.HandinProject"/>), written by
/// <c>grader assign</c> beside the template files, so the repository's <c>dotnet build</c> and an editor compile
/// <c>Handin/*.cs</c> as the grader does: against the tool's compiled contracts and tensor engine the repository carries
/// (<see cref="ToolAssemblies"/>), with the grader's global usings (<see cref="HandinCompiler.ImplicitUsings"/>), nullable
/// enabled, and the grader's API allowlist as the tool's compiled analyzer (Grader.HandinAnalyzer), whose GRADER001/GRADER002
/// errors are the grader's. Warnings stay warnings (the
/// grader does not count them). The grader reads only the folder's <c>.cs</c> files, so this file is never graded.
/// </summary>
public static class HandinProject
{
    /// <summary>The project file's text.</summary>
    public static string Render()
    {
        var usings = string.Concat(HandinCompiler.ImplicitUsings.Select(u => $"    <Using Include=\"{u}\" />\n"));
        var references = string.Concat(AssignmentLayout.Prebuilt.Where(p => p.Name is "Grader.Contracts" or "Grader.Tensors")
            .Select(p => $"    <Reference Include=\"{p.Name}\" HintPath=\"../{ToolAssemblies.PathOf(p)}\" />\n"));
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <!-- Your hand-in as a project, so `dotnet build` and your editor show its errors, including the grader's
                   allowlist (GRADER001: an API hand-ins may not use; GRADER002: a language feature they may not use).
                   Your tutor grades only the .cs files of this folder, compiled by the grader; this file is not graded. -->
              <PropertyGroup>
                <AssemblyName>{HandinCompiler.AssemblyName}</AssemblyName>
                <RootNamespace>{HandinCompiler.AssemblyName}</RootNamespace>
                <IsPackable>false</IsPackable>
                <GenerateAssemblyInfo>false</GenerateAssemblyInfo>
                <!-- The grader's usings, not the SDK's (no System.IO, no System.Net.Http). -->
                <ImplicitUsings>disable</ImplicitUsings>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
            {usings}  </ItemGroup>
              <!-- The tool's compiled contracts, engine and allowlist analyzer (lib/, from grader assign). -->
              <ItemGroup>
            {references}    <Analyzer Include="../{ToolAssemblies.PathOf(AssignmentLayout.Analyzer)}" />
              </ItemGroup>
            </Project>

            """;
    }
}
