namespace Grader.Cli.Reporters;

/// <summary>
/// One task of one student's row: the automatic points (from <see cref="TaskResult.Score"/>), the manual points (from
/// the tutor's scores) and their sum. A part that has nothing scored yet is null, never 0: <see cref="Auto"/> when no
/// check of the task ran, <see cref="Manual"/> when the task has no manual items or none is scored yet.
/// </summary>
/// <param name="Task">The catalog's task.</param>
/// <param name="Result">The task's result in the hand-in's report; null when the report does not have the task.</param>
/// <param name="Items">The task's manual items with the tutor's points.</param>
public sealed record TaskScore(TaskSpec Task, TaskResult? Result, IReadOnlyList<ManualItemResult> Items)
{
    /// <summary>Automatic points earned; null when no check of the task ran (all of them when its automatic share has no check yet).</summary>
    public double? Auto => Result is { Checks.Count: > 0 } or { NotGradedYet: true } ? Result.Score : null;

    /// <summary>The automatic points the checks that ran could give.</summary>
    public double AutoMax => Result?.MaxAuto ?? 0;

    /// <summary>Automatic points of checks that did not run (hidden checks in a visible-only run).</summary>
    public double NotRun => Result?.NotRun ?? 0;

    /// <summary>Manual points given so far; null when the task has no manual items or none is scored yet.</summary>
    public double? Manual => Items.Any(i => !i.Pending) ? Items.Sum(i => i.Points ?? 0) : null;

    /// <summary>The manual points of the task.</summary>
    public double ManualMax => Task.ManualPoints;

    /// <summary>Points of manual items still to be scored.</summary>
    public double ManualPending => Items.Where(i => i.Pending).Sum(i => i.Item.Points);

    /// <summary>Automatic plus manual points so far; null when both parts are null.</summary>
    public double? Total => Auto is null && Manual is null ? null : (Auto ?? 0) + (Manual ?? 0);

    /// <summary>The points this task can give in this run: <see cref="AutoMax"/> plus <see cref="ManualMax"/>.</summary>
    public double Max => AutoMax + ManualMax;
}
