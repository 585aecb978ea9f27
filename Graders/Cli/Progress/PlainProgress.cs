namespace Grader.Cli.Progress;

/// <summary>Progress as plain lines, one per finished hand-in (for logs, CI and pipes): "[3/26] alice 12.5 / 14 pts (41 s)".</summary>
public sealed class PlainProgress(TextWriter output) : IGradingProgress
{
    private readonly ProgressCounts _counts = new();

    public void Planned(int toGrade, int reused, int refused)
    {
        _counts.Plan(toGrade);
        lock (output)
        {
            output.WriteLine($"Grading {toGrade} hand-in(s); {reused} unchanged since the last run (kept); {refused} refused.");
        }
    }

    public void Started(string student) => _counts.Start(student);

    public void Finished(HandinReport outcome, bool keptEarlier)
    {
        var line = _counts.Finish(outcome);
        var note = outcome.Status == HandinStatus.Graded ? "" : $" [{outcome.Status}: {outcome.Reason}]";
        var kept = keptEarlier ? " (this run failed; the earlier result was kept)" : "";
        var seconds = outcome.Timing.Total.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
        lock (output)
        {
            output.WriteLine($"[{line.Done}/{line.Total}] {outcome.Student}: {PointsText.Shown(outcome.AutoTotal)} / {PointsText.Shown(outcome.Possible)} pts ({seconds} s){note}{kept} · {line.Running} running, {line.Failed} failed, {line.Left} left");
        }
    }
}
