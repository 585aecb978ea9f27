using System.CommandLine;

namespace Grader.Cli.Tests.Assign;

/// <summary><c>grader assign</c> on the command line: what it prints, its exit codes, and its one-sentence errors.</summary>
[NonParallelizable]
public sealed class AssignCommandTests
{
    [Test]
    public void It_writes_the_repository_and_says_what_it_wrote()
    {
        using var scratch = new Scratch();
        var target = Path.Combine(scratch.Root, "repo");
        var (exit, output, error) = Invoke("assign", "--sheet", "000", "--out", target, "--from", RepositoryRoot.Path);
        exit.Should().Be(ExitCodes.Done, error);
        error.Should().BeEmpty();
        output.Should().StartWith($"Wrote the student repository of sheet 000 of Heidelberg University, Machine Learning for Physicists 2023/24 to {target} (").And.Contain("hidden checks worth");
        File.Exists(Path.Combine(target, "Grader.sln")).Should().BeTrue();
        Directory.EnumerateFileSystemEntries(scratch.Root).Should().ContainSingle("the staging folder is moved into place, none is left behind");
    }

    [Test]
    public void An_empty_existing_folder_is_used()
    {
        using var scratch = new Scratch();
        var (exit, _, error) = Invoke("assign", "--sheet", "000", "--out", scratch.Root, "--from", RepositoryRoot.Path);
        exit.Should().Be(ExitCodes.Done, error);
        File.Exists(Path.Combine(scratch.Root, "README.md")).Should().BeTrue();
    }

    [Test]
    public void A_folder_that_is_not_empty_is_refused_and_left_alone()
    {
        using var scratch = new Scratch();
        File.WriteAllText(Path.Combine(scratch.Root, "work.cs"), "// a student's work");
        var (exit, output, error) = Invoke("assign", "--sheet", "000", "--out", scratch.Root, "--from", RepositoryRoot.Path);
        exit.Should().Be(ExitCodes.UsageError);
        output.Should().BeEmpty();
        error.Trim().Should().Be($"grader assign: The output folder '{scratch.Root}' is not empty; give a new or empty folder, so no student work is overwritten.");
        Directory.EnumerateFileSystemEntries(scratch.Root).Should().ContainSingle();
    }

    [Test]
    public void A_from_folder_without_a_solution_is_refused_with_one_line()
    {
        using var scratch = new Scratch();
        var (exit, _, error) = Invoke("assign", "--sheet", "000", "--out", Path.Combine(scratch.Root, "repo"), "--from", scratch.Root);
        exit.Should().Be(ExitCodes.UsageError);
        error.Trim().Should().Be($"grader assign: '{scratch.Root}' (from --from) is not a grader repository: it holds no Grader.sln.");
        Directory.Exists(Path.Combine(scratch.Root, "repo")).Should().BeFalse();
    }

    [Test]
    public void An_output_inside_a_copied_folder_is_refused()
    {
        var inside = Path.Combine(RepositoryRoot.Path, "Graders", "Checks", "assign-test-" + Guid.NewGuid().ToString("N"));
        var (exit, _, error) = Invoke("assign", "--sheet", "000", "--out", inside, "--from", RepositoryRoot.Path);
        exit.Should().Be(ExitCodes.UsageError);
        error.Should().Contain("lies inside 'Graders/Checks', which is copied into it");
        Directory.Exists(inside).Should().BeFalse();
    }

    [Test]
    public void Without_a_sheet_it_asks_which_assignment()
    {
        using var scratch = new Scratch();
        var (exit, _, error) = Invoke("assign", "--out", Path.Combine(scratch.Root, "repo"), "--from", RepositoryRoot.Path);
        exit.Should().Be(ExitCodes.UsageError);
        error.Should().StartWith("grader assign: Say which assignment the repository is for: --sheet <id>, one of 000 (");
        Directory.Exists(Path.Combine(scratch.Root, "repo")).Should().BeFalse();
    }

    [Test]
    public void Without_out_the_parser_says_it_is_required()
    {
        var (exit, _, error) = Invoke("assign");
        exit.Should().NotBe(ExitCodes.Done);
        error.Should().Contain("--out");
    }

    internal static (int Exit, string Output, string Error) Invoke(params string[] args)
    {
        var root = new RootCommand { AssignCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
