namespace Grader.Web;

/// <summary>A sheet's progress per tutorial (issue 68) on its page: each tutorial's hand-ins and how many of their manual items are scored.</summary>
public static class TutorialProgress
{
    /// <summary>The table, or "" for a course without tutorials; <paramref name="standing"/> is the sheet's hand-ins as the derivation gives them (<see cref="DeskScoring.Standing"/>).</summary>
    public static string Table(GradingDesk desk, string sheet, IReadOnlyDictionary<string, HandinStanding> standing)
    {
        ArgumentNullException.ThrowIfNull(desk);
        if (!desk.Tutorials.HasTutorials)
        {
            return "";
        }

        var rows = new StringBuilder();
        foreach (var (tutorial, handins, scored, total) in desk.Tutorials.TutorialProgress(sheet, standing))
        {
            var name = tutorial.Length == 0 ? "no tutorial" : Html.Escape(tutorial);
            rows.Append(CultureInfo.InvariantCulture, $"<tr class=\"{(total > 0 && scored == total ? "done" : "")}\" data-tutorial=\"{Html.Escape(tutorial)}\"><td>{name}</td><td>{handins}</td><td class=\"progress\">{scored} of {total} scored</td></tr>\n");
        }

        return $"""
            <h2>Per tutorial</h2>
            <table class="tutorials" id="tutorial-progress"><thead><tr><th>tutorial</th><th>hand-ins</th><th>progress (all items)</th></tr></thead><tbody>
            {rows}</tbody></table>
            """;
    }
}
