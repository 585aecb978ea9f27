using Grader.Grading.Groups;

namespace Grader.Web;

/// <summary>
/// A tutor's grading page in a course with tutorials (issue 68): the answer groups holding a hand-in of the tutor's
/// tutorials first (each part in the item's stable shuffle, <see cref="AnswerGroups.Shuffle"/>), every other one after
/// them on the same page; a group's hand-in shown as its id with its members, each under the page's label (a pseudonym
/// until names are shown).
/// </summary>
public static class TutorialOrder
{
    /// <summary><paramref name="view"/> for a tutor of <paramref name="tutorials"/>: their tutorials' answers first; unchanged without a roster or tutorials.</summary>
    public static ItemView ForTutor(ItemView view, GroupRoster? roster, IReadOnlyList<string> tutorials)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(tutorials);
        if (roster is null)
        {
            return view;
        }

        bool Own(AnswerGroup group) => group.Students.Any(s => DeskTutorials.TutorialsOfHandin(roster, s).Intersect(tutorials, StringComparer.Ordinal).Any());
        var own = tutorials.Count == 0 ? [] : view.Groups.Where(Own).ToArray();
        return view with
        {
            Roster = roster,
            Groups = [.. own, .. view.Groups.Except(own)],
            OwnGroups = own.Length,
            OwnTutorials = tutorials,
        };
    }

    /// <summary>
    /// The run's problems with <paramref name="handin"/> (<see cref="ItemView.Problems"/>) under it, each student and
    /// group the roster names written as the page's label (a pseudonym until names are shown); "" when none.
    /// </summary>
    public static string Problems(ItemView view, string handin)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (view.Problems.GetValueOrDefault(handin) is not { Count: > 0 } problems)
        {
            return "";
        }

        var naming = view.Naming ?? new SheetNaming(view.Item.Sheet, view.NamesShown,
            (view.Roster is { } roster ? roster.Students.Concat(roster.Groups.Select(g => g.Id)) : [handin]).Select(n => (n, n)));
        return $"<ul class=\"problems\">{string.Concat(problems.Select(p => $"<li>{Html.Escape(naming.Message(p))}</li>"))}</ul>";
    }

    /// <summary>"group of ada, bob, cy" (labels as the page shows names) under a group's hand-in, else "".</summary>
    public static string Members(ItemView view, string handin)
    {
        ArgumentNullException.ThrowIfNull(view);
        return Members(view.Roster, view.Naming ?? new SheetNaming(view.Item.Sheet, view.NamesShown, []), handin);
    }

    /// <summary>"group of ada, bob, cy" under <paramref name="handin"/> when it is a group's, each member as <paramref name="naming"/> labels them; else "".</summary>
    public static string Members(GroupRoster? roster, SheetNaming naming, string handin) =>
        roster?.GroupNamed(handin) is { } group
            ? $"<br><span class=\"members\">group of {Html.Escape(string.Join(", ", group.Members.Select(naming.Label)))}</span>"
            : "";

    /// <summary>The line above the answers: which tutorials come first, and where the others start.</summary>
    public static string Heading(ItemView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var yours = Html.Escape(string.Join(", ", view.OwnTutorials));
        return view.OwnTutorials.Count == 0 ? ""
            : view.OwnGroups == 0 ? $"<p class=\"tutorials\" id=\"tutorials\">No hand-in of your tutorials ({yours}) is in this run; every answer is another tutorial's.</p>\n"
            : view.OwnGroups == view.Groups.Count ? $"<p class=\"tutorials\" id=\"tutorials\">Every answer here holds a hand-in of your tutorials ({yours}).</p>\n"
            : $"<p class=\"tutorials\" id=\"tutorials\">Your tutorials ({yours}) first: {(view.OwnGroups == 1 ? "answer 1" : $"answers 1–{view.OwnGroups}")}; the other tutorials' from <a href=\"#g{view.OwnGroups}\">answer {view.OwnGroups + 1}</a> on.</p>\n";
    }
}
