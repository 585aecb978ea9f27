using Grader.Grading.Groups;

namespace Grader.Web;

/// <summary>
/// Tutorials and groups on the tutors' pages (issue 68): which tutorials a tutor covers (the course file's <c>tutors</c>
/// of each <c>[[semester.tutorial]]</c> and what <c>grader serve tutor add NAME --tutorial T</c> stored), which
/// tutorials a hand-in is of (its members' for a group's hand-in), and a sheet's progress per tutorial. A course without
/// tutorials has none of this and its pages are what they were.
/// </summary>
public sealed class DeskTutorials
{
    private readonly GradingDesk _desk;

    internal DeskTutorials(GradingDesk desk) => _desk = desk;

    /// <summary>True when the course has tutorials.</summary>
    public bool HasTutorials => _desk.Course.Semester?.Tutorials.Count > 0;

    /// <summary>The tutorials <paramref name="tutor"/> covers: the course file's and the gradebook's, in the course's order.</summary>
    public IReadOnlyList<string> TutorialsOf(string tutor)
    {
        ArgumentNullException.ThrowIfNull(tutor);
        IReadOnlyList<string> stored;
        using (_desk.Hold())
        {
            stored = _desk.Gradebook.Tutors.TutorialsOf(tutor);
        }

        return (_desk.Course.Semester?.Tutorials ?? [])
            .Where(t => t.Tutors.Contains(tutor, StringComparer.Ordinal) || stored.Contains(t.Id, StringComparer.Ordinal))
            .Select(t => t.Id)
            .ToArray();
    }

    /// <summary>
    /// Whose feedback folder the tutor's "plots and feedback" of <paramref name="handin"/> opens: a group's hand-in has
    /// no folder of its own that is kept current (issue 80), so its first member's (the group's grade; only a member's
    /// own late policy can differ); anyone else's is their own.
    /// </summary>
    public string FeedbackOf(string sheet, string handin) => _desk.Roster(sheet)?.GroupNamed(handin) is { Members.Count: > 0 } group ? group.Members[0] : handin;

    /// <summary>
    /// The tutorial a hand-in is graded in, as a list of at most one: a group's one tutorial even when its members sit in
    /// two (<see cref="GroupRoster.TutorialOfHandin"/>: declared, else the majority), else its student's; empty when none.
    /// </summary>
    public static IReadOnlyList<string> TutorialsOfHandin(GroupRoster? roster, string handin) =>
        roster?.TutorialOfHandin(handin) is { Length: > 0 } tutorial ? [tutorial] : [];

    /// <summary>
    /// The problems the sheet's latest run found with each hand-in that did not skip it (a group's <c>members.txt</c>
    /// that differs from the course's group, one too large), by hand-in, as the run's <c>run.json</c> keeps them and
    /// <c>summary.md</c> lists them; empty when the run's folder is gone.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> HandinProblems(string sheet)
    {
        string? folder;
        using (_desk.Hold())
        {
            folder = _desk.Gradebook.Runs.LatestRun(sheet) is { } run ? _desk.Gradebook.Runs.RunFolder(run) : null;
        }

        var file = folder is null || !Directory.Exists(folder) ? null : RunFile.Load(folder);
        return (file?.Problems ?? [])
            .Where(p => !p.Skipped && !p.Ignored && p.Student is not null)
            .GroupBy(p => p.Student!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(p => p.Message).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>
    /// The sheet's progress per tutorial over all its manual items: each tutorial's hand-ins (a group's in its one tutorial) times the items, and how many of those have a score; hand-ins of no tutorial as "".
    /// The hand-ins and their standing scores are <paramref name="standing"/>, the course's one derivation (<see cref="DeskScoring.Standing"/>, issue 80).
    /// </summary>
    public IReadOnlyList<(string Tutorial, int Handins, int Scored, int Total)> TutorialProgress(string sheet, IReadOnlyDictionary<string, HandinStanding> standing)
    {
        ArgumentNullException.ThrowIfNull(standing);
        var roster = _desk.Roster(sheet);
        var items = _desk.Items(sheet);
        var tutorials = (_desk.Course.Semester?.Tutorials ?? []).Select(t => t.Id).Append("");
        return tutorials.Select(tutorial =>
        {
            var own = standing.Values.Where(h => TutorialsOfHandin(roster, h.Handin) is var of && (tutorial.Length == 0 ? of.Count == 0 : of.Contains(tutorial, StringComparer.Ordinal))).ToArray();
            return (tutorial, own.Length, items.Sum(i => own.Count(h => h.Scored(i.Task.Id, i.Item.Id) is not null)), own.Length * items.Count);
        }).Where(p => p.tutorial.Length > 0 || p.Item2 > 0).ToArray();
    }
}
