using System.CommandLine;
using Grader.Cli.Tests.Assign;

namespace Grader.Cli.Tests.Commands;

/// <summary>
/// <c>grader similarity</c> without <c>--template</c> leaves out the code of the sheet's own template, as
/// <c>grader assign</c> wrote it: tried by hand on <c>grader assign --sheet 002</c> repositories, two students who had
/// not yet changed a line were flagged 1.00 with 54 shared fingerprints, all of them the template's.
/// </summary>
[NonParallelizable]
public sealed class SimilarityTemplateTests
{
    /// <summary>A solution both alice and carol hand in (a copy), bob not: the only pair that shares code beyond the template.</summary>
    private const string SharedSolution = """
        using System.Collections.Generic;
        using System.Linq;

        namespace Submission;

        public static class CopiedHelper
        {
            public static double Weighted(IReadOnlyList<double> values, IReadOnlyList<double> weights)
            {
                var total = 0.0;
                for (var i = 0; i < values.Count; i++)
                {
                    total += values[i] * weights[i] / (1.0 + weights.Take(i).Sum());
                }

                return total > 0 ? System.Math.Sqrt(total) : -System.Math.Sqrt(-total);
            }
        }
        """;

    [Test]
    public void Students_who_kept_the_template_are_no_match_and_a_copied_solution_still_is()
    {
        using var scratch = new Scratch();
        var repository = Path.Combine(scratch.Root, "repo");
        AssignCommandTests.Invoke("assign", "--sheet", "002", "--out", repository, "--from", RepositoryRoot.Path).Exit.Should().Be(ExitCodes.Done);
        var handins = Path.Combine(scratch.Root, "handins");
        foreach (var student in new[] { "alice", "bob", "carol" })
        {
            var folder = Path.Combine(handins, student);
            Directory.CreateDirectory(Path.Combine(folder, "Handin"));
            File.Copy(Path.Combine(repository, "assignment.json"), Path.Combine(folder, "assignment.json"));
            foreach (var file in Directory.EnumerateFiles(Path.Combine(repository, "Handin")))
            {
                File.Copy(file, Path.Combine(folder, "Handin", Path.GetFileName(file)));
            }
        }

        File.WriteAllText(Path.Combine(handins, "alice", "Handin", "CopiedHelper.cs"), SharedSolution);
        File.WriteAllText(Path.Combine(handins, "carol", "Handin", "CopiedHelper.cs"), SharedSolution);

        var (exit, output, error) = Invoke("similarity", handins, "--out", Path.Combine(scratch.Root, "out"));

        exit.Should().Be(ExitCodes.Done, error);
        error.Should().BeEmpty();
        output.Should().Contain("Template: sheet 002 of ").And.Contain("as 'grader assign' writes it into Handin/");
        output.Should().Contain("3 pairs compared; 1 at or above 0.5:\n").And.Contain("  alice – carol\n");
        output.Should().NotContain("alice – bob").And.NotContain("bob – carol");
    }

    [Test]
    public void Without_a_sheet_to_find_it_warns_that_the_template_counts()
    {
        using var scratch = new Scratch();
        var handins = Path.Combine(scratch.Root, "handins");
        foreach (var student in new[] { "alice", "bob" })
        {
            Directory.CreateDirectory(Path.Combine(handins, student));
            File.WriteAllText(Path.Combine(handins, student, "CopiedHelper.cs"), SharedSolution);
        }

        var (exit, output, error) = Invoke("similarity", handins, "--out", Path.Combine(scratch.Root, "out"));

        exit.Should().Be(ExitCodes.Done, error);
        error.Should().StartWith("Warning: no template left out (").And.Contain("Give --template <folder>");
        output.Should().Contain("1 pairs compared; 1 at or above 0.5:");
    }

    private static (int Exit, string Output, string Error) Invoke(params string[] args)
    {
        var root = new RootCommand { SimilarityCommand.Create() };
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
