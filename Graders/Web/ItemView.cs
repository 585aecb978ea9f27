using Grader.Grading.Reports;
using Grader.Semester;

namespace Grader.Web;

/// <summary>What the grading page of one manual item shows: the sheet's latest run's hand-ins grouped by answer, each student's score (with its version) and the run's verdicts of the item's task.</summary>
/// <param name="Item">The item.</param>
/// <param name="Groups">The answer groups; empty when the sheet has no recorded run.</param>
/// <param name="Reports">Each student's written report (null: none handed in or not readable).</param>
/// <param name="Scores">The current score of each scored student.</param>
/// <param name="Verdicts">The run's verdicts of the task, by student.</param>
public sealed record ItemView(
    SheetItem Item,
    IReadOnlyList<AnswerGroup> Groups,
    IReadOnlyDictionary<string, WrittenReport?> Reports,
    IReadOnlyDictionary<string, ManualScoreEntry> Scores,
    IReadOnlyDictionary<string, IReadOnlyList<StoredVerdict>> Verdicts)
{
    /// <summary>Each hand-in's times (<see cref="RunStore.Times"/>): when it was handed in as the late policy counts it, and what it claims.</summary>
    public IReadOnlyDictionary<string, HandinTimes> Times { get; init; } = new Dictionary<string, HandinTimes>();

    /// <summary>True after the tutor's logged reveal: the page shows names; otherwise each student is their pseudonym on the sheet (<see cref="Pseudonyms"/>).</summary>
    public bool NamesShown { get; init; }

    /// <summary>The sheet's groups and tutorials (a group course, issue 68): a group's hand-in is shown with its members; null for a course handed in alone.</summary>
    public Grader.Grading.Groups.GroupRoster? Roster { get; init; }

    /// <summary>The problems the run found with each hand-in (<see cref="DeskTutorials.HandinProblems"/>), shown under it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Problems { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>How many answer groups at the top hold a hand-in of the tutor's tutorials (<see cref="TutorialOrder"/>); 0 when the tutor covers none.</summary>
    public int OwnGroups { get; init; }

    /// <summary>The tutor's tutorials (shown above the answers), empty when they cover none.</summary>
    public IReadOnlyList<string> OwnTutorials { get; init; } = [];

    /// <summary>The tutor's naming of the sheet (<see cref="DeskNaming.Naming"/>): what every label and quoted text of the page goes through; null: names as <see cref="NamesShown"/> says, with no other name known.</summary>
    public SheetNaming? Naming { get; init; }

    /// <summary>How the page names <paramref name="student"/>: the name once revealed, else the pseudonym (in text, links and forms alike).</summary>
    public string Label(string student) => (Naming ?? new SheetNaming(Item.Sheet, NamesShown, [])).Label(student);

    /// <summary>The first answer group after <paramref name="after"/> with a student not scored yet, else the first such group from the top, else the one after <paramref name="after"/> (0 for a fresh page: -1).</summary>
    public int NextUnscored(int after)
    {
        bool Open(int g) => Groups[g].Students.Any(s => !Scores.ContainsKey(s));
        var later = Enumerable.Range(0, Groups.Count).Where(g => g > after && Open(g)).Cast<int?>().FirstOrDefault()
            ?? Enumerable.Range(0, Groups.Count).Where(Open).Cast<int?>().FirstOrDefault();
        return later ?? Math.Clamp(after + 1, 0, Math.Max(Groups.Count - 1, 0));
    }

    /// <summary>How many of the listed students have a score.</summary>
    public int Scored => Groups.Sum(g => g.Students.Count(Scores.ContainsKey));

    /// <summary>How many students are listed.</summary>
    public int Total => Groups.Sum(g => g.Students.Count);
}
