namespace Grader.Checks.Hidden.Diffusion.Unseen;

/// <summary>
/// What a check on unseen inputs tells the student, and what only the tutor sees. The comparison's own message names
/// the drawn T, schedule, batch, steps, end points and counterexample: the hidden set-up, which the next cohort could
/// target. So the student reads, in the sheet's terms, that the hand-in does (or does not) match the reference on inputs
/// drawn for this run, plus the bug the comparison named when its output matched a known wrong variant (one of
/// <c>diagnoses</c>); plots keep their data (one run's draw) under a title without figures. The comparison's whole
/// message, expected and seen go to <see cref="CheckResult.TutorDetail"/>.
/// </summary>
public static class UnseenResult
{
    /// <summary>The student's and the tutor's view of <paramref name="result"/>, a comparison on inputs drawn for this run.</summary>
    /// <param name="what">The member compared, e.g. "DdimStep (η = 0)".</param>
    /// <param name="diagnoses">The sentences the comparison uses to name known bugs; the ones its message holds are kept.</param>
    public static CheckResult Conceal(CheckResult result, string what, IEnumerable<string>? diagnoses = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var plots = result.Plots?.Select((p, i) => p with { Title = $"{what} on inputs drawn for this grading run{(result.Plots.Count > 1 ? $" ({i + 1})" : "")}" }).ToArray();
        if (result.Passed)
            return result with
            {
                Message = $"{what} matches the reference on inputs drawn for this grading run (not the self-check's), within the float32 tolerance.",
                Plots = plots,
                TutorDetail = result.Message,
            };
        // An errored call is already told without its drawn arguments (HandinCall.Conceals); its tutor detail has them.
        if (result.Outcome != CheckOutcome.Failed) return result with { Plots = plots, TutorDetail = result.TutorDetail ?? result.Message };

        var named = (diagnoses ?? []).Where(d => result.Message.Contains(d, StringComparison.Ordinal)).ToArray();
        var because = named.Length > 0 ? " " + string.Join(" ", named) : " The visible check of this task, on the self-check's inputs, says more where it fails too; where it passes, your code is right only for the inputs you were shown (sizes, schedule, steps).";
        var tutor = result.Message
                    + (result.Expected is null ? "" : $" Expected: {result.Expected}.")
                    + (result.Seen is null ? "" : $" Seen: {result.Seen}.")
                    + (result.TutorDetail is null ? "" : $" {result.TutorDetail}");
        return result with
        {
            Message = $"{what} differs from the reference on inputs drawn for this grading run (other sizes, schedule and steps than the self-check's).{because}",
            Expected = "the reference's values on this run's inputs, within the float32 tolerance",
            Seen = "values outside the tolerance, or a failed call",
            Counterexample = null,
            Plots = plots,
            TutorDetail = tutor,
        };
    }
}
