using Grader.Runner;

namespace Grader.Cli.Commands;

/// <summary>
/// The options <c>grade</c> and <c>check</c> share, made once per command: the assignment (<c>--sheet</c>), what is
/// graded (<c>--visible-only</c>, <c>--skip-check</c>), the limits (<c>--check-timeout</c>, <c>--call-cpu</c>,
/// <c>--timeout</c>), the snapshot and data folders, and <c>--require-sandbox</c>; read into the run's
/// <see cref="GradeSettings"/> and worker.
/// </summary>
public sealed class GradingOptions
{
    public Option<string?> Sheet { get; } = CommonOptions.Sheet();

    public Option<bool> VisibleOnly { get; } = CommonOptions.VisibleOnly();

    public Option<string[]> Skip { get; } = CommonOptions.SkipChecks();

    public Option<double> CheckTimeout { get; } = CommonOptions.CheckTimeout();

    public Option<double> CallCpu { get; } = CommonOptions.CallCpu();

    public Option<double> HandinTimeout { get; } = CommonOptions.HandinTimeout();

    public Option<string?> Snapshots { get; } = CommonOptions.Snapshots();

    public Option<string?> Data { get; } = CommonOptions.Data();

    public Option<bool> RequireSandbox { get; } = CommonOptions.RequireSandbox();

    public Option<string?> Course { get; } = CommonOptions.Course();

    /// <summary>
    /// Adds what is graded and its limits, then <paramref name="more"/> (the command's own), then <c>--require-sandbox</c>
    /// to <paramref name="command"/>, which holds <see cref="Sheet"/> already: the order <c>--help</c> lists them in.
    /// </summary>
    public Command AddTo(Command command, params Option[] more)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in (Option[])[Course, VisibleOnly, Skip, CheckTimeout, CallCpu, HandinTimeout, Snapshots, Data, .. more, RequireSandbox])
        {
            command.Options.Add(option);
        }

        return command;
    }

    /// <summary>The run's settings (<see cref="CommonOptions.Settings"/>) for the hand-ins in <paramref name="folders"/> and the resolved <paramref name="seed"/>.</summary>
    public GradeSettings Settings(ParseResult result, IEnumerable<string> folders, ulong seed) =>
        CommonOptions.Settings(result, folders, Sheet, seed, VisibleOnly, Skip, CheckTimeout, CallCpu, HandinTimeout, Snapshots, Data, Course);

    /// <summary>The worker the command grades in (<see cref="CommonOptions.Worker"/>), the sandbox required with <c>--require-sandbox</c>.</summary>
    public IWorker Worker(ParseResult result, TextWriter error, string verb) => CommonOptions.Worker(error, verb, result.GetValue(RequireSandbox));
}
