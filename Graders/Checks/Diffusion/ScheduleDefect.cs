namespace Grader.Checks.Diffusion;

/// <summary>
/// The parts of TUM 2023 problem 4 (sheet 002) that ask about one kind of β schedule, so a validity check can be split
/// along the parts and a hand-in that mishandles one kind loses only that part's points.
/// </summary>
public enum ScheduleDefect
{
    /// <summary>P4 (b): a β_n above 1 (+∞ included).</summary>
    AboveOne,

    /// <summary>P4 (c): a β_n equal to 1.</summary>
    EqualOne,

    /// <summary>P4 (d): a β_n at or below 0 (−∞ included) or not a number, as in the sheet's schedules.</summary>
    NotPositiveOrNotFinite,
}
