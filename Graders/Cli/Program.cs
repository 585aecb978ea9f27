using System.CommandLine;
using Grader.Cli.Commands;

var root = new RootCommand("Grades hand-ins for the deep generative model exercise sheets.")
{
    GradeCommand.Create(),
    CheckCommand.Create(),
    MergeCommand.Create(),
    AssignCommand.Create(),
    RubricCommand.Create(),
    WorkerCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
