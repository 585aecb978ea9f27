namespace Grader.Cli.Commands;

/// <summary>
/// How a command turns its failures into an exit code: bad input (the command's own exception type) is one line on stderr
/// and <see cref="ExitCodes.UsageError"/>; a file the grader cannot read or write is one line and
/// <see cref="ExitCodes.InfrastructureFailure"/>. Anything else is a defect and escapes.
/// </summary>
internal static class CommandFailures
{
    /// <summary>Runs <paramref name="action"/> with the command's stdout; <paramref name="name"/> prefixes each message ("grader merge").</summary>
    public static int Run<TBadInput>(ParseResult result, string name, Func<TextWriter, int> action) where TBadInput : Exception =>
        Run(result, name, e => e is TBadInput, action);

    /// <summary>As <see cref="Run{TBadInput}"/> for a command whose bad input comes as several exception types: those <paramref name="badInput"/> accepts.</summary>
    public static int Run(ParseResult result, string name, Func<Exception, bool> badInput, Func<TextWriter, int> action)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(badInput);
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return action(result.InvocationConfiguration.Output);
        }
        catch (Exception e) when (badInput(e))
        {
            result.InvocationConfiguration.Error.WriteLine($"{name}: {e.Message}");
            return ExitCodes.UsageError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            result.InvocationConfiguration.Error.WriteLine($"{name}: {e.Message}");
            return ExitCodes.InfrastructureFailure;
        }
    }
}
