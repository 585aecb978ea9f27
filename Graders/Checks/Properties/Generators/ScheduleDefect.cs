namespace Grader.Checks.Properties.Generators;

/// <summary>
/// The kinds of β outside (0, 1), one per part of TUM 2023 problem 4, so a validity check can be split along the
/// parts and a hand-in that mishandles one kind loses only that part's points.
/// </summary>
public enum ScheduleDefect
{
    /// <summary>β &gt; 1 (+∞ included): α &lt; 0, P4 (b).</summary>
    AboveOne,

    /// <summary>β = 1: α = 0, P4 (c).</summary>
    EqualOne,

    /// <summary>β ≤ 0 (−∞ included) or NaN: no noise, a negative variance, or not a number; schedules 2 and 4 of P4 (d).</summary>
    NotPositiveOrNotFinite,
}
