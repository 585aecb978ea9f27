using System.CommandLine.Parsing;

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
        CourseCommand.Create(),
        SemesterCommand.Create(),
        SimilarityCommand.Create(),
        ServeCommand.Create(),
        WorkerCommand.Create(),
    };

    /// <summary>
    /// Runs <c>grader</c> with <paramref name="args"/>. A command line that does not parse gets one line on stderr, the
    /// first error with the option it concerns and a pointer to <c>--help</c> (not the whole help), and
    /// <see cref="ExitCodes.UsageError"/>.
    /// </summary>
    public static Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null)
    {
        configuration ??= new InvocationConfiguration();
        var result = Create().Parse(args);
        if (result.Errors.Count == 0)
        {
            return result.InvokeAsync(configuration);
        }

        configuration.Error.WriteLine(UsageLine(result));
        return Task.FromResult(ExitCodes.UsageError);
    }

    /// <summary>"grader grade: --jobs must be between 1 and 256. See 'grader grade --help'."</summary>
    public static string UsageLine(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var error = result.Errors[0];
        var verb = string.Join(" ", Names(result.CommandResult));
        var message = error.Message.ReplaceLineEndings(" ").Trim();
        if (error.SymbolResult is OptionResult option && !message.Contains(option.Option.Name, StringComparison.Ordinal))
        {
            message = $"{option.Option.Name}: {message}";
        }

        var more = result.Errors.Count > 1 ? $" ({result.Errors.Count - 1} more problem{(result.Errors.Count == 2 ? "" : "s")})" : "";
        return $"{verb}: {message}{more} See '{verb} --help'.";
    }

    /// <summary>"grader", "rubric", "export": the names from the root to <paramref name="command"/>.</summary>
    private static IEnumerable<string> Names(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? at = command; at is not null; at = at.Parent)
        {
            if (at is CommandResult c)
            {
                names.Add(c.Parent is null ? "grader" : c.Command.Name);
            }
        }

        names.Reverse();
        return names;
    }
}
