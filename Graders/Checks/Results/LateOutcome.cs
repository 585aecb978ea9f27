namespace Grader.Checks.Results;

/// <summary>What the late policy made of one student's hand-in for one sheet.</summary>
/// <param name="Student">The student.</param>
/// <param name="Sheet">The sheet id.</param>
/// <param name="Submitted">When the hand-in was submitted; null when unknown (counted as on time).</param>
/// <param name="Due">The deadline with the student's extension.</param>
/// <param name="ExtensionDays">Days of extension the student had.</param>
/// <param name="LateDays">Started days past <paramref name="Due"/>.</param>
/// <param name="GraceDaysUsed">Late days covered by the student's grace days.</param>
/// <param name="PenalisedDays">Late days that cost points.</param>
/// <param name="Factor">What the sheet's points are multiplied by (1 when on time or covered by grace days).</param>
public sealed record LateOutcome(string Student, string Sheet, DateTimeOffset? Submitted, DateTimeOffset Due, int ExtensionDays, int LateDays, int GraceDaysUsed, int PenalisedDays, double Factor)
{
    /// <summary>The share of the sheet's points the policy takes per penalised day (as the course file sets it).</summary>
    public double PenaltyPerDay { get; init; }

    /// <summary>Where <see cref="Submitted"/> comes from, in words ("LMS file", "first seen by the grader"); empty when not said.</summary>
    public string TimeSource { get; init; } = "";

    /// <summary>
    /// The time the hand-in itself carries (its last commit's committer time, a zip's or its files' time): the student
    /// sets it, so the tutor sees it as claimed and it decides nothing. Null when none was read.
    /// </summary>
    public DateTimeOffset? Claimed { get; init; }

    /// <summary>True when submitted after <see cref="Due"/>.</summary>
    public bool Late => LateDays > 0;

    /// <summary><see cref="Describe(double)"/> with the policy's own <see cref="PenaltyPerDay"/>.</summary>
    public string Describe() => Describe(PenaltyPerDay);

    /// <summary>"3 days late, submitted 2026-11-08 09:12 UTC (first seen by the grader) (due 2026-11-05 12:00 UTC with a 2-day extension; 1 day of grace used, 2 days × 25 % off: points × 0.5)".</summary>
    public string Describe(double penaltyPerDay)
    {
        var due = string.Create(CultureInfo.InvariantCulture, $"due {Due.UtcDateTime:yyyy-MM-dd HH:mm} UTC{(ExtensionDays > 0 ? $" with a {ExtensionDays}-day extension" : "")}");
        if (!Late)
        {
            return Submitted is null ? $"no submission time known ({due}): counted as on time" : $"on time ({due})";
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{Days(LateDays)} late, submitted {Submitted!.Value.UtcDateTime:yyyy-MM-dd HH:mm} UTC{(TimeSource.Length > 0 ? $" ({TimeSource})" : "")} ({due}; {Days(GraceDaysUsed)} of grace used, {Days(PenalisedDays)} × {penaltyPerDay * 100:0.#} % off: points × {Factor:0.###})");
    }

    private static string Days(int n) => n == 1 ? "1 day" : string.Create(CultureInfo.InvariantCulture, $"{n} days");
}
