using Grader.Cli.Assign;

namespace Grader.Cli.Tests.Assign;

/// <summary>
/// Where <c>grader assign</c> copies from (<see cref="ToolContent.SourceOf"/>): <c>--from</c> when given, else the
/// installed tool's <c>assign/</c> content, else a checkout above the tool or the current folder; with none of them,
/// one sentence that says what to do.
/// </summary>
public sealed class ToolContentTests
{
    [Test]
    public void The_installed_tools_content_comes_before_a_checkout_and_from_before_both()
    {
        using var scratch = new Scratch();
        var tool = Path.Combine(scratch.Root, "tool");
        var content = Path.Combine(tool, ToolContent.Folder);
        Directory.CreateDirectory(content);
        ToolContent.Find(tool).Should().BeNull("an assign/ folder without its build settings is no content");
        File.WriteAllText(Path.Combine(content, ToolContent.Marker), "<Project />");

        ToolContent.Find(tool).Should().Be(content);
        ToolContent.SourceOf(null, tool, RepositoryRoot.Path).Should().Be(content, "the tool's own content matches its catalog");
        ToolContent.SourceOf(RepositoryRoot.Path, tool, scratch.Root).Should().Be(RepositoryRoot.Path, "--from names the source");
        ToolContent.SourceOf(null, scratch.Root, RepositoryRoot.Path).Should().Be(RepositoryRoot.Path, "without content, the checkout above the current folder");
    }

    [Test]
    public void Without_content_or_checkout_assign_says_how_to_get_one()
    {
        using var scratch = new Scratch();
        var refuse = () => ToolContent.SourceOf(null, scratch.Root, scratch.Root);
        refuse.Should().Throw<AssignException>().WithMessage($"No grader repository found: *the tool carries no {ToolContent.Folder}/ folder (a tool installed from its package does). Pass --from*");
    }

    [Test]
    public void Without_the_tools_assemblies_assign_names_the_missing_ones()
    {
        using var scratch = new Scratch();
        var refuse = () => ToolAssemblies.Of(scratch.Root);
        refuse.Should().Throw<AssignException>()
            .WithMessage($"The tool's folder '{scratch.Root}' lacks the assemblies a student repository builds against: *Grader.Tensors.dll*{ToolAssemblies.AnalyzerFolder}*Grader.HandinAnalyzer.dll. Build Graders/Cli*");
        ToolAssemblies.Of(AppContext.BaseDirectory).Files.Should().HaveCount(AssignmentLayout.Prebuilt.Count + 1, "this build's output carries them, the analyzer in analyzers/");
    }
}
