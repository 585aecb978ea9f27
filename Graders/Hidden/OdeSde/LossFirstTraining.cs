namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// The ODE's and the SDE's training checks' run of the grader's loop (issue 66): first ONE step, then the whole budget,
/// on the same generators, each outcome's recorded steps verified by the check's hidden recomputation of the loss
/// (<see cref="OdeTrainingVerification"/>, <see cref="SdeTrainingVerification"/>). The one step is the training's step 0
/// (the same batch, draws and initial model), so a loss that is not the sheet's fails after one step, with the step and
/// the values, instead of after the whole budget; the budget's recorded steps are verified as before (a loss wrong only
/// on some batches is caught there).
/// </summary>
internal static class LossFirstTraining
{
    /// <summary>The words the wrong-loss message adds for the one-step run.</summary>
    public const string OnFirstStep = " on its first step, before taking the others";

    /// <param name="train">The grader's loop for a budget of steps (the training's data and generators).</param>
    /// <param name="stopped">The message for an outcome whose part failed in the loop, or null.</param>
    /// <param name="verifying">What the verification call is, for a failure inside it.</param>
    /// <param name="verify">The hidden recomputation: the verified figures, or the message of the first wrong step.</param>
    /// <param name="wrongLoss">The message for a wrong loss: given <see cref="OnFirstStep"/> (or "") and the step's message.</param>
    /// <returns>The whole budget's outcome and verification, or the first failure.</returns>
    public static (TOutcome? Outcome, TVerified? Verified, CheckResult? Failure) Run<TOutcome, TVerified>(HandinCall call, int steps, string setUp,
        Func<int, TOutcome> train, Func<TOutcome, string?> stopped, string verifying, Func<TOutcome, (TVerified? Result, string? Problem)> verify,
        Func<string, string, string> wrongLoss)
        where TOutcome : class
        where TVerified : class
    {
        ArgumentNullException.ThrowIfNull(call);
        foreach (var budget in (int[])[1, steps])
        {
            var first = budget == 1;
            if (call.Run(first ? "the grader's first training step of your parts (Model, Loss, Settings)" : "the grader's training of your parts (Model, Loss, Settings)",
                    () => train(budget), out var outcome) is { } threw)
                return (null, null, threw.WithTutorDetail(setUp));
            if (outcome is null) return (null, null, call.Error("the grader's training returned no outcome (a grader defect).") with { TutorDetail = setUp });
            if (stopped(outcome) is { } message) return (null, null, call.Fail(message) with { TutorDetail = setUp });
            if (call.Run(verifying, () => verify(outcome), out var verification) is { } failedCheck) return (null, null, failedCheck.WithTutorDetail(setUp));
            if (verification.Problem is { } problem) return (null, null, call.Fail(wrongLoss(first ? OnFirstStep : "", problem)) with { TutorDetail = setUp });
            if (!first) return (outcome, verification.Result, null);
        }

        throw new InvalidOperationException("LossFirstTraining: the budget's run returned nothing (a grader defect).");
    }
}
