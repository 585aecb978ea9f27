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
        if (UnknownCommand(result) is { } unknown)
        {
            return $"{verb}: unknown command '{unknown}'.{Suggestion(unknown, result.CommandResult.Command)} See '{verb} --help'.";
        }

        var message = error.Message.ReplaceLineEndings(" ").Trim();
        if (error.SymbolResult is OptionResult option && !message.Contains(option.Option.Name, StringComparison.Ordinal))
        {
            message = $"{option.Option.Name}: {message}";
        }

        var more = result.Errors.Count > 1 ? $" ({result.Errors.Count - 1} more problem{(result.Errors.Count == 2 ? "" : "s")})" : "";
        return $"{verb}: {message}{more} See '{verb} --help'.";
    }

    /// <summary>The word typed where a command of verbs expects one of them (<c>grader grde</c>: "grde"), or null.</summary>
    private static string? UnknownCommand(ParseResult result) =>
        result.CommandResult.Command.Subcommands.Count > 0 && !result.CommandResult.Children.Any()
            ? result.UnmatchedTokens.FirstOrDefault(t => !t.StartsWith('-'))
            : null;

    /// <summary>" Did you mean 'grade'?" when a verb of <paramref name="command"/> is at most two edits (or a third of the word) away, else "".</summary>
    private static string Suggestion(string typed, Command command)
    {
        var verbs = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToArray();
        var nearest = Grader.Checks.Courses.NearestIds.Of(typed, verbs, count: 1);
        return nearest.Count == 1 && Grader.Checks.Courses.NearestIds.Distance(typed, nearest[0]) <= Math.Max(2, typed.Length / 3)
            ? $" Did you mean '{nearest[0]}'?"
            : "";
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
