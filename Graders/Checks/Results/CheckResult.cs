namespace Grader.Checks.Results;

/// <summary>
/// What one check found. The message follows FsCheck's order: what was expected, what was seen, the smallest
/// counterexample, which equation of the sheet to re-read. Points are not here: they live in the catalog.
/// </summary>
/// <param name="Id">Stable id, e.g. "diffusion.dtu.negative-elbo-matches-reference".</param>
/// <param name="Outcome">Passed, Failed or Errored.</param>
/// <param name="Message">One paragraph a student can act on.</param>
/// <param name="Expected">What the reference gives, as text (null when not applicable).</param>
/// <param name="Seen">What the hand-in gave, as text.</param>
/// <param name="Counterexample">The smallest failing input, for property checks.</param>
/// <param name="SheetRef">Where to re-read, e.g. "sheet 004, ex. 3.4, Ho et al. eq. (14)".</param>
/// <param name="Plots">Figures for the feedback (samples over the data, trajectories, paths); null when the check draws none.</param>
/// <param name="TutorDetail">
/// For the tutor only: the hidden set-up behind the verdict (training steps, sample sizes, drawn T, schedule and end
/// points, the counterexample on this run's inputs). The student's feedback (feedback.md/html, results.json, CI) leaves
/// it out; the record, <c>grader check</c> and the run's summary.md show it. Null when there is nothing hidden to add.
/// </param>
/// <param name="Images">Grids of images for the feedback (samples beside the reference's, trajectory frames); null when the check draws none.</param>
public sealed record CheckResult(
    string Id,
    CheckOutcome Outcome,
    string Message,
    string? Expected = null,
    string? Seen = null,
    Counterexample? Counterexample = null,
    string? SheetRef = null,
    IReadOnlyList<Plot>? Plots = null,
    string? TutorDetail = null,
    IReadOnlyList<ImageGrid>? Images = null)
{
    public bool Passed => Outcome == CheckOutcome.Passed;

    public static CheckResult Pass(string id, string message, string? sheetRef = null) => new(id, CheckOutcome.Passed, message, SheetRef: sheetRef);

    public static CheckResult Fail(string id, string message, string? expected = null, string? seen = null, string? sheetRef = null, Counterexample? counterexample = null) =>
        new(id, CheckOutcome.Failed, message, expected, seen, counterexample, sheetRef);

    public static CheckResult Error(string id, string message, string? sheetRef = null) => new(id, CheckOutcome.Errored, message, SheetRef: sheetRef);

    /// <summary>This result with <paramref name="detail"/> (the hidden set-up) added before the tutor's detail it already has.</summary>
    public CheckResult WithTutorDetail(string detail) => this with { TutorDetail = TutorDetail is null ? detail : $"{detail}; {TutorDetail}" };

    /// <summary>
    /// This result as a hidden check shows it: the student reads <paramref name="message"/> (and <paramref name="expected"/>,
    /// <paramref name="seen"/>) in the sheet's terms, without the figures drawn for the run; this result's message,
    /// expected, seen, counterexample and tutor detail go to <see cref="TutorDetail"/>. Outcome, sheet reference, plots and image grids stay.
    /// </summary>
    public CheckResult Concealed(string message, string? expected = null, string? seen = null)
    {
        var tutor = Message
                    + (Expected is null ? "" : $" Expected: {Expected}.")
                    + (Seen is null ? "" : $" Seen: {Seen}.")
                    + (Counterexample is { } c ? $" Counterexample: {c.Shrunk} (first found: {c.Original}; {c.Shrinks} shrinks; replay {c.Replay})." : "")
                    + (TutorDetail is null ? "" : $" {TutorDetail}");
        return this with { Message = message, Expected = expected, Seen = seen, Counterexample = null, TutorDetail = tutor };
    }
}
