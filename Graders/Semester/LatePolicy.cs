namespace Grader.Semester;

/// <summary>
/// How a late hand-in is scored (Autolab's rule): each started day past the deadline (plus the student's extension) is a
/// late day; a student's first <see cref="GraceDays"/> late days of the semester, spent in deadline order, cost nothing,
/// and every further late day on a sheet costs <see cref="PenaltyPerDay"/> of that sheet's points (never below 0).
/// </summary>
/// <param name="GraceDays">Late days each student may spend over the semester without penalty.</param>
/// <param name="PenaltyPerDay">The share of a sheet's points lost per late day past the grace days (0 … 1).</param>
public sealed record LatePolicy(int GraceDays, double PenaltyPerDay)
{
    /// <summary>No grace days, no penalty.</summary>
    public static readonly LatePolicy None = new(0, 0);

    /// <summary>
    /// The outcome of every submission of one student, in deadline order of <paramref name="sheets"/>: how late, the grace
    /// days spent and the factor on the sheet's points. A sheet without a submission time is on time (nothing to apply).
    /// </summary>
    public IReadOnlyList<LateOutcome> Apply(string student, IReadOnlyList<SheetDeadline> sheets, IReadOnlyList<Extension> extensions, Func<string, DateTimeOffset?> submitted)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        ArgumentNullException.ThrowIfNull(extensions);
        ArgumentNullException.ThrowIfNull(submitted);
        var outcomes = new List<LateOutcome>();
        int graceLeft = GraceDays;
        foreach (var sheet in sheets.OrderBy(s => s.Deadline).ThenBy(s => s.Sheet, StringComparer.Ordinal))
        {
            int extra = extensions.Where(e => e.Student == student && e.Sheet == sheet.Sheet).Sum(e => e.Days);
            var due = sheet.Deadline.AddDays(extra);
            var at = submitted(sheet.Sheet);
            int lateDays = at is { } t && t > due ? (int)Math.Ceiling((t - due).TotalDays) : 0;
            int grace = Math.Min(lateDays, graceLeft);
            graceLeft -= grace;
            int penalised = lateDays - grace;
            outcomes.Add(new LateOutcome(student, sheet.Sheet, at, due, extra, lateDays, grace, penalised, Math.Max(0, 1 - (penalised * PenaltyPerDay))) { PenaltyPerDay = PenaltyPerDay });
        }

        return outcomes;
    }
}
