namespace Grader.Semester;

/// <summary>
/// A student's regrade request on one manual item or one task's automatic part, and the tutor's answer once given.
/// </summary>
/// <param name="Id">The gradebook's number (tutors' URLs name it; a student's never do).</param>
/// <param name="Student">Who filed it.</param>
/// <param name="Sheet">The sheet.</param>
/// <param name="Task">The task.</param>
/// <param name="Item">The manual item's id, or "" for the task's automatic part (<see cref="Automatic"/>).</param>
/// <param name="Reason">The student's reason (hostile text: escaped wherever it is shown).</param>
/// <param name="Filed">When it was filed (ISO 8601).</param>
/// <param name="Outcome">Null while open; <see cref="Kept"/> or <see cref="Changed"/>.</param>
/// <param name="Points">The new score when <see cref="Changed"/>; the score kept when <see cref="Kept"/> (null for an
/// answer on the automatic checks, and for kept answers stored before this was kept).</param>
/// <param name="Reply">The tutor's reply.</param>
/// <param name="Tutor">Who answered.</param>
/// <param name="Answered">When it was answered (ISO 8601).</param>
public sealed record RegradeRequest(long Id, string Student, string Sheet, string Task, string Item, string Reason, string Filed,
    string? Outcome, double? Points, string? Reply, string? Tutor, string? Answered)
{
    /// <summary>The outcome of an answer that keeps the score.</summary>
    public const string Kept = "kept";

    /// <summary>The outcome of an answer that gives a new score.</summary>
    public const string Changed = "changed";

    /// <summary>True for a request on a task's automatic part (answered by reading its verdicts).</summary>
    public bool Automatic => Item.Length == 0;

    /// <summary>True while no tutor has answered.</summary>
    public bool Open => Outcome is null;

    /// <summary>"000/3a/loss-functions · explanation", or "000/3a/loss-functions · automatic checks".</summary>
    public string Title => Automatic ? $"{Task} · automatic checks" : $"{Task} · {Item}";
}
