using System.CommandLine;

namespace Grader.Cli.Commands;

/// <summary>The root command: every verb of <c>grader</c>.</summary>
public static class GraderCommand
{
    public static RootCommand Create() => new("Grades hand-ins for the deep generative model exercise sheets.")
    {
        GradeCommand.Create(),
        CheckCommand.Create(),
        MergeCommand.Create(),
        AssignCommand.Create(),
        RubricCommand.Create(),
        CatalogCommand.Create(),
        WorkerCommand.Create(),
    };
}
