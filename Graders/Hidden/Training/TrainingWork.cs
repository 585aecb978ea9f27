namespace Grader.Checks.Hidden.Training;

/// <summary>
/// The work a training check sees (issue 45, items 1 and 3): a <c>Train</c> call with a budget of n optimiser steps
/// must make at least n backward passes of the engine (<c>backward()</c> or <c>torch.autograd.grad</c>), each counted by
/// its work against the call's largest pass (<see cref="BackwardWork.Steps"/>; counted by
/// <see cref="HandinCall.Run{TResult}(string, Func{TResult}, out TResult, out BackwardWork)"/>, in process and for a hand-in in
/// its host alike). A training that takes its steps by the engine's autograd on batches at least half its largest cannot
/// fail it (gradient accumulation makes more passes, never fewer; an epoch's smaller last batch is covered); a trainer
/// that knows the grading call and takes fewer steps there (a half of the budget above a threshold, a remapping of the
/// budgets), or fills the count with passes on one row, fails it whatever its scores. Left open: passes of a full step's
/// work on something other than the data (docs/measurements/2026-11-26-training-work-tied-to-data.md).
/// The INN check scores the same count as one of its bounds (<c>InnTrainingQuality</c>); the V, toy-data, image, ODE
/// and SDE checks fail a call below it at once (an exact bound: no statistics, no fresh runs).
/// </summary>
public static class TrainingWork
{
    /// <summary>
    /// Runs the hand-in's <c>Train</c> (<paramref name="train"/>, with budget <paramref name="steps"/>) as
    /// <see cref="HandinCall.Run{TResult}(string, Func{TResult}, out TResult)"/> does, then fails the check when it made
    /// fewer backward passes than <paramref name="steps"/>; the student reads the share, the tutor the counts.
    /// </summary>
    public static CheckResult? Run<TResult>(HandinCall call, string what, Func<TResult> train, int steps, out TResult result)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Run(what, train, out result, out BackwardWork work) is { } failed) return failed;
        return work.Steps >= steps ? null : TooLittle(call, work, steps);
    }

    /// <summary>The failure of a call whose backward passes (<paramref name="work"/>) stand for fewer steps than <paramref name="steps"/>.</summary>
    public static CheckResult TooLittle(HandinCall call, BackwardWork work, int steps)
    {
        ArgumentNullException.ThrowIfNull(call);
        var share = steps <= 0 ? 0 : Math.Clamp(work.Steps / steps, 0, 1);
        return call.Fail(string.Create(CultureInfo.InvariantCulture,
                $"Given a budget of optimiser steps, your training computed fewer gradients of its loss on batches of its data (backward passes, each counted by its work against its largest) than the steps it was given: {share:P0} of them. The budget is the number of optimiser steps to take, each on the gradient of the sheet's loss on a batch of the data it is given. Re-read {call.SheetRef}."),
                expected: "at least one backward pass of the loss per optimiser step of the budget", seen: string.Create(CultureInfo.InvariantCulture, $"{share:P0} of the budget's steps"))
            .WithTutorDetail(string.Create(CultureInfo.InvariantCulture, $"{work.Passes} backward passes for a budget of {steps} steps, {work.Steps:F1} steps by their work ({work.Work} multiply-adds, the largest pass {work.Largest})"));
    }
}
