namespace Grader.Semester;

/// <summary>
/// The times of one recorded hand-in as the late policy reads them (<see cref="RunStore.Times"/>): the one that
/// decides, where it comes from, and the time the hand-in itself carries, which the student sets and which decides nothing.
/// </summary>
/// <param name="Deciding">The time the late policy counts from: the LMS file's (<c>--submitted</c>), else the time the grader first saw this content (the start of the sheet's earliest recorded run whose hand-in of this student had the same code); null when neither is known.</param>
/// <param name="Source">Where <paramref name="Deciding"/> comes from, in words for the tutor ("LMS file", "first seen by the grader", …).</param>
/// <param name="Claimed">The time the hand-in carries (its last commit's committer time, a zip's or its files' time), shown as claimed; null when none was read.</param>
public sealed record HandinTimes(DateTimeOffset? Deciding, string Source, DateTimeOffset? Claimed)
{
    /// <summary>Where a time from the LMS file comes from.</summary>
    public const string LmsFile = "LMS file";

    /// <summary>Where the time the grader first saw the content comes from.</summary>
    public const string FirstSeen = "first seen by the grader";

    /// <summary>
    /// Why code already there in the sheet's first recorded run has no deciding time: that run's start is the grader's
    /// first look, not when the code came (<see cref="RunStore.Times"/>).
    /// </summary>
    public const string FirstLook = "there at the grader's first look at the sheet, so not observed before it: grade at the deadline, or pass --submitted";

    /// <summary>Where the time of a hand-in recorded by a grader before tutor-observed times comes from (its own time, or the LMS file's).</summary>
    public const string AsRecorded = "as recorded before observed times";
}
