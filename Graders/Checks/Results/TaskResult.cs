using Grader.Checks.Catalog;

namespace Grader.Checks.Results;

/// <summary>
/// One task of one hand-in: the catalog's task and a verdict for each of its checks that was run. Every number is
/// computed from those two, so a score can't disagree with its parts. A task's auto points are split by weight over
/// all its checks: when only the visible checks run (self-check), <see cref="MaxAuto"/> is their share and
/// <see cref="NotRun"/> the hidden rest. A task whose automatic share has no check yet (<see cref="NotGradedYet"/>)
/// counts it in full, so the assignment's best score is its maximum.
/// <para>
/// A task is certified by its hidden checks, the only ones decided on inputs no student was shown: when one of them
/// ran and failed (<see cref="WithheldBy"/>), the task earns nothing, whatever else passed. A visible check decided on
/// the shipped snapshots, a law that a stub satisfies, or another part of the same task computed right does not show
/// that the task's computation is done (issue 26: the corpus's cheats pass exactly those). The self-check runs no
/// hidden check, so there the rule never applies.
/// </para>
/// </summary>
/// <para>
/// The tutor's side of the task joins it as <see cref="Items"/> (every manual item, scored or pending), so the task's
/// <see cref="Total"/> is the one grade every output prints.
/// </para>
/// <param name="Task">The catalog's task.</param>
/// <param name="Checks">The verdicts of the checks that ran, in catalog order (none for a task that has no checks yet); each names one of the task's checks.</param>
public sealed record TaskResult(TaskSpec Task, IReadOnlyList<CheckVerdict> Checks)
{
    private double TotalWeight => Task.Checks.Sum(c => c.Weight);

    /// <summary>
    /// AutoPoints × Σ weights of passed checks / Σ weights of all the task's checks; 0 when a hidden check failed
    /// (<see cref="WithheldBy"/>) or the hand-in was <see cref="Refused"/>; all of AutoPoints when <see cref="NotGradedYet"/>.
    /// </summary>
    public double Score => Refused ? 0 : NotGradedYet ? Task.AutoPoints : WithheldBy is null ? Share(Checks.Where(c => c.Passed)) : 0;

    /// <summary>
    /// True when the hand-in was refused at intake: nothing of it ran, so the task's automatic share earns nothing (also
    /// one without checks yet), while <see cref="MaxAuto"/> and the manual items stay what they are for every hand-in.
    /// </summary>
    public bool Refused { get; init; }

    /// <summary>The first hidden check that ran and failed: it withholds every point of the task; null when there is none.</summary>
    public CheckVerdict? WithheldBy => Checks.FirstOrDefault(c => SpecOf(c).Visibility == Visibility.Hidden && !c.Passed);

    /// <summary>The points <paramref name="verdict"/> earns: its share when it passed and no hidden check withholds the task, else 0.</summary>
    public double Earned(CheckVerdict verdict) => verdict.Passed && WithheldBy is null ? PointsOf(verdict) : 0;

    /// <summary>The auto points the checks that ran can give (all of <see cref="TaskSpec.AutoPoints"/> when every check ran, or when <see cref="NotGradedYet"/>).</summary>
    public double MaxAuto => NotGradedYet ? Task.AutoPoints : Share(Checks);

    /// <summary>True when the task's automatic share has no check yet (<see cref="TaskSpec.ChecksPending"/>): it counts in full.</summary>
    public bool NotGradedYet => Task.ChecksPending && Task.AutoPoints > 0;

    /// <summary>Auto points of checks that did not run (hidden ones in a visible-only run); 0 for a task without checks.</summary>
    public double NotRun => Task.Graded ? Task.AutoPoints - MaxAuto : 0;

    /// <summary>The task's manual items with the tutor's points (default: all pending); set by the grade of the hand-in.</summary>
    public IReadOnlyList<ManualItemResult> Items { get; init; } = ManualItemResult.AllPending(Task);

    /// <summary>Automatic points earned; null when no check of the task ran (all of them when its automatic share has no check yet).</summary>
    public double? Auto => Checks.Count > 0 || NotGradedYet ? Score : null;

    /// <summary>Manual points given so far; null when the task has no manual items or none is scored yet.</summary>
    public double? Manual => Items.Any(i => !i.Pending) ? Items.Sum(i => i.Points ?? 0) : null;

    /// <summary>The manual points of the task.</summary>
    public double ManualMax => Task.ManualPoints;

    /// <summary>Points of manual items still to be scored by the tutor (all of them until scores join the report).</summary>
    public double ManualPending => Items.Where(i => i.Pending).Sum(i => i.Item.Points);

    /// <summary>Automatic plus manual points so far, before any late policy; null when both parts are null.</summary>
    public double? Total => Auto is null && Manual is null ? null : (Auto ?? 0) + (Manual ?? 0);

    /// <summary>The points this task can give in this run: <see cref="MaxAuto"/> plus <see cref="ManualMax"/>.</summary>
    public double Max => MaxAuto + ManualMax;

    /// <summary>True when the task has checks and every one that ran passed.</summary>
    public bool FullMarks => Checks.Count > 0 && Checks.All(c => c.Passed);

    /// <summary>The catalog's entry (weight, visibility) of the check a verdict of this task is about.</summary>
    public CheckSpec SpecOf(CheckVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return Task.Checks.FirstOrDefault(c => c.Check.Id == verdict.CheckId)
            ?? throw new ArgumentException($"task {Task.Id} has no check {verdict.CheckId}", nameof(verdict));
    }

    /// <summary>The points one check's pass is worth.</summary>
    public double PointsOf(CheckVerdict verdict) => Share([verdict]);

    private double Share(IEnumerable<CheckVerdict> verdicts)
    {
        double total = TotalWeight;
        return total == 0 ? 0 : Task.AutoPoints * verdicts.Sum(c => SpecOf(c).Weight) / total;
    }
}
