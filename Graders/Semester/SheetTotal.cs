namespace Grader.Semester;

/// <summary>
/// One student's sheet in the semester: the hand-in's grade (<see cref="HandinReport"/>, rebuilt from the sheet's latest
/// recorded run with the gradebook's manual scores and the late policy, <see cref="HandinGrade.Of"/>) or none. Its
/// numbers are the report's, so the semester prints what the run's files print.
/// </summary>
/// <param name="Sheet">The sheet id.</param>
/// <param name="Graded">False while no run of the sheet is recorded: "not graded yet", left out of every total and export.</param>
/// <param name="Report">The hand-in's grade in the latest run; null when that run did not grade the student.</param>
/// <param name="Late">What the late policy made of the hand-in.</param>
/// <param name="Max">The maximum of the sheet's latest run (bonus excluded): <see cref="HandinReport.Max"/>, the one the
/// run's files print (a check left out by <c>--skip-check</c> is not in it); the catalog's while no run is recorded.</param>
public sealed record SheetTotal(string Sheet, bool Graded, HandinReport? Report, LateOutcome Late, double Max)
{
    /// <summary>Whose hand-in of the sheet is the student's: their group's where it handed in, else their own name (issue 68).</summary>
    public string Handin { get; init; } = "";

    /// <summary>True once the sheet is released to students (<see cref="ReleaseStore.Release"/>): only then does the student's side show it.</summary>
    public bool Released { get; init; }

    /// <summary>The regrade requests on the sheet filed by the student or a member of their group (one per group and item), open first, each with its answer once given.</summary>
    public IReadOnlyList<RegradeRequest> Regrades { get; init; } = [];

    /// <summary>The tutors' inline comments on <see cref="Handin"/> (as stored; placed on the code and report the run keeps where rendered).</summary>
    public IReadOnlyList<StoredComment> Comments { get; init; } = [];

    /// <summary>
    /// The standing manual scores of <see cref="Handin"/> on the sheet's items, by task and item: each the score in the
    /// grade, with the tutor who gave it, when, and its version (the one a write against it carries). The tutors' pages
    /// that say "scored by" or send a version read it here (issue 80).
    /// </summary>
    public IReadOnlyList<ManualScoreEntry> Scores { get; init; } = [];

    /// <summary>The standing score of one manual item of <see cref="Handin"/> (<see cref="Scores"/>), or null while it has none.</summary>
    public ManualScoreEntry? Scored(string task, string item) => Scores.FirstOrDefault(s => s.TaskId == task && s.ItemId == item);

    /// <summary>True when the sheet's latest run graded the student or refused their hand-in (<see cref="Refused"/>).</summary>
    public bool HandedIn => Report is not null;

    /// <summary>True when the sheet's latest run refused the student's hand-in: 0 automatic points, the manual scores kept.</summary>
    public bool Refused => Report is { Status: HandinStatus.Refused };

    /// <summary>Automatic points (0 when not handed in).</summary>
    public double Auto => Report?.AutoTotal ?? 0;

    /// <summary>Manual points entered so far (0 when none).</summary>
    public double Manual => Report?.ManualTotal ?? 0;

    /// <summary>True while a manual item of the sheet has no score for a handed-in hand-in.</summary>
    public bool ManualPending => Report is { ManualPending: > 0 };

    /// <summary>Points before the late policy (<see cref="HandinReport.BeforeLate"/>).</summary>
    public double Before => Report?.BeforeLate ?? 0;

    /// <summary>Points after the late policy: the report's <see cref="HandinReport.Total"/>.</summary>
    public double After => Report?.Total ?? 0;
}
