using Spectre.Console;

namespace Grader.Cli.Progress;

/// <summary>
/// Progress on a terminal (Spectre.Console): one bar for the run whose label shows done, running, failed and the time
/// left, and a line above it per finished hand-in.
/// </summary>
public sealed class LiveProgress(IAnsiConsole console, ProgressTask task) : IGradingProgress
{
    private readonly ProgressCounts _counts = new();

    /// <summary>Runs <paramref name="work"/> under a live progress display.</summary>
    public static Task<T> RunAsync<T>(IAnsiConsole console, Func<IGradingProgress, Task<T>> work) =>
        console.Progress()
            .AutoClear(true) // the bar goes when the run ends or is stopped (Ctrl-C); the lines above it stay
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(context => work(new LiveProgress(console, context.AddTask("grading", maxValue: 1))));

    public void Planned(int toGrade, int reused, int refused)
    {
        _counts.Plan(toGrade);
        task.MaxValue = Math.Max(1, toGrade);
        console.MarkupLine(Markup.Escape($"Grading {toGrade} hand-in(s); {reused} unchanged since the last run (kept); {refused} refused."));
        Describe();
    }

    public void Started(string student)
    {
        _counts.Start(student);
        Describe();
    }

    public void Finished(HandinReport outcome, bool keptEarlier)
    {
        _counts.Finish(outcome);
        task.Increment(1);
        var colour = outcome.Status == HandinStatus.Graded ? "green" : outcome.Status == HandinStatus.CompileFailed ? "yellow" : "red";
        var note = outcome.Status == HandinStatus.Graded ? "" : $" {outcome.Status}";
        var kept = keptEarlier ? " (failed run; earlier result kept)" : "";
        console.MarkupLine($"[{colour}]{Markup.Escape(outcome.Student)}[/] {PointsText.Shown(outcome.AutoTotal)} / {PointsText.Shown(outcome.Possible)}{Markup.Escape(note + kept)}");
        Describe();
    }

    private void Describe()
    {
        var now = _counts.Now();
        task.Description = Markup.Escape($"done {now.Done}/{now.Total} · running {now.Running} · failed {now.Failed} · left {now.Left}");
    }
}
