namespace Grader.Web;

/// <summary>
/// The grading page's switch between pseudonyms and names: a POST to <c>/sheet/S/names</c> (anti-forgery token, the
/// page to come back to) that the gradebook logs (<see cref="DeskNaming.RevealNames"/>) and the statistics page lists.
/// Names stay shown for that tutor on that sheet until they hide them again.
/// </summary>
public static class NameReveal
{
    /// <summary>The form field saying whether names are to be shown ("yes") or hidden.</summary>
    public const string ShownField = "shown";

    /// <summary>The form field with the local path to come back to.</summary>
    public const string BackField = "back";

    /// <summary>The sheet's route that shows or hides names.</summary>
    public static string Path(string sheet) => $"/sheet/{Uri.EscapeDataString(sheet)}/names";

    /// <summary>The form: "Show names (logged)" while they are hidden, "Hide names" while shown.</summary>
    public static string Form(ItemView view, string antiforgery)
    {
        ArgumentNullException.ThrowIfNull(view);
        return $"<form method=\"post\" action=\"{Path(view.Item.Sheet)}\" class=\"names\">{ServePages.Token(antiforgery)}"
            + $"<input type=\"hidden\" name=\"{ShownField}\" value=\"{(view.NamesShown ? "no" : "yes")}\"><input type=\"hidden\" name=\"{BackField}\" value=\"{Html.Escape(view.Item.Path)}\">"
            + (view.NamesShown
                ? "<button type=\"submit\" id=\"names\">Hide names</button> Names are shown (your reveal is in the sheet's statistics page)."
                : "<button type=\"submit\" id=\"names\">Show names</button> Students are pseudonyms on this sheet; showing their names is logged.")
            + "</form>";
    }

    /// <summary>
    /// What the tutor's "plots and feedback" of <paramref name="label"/> opens while names are hidden: the file names the
    /// student (its title, the hand-in's paths in its messages), so it is held back until the tutor shows names (logged).
    /// </summary>
    public static string HeldBack(string sheet, string label, string tutor, string antiforgery) =>
        ServePages.Layout($"{label} · feedback held back", tutor, antiforgery,
            $"<nav><a href=\"/\">Sheets</a> › <a href=\"/sheet/{Uri.EscapeDataString(sheet)}\">Sheet {Html.Escape(sheet)}</a></nav>"
            + $"<h1>{Html.Escape(label)}: feedback held back</h1><p class=\"problem\" id=\"held-back\">Names are hidden on sheet {Html.Escape(sheet)}, and the student's feedback file names the student."
            + " Show names on a grading page of the sheet (the reveal is logged) to open it; the verdicts and the report are on the grading page.</p>");
}
