namespace Grader.Semester;

/// <summary>One check's verdict on one hand-in as a recorded run stored it (the gradebook's <c>check_verdicts</c>).</summary>
/// <param name="Check">The check's id.</param>
/// <param name="Outcome">Passed, Failed, Skipped, … (<see cref="CheckOutcome"/>'s name).</param>
/// <param name="Points">The points the check earned.</param>
/// <param name="Message">The check's message (the hand-in's output may be in it: escape it).</param>
public sealed record StoredVerdict(string Check, string Outcome, double Points, string Message);
