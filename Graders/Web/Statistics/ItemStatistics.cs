using Grader.Semester;

namespace Grader.Web;

/// <summary>
/// What a head tutor reads off one manual item to see two tutors drift apart: how the current scores of the sheet's
/// latest run fall on the rubric's levels, each tutor's count and mean, and how many scores were changed.
/// </summary>
/// <param name="Item">The item.</param>
/// <param name="Levels">Each button's level (highest first) with how many current scores give its points.</param>
/// <param name="OffLevel">Current scores whose points are no level's (given by <c>semester score</c> or a rubric CSV).</param>
/// <param name="Tutors">Each giver's count of current scores and their mean points, by name (ordinal).</param>
/// <param name="Changed">Students whose score was replaced by one with other points (the audit list has both).</param>
/// <param name="Total">The hand-ins of the latest run.</param>
public sealed record ItemStatistics(
    SheetItem Item,
    IReadOnlyList<(RubricLevel Level, int Count)> Levels,
    int OffLevel,
    IReadOnlyList<(string Tutor, int Count, double Mean)> Tutors,
    int Changed,
    int Total)
{
    /// <summary>
    /// Scores changed by the answer to a regrade request (answered with a new score); null where it was not counted (the
    /// page shows "—").
    /// </summary>
    public int? ChangedAfterRegrade { get; init; }

    /// <summary>Each current score's points with its giver, in the tutors' order (what the distribution's figure draws).</summary>
    public IReadOnlyList<(string Tutor, double Points)> Points { get; init; } = [];

    /// <summary>The statistics of <paramref name="item"/> from its current scores and audit list (both over the latest run's hand-ins).</summary>
    public static ItemStatistics Of(SheetItem item, IReadOnlyList<ManualScoreEntry> scores, IReadOnlyList<ManualScoreEntry> audit, int total)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(audit);
        static bool Same(double a, double b) => Math.Abs(a - b) < 1e-9;
        var levels = item.Levels.Select(l => (l, scores.Count(s => Same(s.Points, l.Points)))).ToArray();
        var off = scores.Count(s => !item.Levels.Any(l => Same(s.Points, l.Points)));
        var tutors = scores.GroupBy(s => s.Tutor, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count(), g.Average(s => s.Points))).ToArray();
        var changed = audit.GroupBy(a => a.Student, StringComparer.Ordinal).Count(g => g.Select(a => a.Points).Distinct().Count() > 1);
        return new ItemStatistics(item, levels, off, tutors, changed, total)
        {
            Points = scores.OrderBy(s => s.Tutor, StringComparer.Ordinal).ThenBy(s => s.Points).Select(s => (s.Tutor, s.Points)).ToArray(),
        };
    }
}
