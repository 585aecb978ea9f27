namespace Grader.Web;

/// <summary>
/// One manual item of a sheet as <c>grader serve</c> addresses it: the sheet, its place among the sheet's manual items
/// (the URL's number, so no task id with its slashes is ever part of a path), the task and the item.
/// </summary>
/// <param name="Sheet">The sheet's id.</param>
/// <param name="Index">The item's place among the sheet's manual items, in catalog order, from 0.</param>
/// <param name="Task">The task the item belongs to.</param>
/// <param name="Item">The manual item.</param>
public sealed record SheetItem(string Sheet, int Index, TaskSpec Task, ManualItem Item)
{
    /// <summary>
    /// The buttons: the rubric's levels, highest first; an item without levels offers its points, every half point below
    /// them and 0.
    /// </summary>
    public IReadOnlyList<RubricLevel> Levels =>
        Item.Levels.Count > 0
            ? Item.Levels.OrderByDescending(l => l.Points).ToArray()
            : new[] { Item.Points }.Concat(Enumerable.Range(0, (int)Math.Ceiling(Item.Points * 2)).Select(k => k / 2.0).Where(p => p < Item.Points - 1e-9))
                .OrderDescending().Select(p => new RubricLevel(p, "")).ToArray();

    /// <summary>The item's page: "/sheet/000/item/3".</summary>
    public string Path => $"/sheet/{Uri.EscapeDataString(Sheet)}/item/{Index.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// "2 (a) The flow matching loss · Derivation": the item in the sheet's words, as the student's page names it (the
    /// task as the sheet heads it, <see cref="TextReport.TaskHeading"/>, and the item's id in words,
    /// <see cref="TextReport.InWords"/>); every tutor page heads and links the item by it.
    /// </summary>
    public string Title => Words(Task, Item.Id);

    /// <summary>"000/2a/flow-loss · derivation": the grader's ids, what a tutor types (<c>semester score</c>, a rubric CSV).</summary>
    public string Id => $"{Task.Id} · {Item.Id}";

    /// <summary>The ids as a page shows them beside the words: small, in code, for the tutor who types them.</summary>
    public string IdHtml => $"<code class=\"id\">{Html.Escape(Id)}</code>";

    /// <summary>"2 (a) The flow matching loss · Derivation": <paramref name="item"/> of <paramref name="task"/> in the sheet's words (<see cref="Title"/>).</summary>
    public static string Words(TaskSpec task, string item)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(item);
        return $"{TextReport.TaskHeading(task)} · {TextReport.InWords(item)}";
    }
}
