using Grader.Grading.Pipeline;

namespace Grader.Cli.Commands;

/// <summary>
/// <c>grader merge &lt;dirs…&gt; --out &lt;dir&gt; [--course FILE]</c>: joins the output folders of shard runs into one
/// gradebook, their points rebuilt with the course file they were graded with (<see cref="Grader.Grading.RunCourse"/>).
/// </summary>
public static class MergeCommand
{
    public static Command Create()
    {
        var folders = CommonOptions.Paths(new Argument<string[]>("folders") { Description = "The output folders of 'grader grade --shard k/N' runs.", Arity = ArgumentArity.OneOrMore });
        var output = new Option<string>("--out", "-o") { Description = "The folder to write the joined results to.", Required = true };
        var course = CommonOptions.Course();
        course.Description = "A copy of the course file the shards were graded with (the same SHA-256 as their run.json names), when that file has moved; an edited file is refused.";
        var command = new Command("merge", "Join the output folders of shard runs into one gradebook and report.") { folders, output, course };
        command.SetAction(result => CommandFailures.Run<MergeException>(result, "grader merge", stdout =>
        {
            var summary = new ShardMerge(CommonOptions.Catalog, GradingOutputs.Default)
                .Merge(result.GetValue(folders)!, result.GetValue(output)!, result.GetValue(course));
            stdout.WriteLine($"Merged {summary.Handins.Count} hand-in(s) into {Path.GetFullPath(result.GetValue(output)!)}.");
            return ExitCodes.Done;
        }));
        return command;
    }
}
