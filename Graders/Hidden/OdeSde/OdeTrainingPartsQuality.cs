using Grader.Checks.Catalog;
using Grader.Checks.Diffusion;
using Grader.Contracts.OdeSde;
using Grader.Remote.Training;
using static Grader.Checks.Comparison.ExactComparison;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// Sheet 003, tasks 1.3–1.4 "run training" on the GRADER's loop (issue 66; not in the tutor pack yet: the pack still
/// grades <see cref="IOdeTraining"/> with <see cref="OdeTrainingQuality"/>, which this is to replace together with that
/// contract's mutants and cheats). The grader trains the hand-in's parts (<see cref="IOdeTrainingParts"/>: the drift, the
/// loss of one batch, the settings) with its own loop (<see cref="IOdeTrainingRun"/>, <see cref="OdeGraderTraining"/>) for
/// <see cref="Steps"/> Adam steps on 1000 points of the run's lopsided Laplace mixture (<see cref="LopsidedMixture"/>,
/// the same law, points and held-out set as <see cref="OdeTrainingQuality"/>'s first run), checks the recorded loss on
/// every step and its gradient on drawn steps against the sheet's formula (<see cref="OdeTrainingVerification"/>), and
/// judges a fresh drift holding only the trained values with <see cref="OdeTrainingQuality"/>'s measures and bounds:
/// its ∂f/∂x honest on a probe, the held-out gap (log p of 1000 held-out points by the reference's rk4 through
/// <see cref="GriddedDrift"/>, minus the set's expected log-likelihood) within [<see cref="OdeTrainingQuality.Threshold"/>,
/// <see cref="OdeTrainingQuality.MaxGap"/>], and the mirror share ≥ <see cref="OdeTrainingQuality.MinMirrorShare"/>.
/// </summary>
/// <remarks>
/// <b>What goes with the hand-in's loop.</b> The drawn budgets, the budget response, the time-direction probe and its
/// fresh runs, and the work count watched a loop the hand-in ran. The step count, the batches and the optimiser are now
/// the grader's; a loss that walks the time grid the wrong way, is scaled or accumulated, or has its sign flipped is not
/// the formula on the drift's own outputs and fails on the step it is first used; a model that computes with anything
/// but its parameters (a closed-form drift, a kernel density of the points its loss saw) fails the fresh drift's check.
/// <b>Bounds</b>: the gap and mirror-share bounds are <see cref="OdeTrainingQuality"/>'s, calibrated on the Correct
/// example at 48 steps, whose training is the notebook's recipe (Euler loss, Adam 1e-2, batches of 125 from shuffled
/// epochs) as this loop runs it with the reference's parts; the loop's own 20-seed calibration is not done yet.
/// <para>
/// <b>Not an <see cref="ICheck"/> yet</b>: <see cref="TutorPackDiscovery"/> registers every check class of this namespace
/// in the pack, and this one carries the id of the check it is to replace; it becomes an <see cref="ITrainingCheck"/> when
/// the pack's 1.4 task binds <see cref="IOdeTrainingParts"/> (with the template, the catalog, and the removal of
/// <see cref="OdeTrainingQuality"/>, its contract's mutants and cheats).
/// </para>
/// </remarks>
public sealed class OdeTrainingPartsQuality
{
    /// <summary>The grader's Adam steps: the old check's calibrated budget (6 epochs of 1000 points in batches of 125).</summary>
    public const int Steps = 48;

    private const ulong ModelSalt = 0x0DE1, BatchSalt = 0x0DE2, PickSalt = 0x0DE3;

    public string Id => "ode.ku.laplace-mixture-training-quality";

    public string SheetRef => DeferredCheck.SheetRefOf(Id);

    /// <summary>The scores of one run.</summary>
    public sealed record Scores(double Gap, double LogLikelihood, double Expected, double MirrorShare, double MaxLossRatio, double MaxGradientDeviation);

    public CheckResult Run(CheckContext context) => Measure(context).Result;

    /// <summary>The check's result and, when the training and its verification went through, the scores.</summary>
    public (CheckResult Result, Scores? Scores) Measure(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<IOdeTrainingParts>(context, out var parts) is { } unresolved) return (unresolved, null);
        var run = context.TryHandin<IOdeTrainingRun>() ?? OdeTrainingRun.InProcess(parts);
        var law = LopsidedMixture.Draw(context.NewGenerator(SdeTrainingQuality.LawSalt));
        var draw = context.NewGenerator(0xDA7A);
        var train = law.Set.Generate(1000, draw).Data;
        var (test, expected) = law.Set.Generate(OdeTrainingQuality.HeldOut, draw);
        var setUp = $"the grader's loop: {Steps} Adam steps of your parts on 1000 points of a lopsided Laplace mixture, scored on {OdeTrainingQuality.HeldOut} held-out points";

        if (call.Run("the grader's training of your parts (Model, Loss, Settings)",
                () => run.Train(train.clone(), Steps, context.NewGenerator(ModelSalt), context.NewGenerator(BatchSalt)), out var outcome) is { } threw)
            return (threw.WithTutorDetail(setUp), null);
        if (outcome is null) return (call.Error("the grader's training returned no outcome (a grader defect).") with { TutorDetail = setUp }, null);
        if (outcome.FailedPart is { } part)
            return (call.Fail($"The grader trained your parts with its own loop (its batches and Adam's steps) and stopped: your {PartName(part)} — {outcome.Reason} Re-read {SheetRef}.") with { TutorDetail = setUp }, null);

        if (call.Run("your drift rebuilt from the recorded steps of the grader's training",
                () => OdeTrainingVerification.Check(run, outcome, train, context.NewGenerator(ModelSalt), context.NewGenerator(BatchSalt), context.NewGenerator(PickSalt)), out var verification) is { } failedCheck)
            return (failedCheck.WithTutorDetail(setUp), null);
        if (verification.Problem is { } problem)
            return (call.Fail($"The grader trained your parts with its own loop and checked your loss against the sheet's formula: your {PartName("loss")} — {problem.Message} Re-read {SheetRef}.") with { TutorDetail = setUp }, null);
        var verified = verification.Result!;

        if (call.Run("Model(generator) for the fresh drift the trained values go into", () => run.Trained(context.NewGenerator(ModelSalt), outcome.Values), out var drift) is { } noFresh)
            return (noFresh.WithTutorDetail(setUp), null);
        if (drift is null) return (call.Fail("a fresh drift from your Model(generator) was null.") with { TutorDetail = setUp }, null);
        if (OdeTrainingQuality.DishonestOnProbe(context, call, drift, 0) is { } dishonest) return (dishonest.WithTutorDetail(setUp), null);
        var gridded = new GriddedDrift(drift, "The trained drift", context.NewGenerator(OdeTrainingQuality.StepsSalt + 1));
        var ll = OdeTrainingQuality.HeldOutLogLikelihood(gridded, gridded, test, "the held-out log likelihood of your trained model", call, out var failed);
        if (ll is null) return (failed!.WithTutorDetail(setUp), null);
        var mirrored = OdeTrainingQuality.HeldOutLogLikelihood(new MirroredNetwork(gridded, odd: true), gridded, test, "the held-out log likelihood of your trained model read in the mirror", call, out failed);
        if (mirrored is null) return (failed!.WithTutorDetail(setUp), null);
        var scores = new Scores(ll.Value - expected, ll.Value, expected, (ll.Value - mirrored.Value) / law.MirrorScore(), verified.MaxLossRatio, verified.MaxGradientDeviation);
        var plots = FeedbackPlots.List([OdeTrainingQuality.DensityPlot(gridded, law.Set)]);
        var detail = $"{setUp}; gap {F(scores.Gap)}, mirror share {F(scores.MirrorShare)}; the loss's largest deviation {F(scores.MaxLossRatio)} of its bound, the gradient's {F(scores.MaxGradientDeviation)}";
        return (Verdict(call, scores) with { Plots = plots, TutorDetail = detail }, scores);
    }

    private CheckResult Verdict(HandinCall call, Scores s)
    {
        double threshold = OdeTrainingQuality.Threshold, maxGap = OdeTrainingQuality.MaxGap, minMirror = OdeTrainingQuality.MinMirrorShare;
        if (s.Gap > maxGap)
            return call.Fail($"The grader trained your parts, and the trained drift's held-out log likelihood (evaluated by the grader with rk4) is {F(s.LogLikelihood)}, above the data's own expected log likelihood {F(s.Expected)} on the same points (gap {F(s.Gap)}): no density a training could have found is that much more likely than the true one on points it never saw, so the density your drift stands for is not normalised. Re-read {SheetRef}.",
                expected: $"{F(threshold)} ≤ gap ≤ {F(maxGap)}", seen: F(s.Gap));
        if (!(s.Gap >= threshold))
            return call.Fail($"The grader trained your parts (your loss matched the formula on every step), but the trained drift's held-out log likelihood (evaluated by the grader with rk4) is {F(s.LogLikelihood)} against the data's expected {F(s.Expected)} (gap {F(s.Gap)}, a correct training reaches at least {F(threshold)}). The parts that decide this are your settings and your model: the learning rate (the notebook's Adam uses 1e-2), the batch size (125), and a drift able to learn the flow (the notebook's takes x and t). Re-read {SheetRef}.",
                expected: $"{F(threshold)} ≤ gap ≤ {F(maxGap)}", seen: F(s.Gap));
        if (!(s.MirrorShare >= minMirror))
            return call.Fail($"The grader trained your parts on data it drew for this run (the notebook's mixture of Laplace components with unequal weights), but the trained drift's held-out log likelihood minus its log likelihood of the mirror images −y of the same points is {F(s.MirrorShare)} times the difference the data's own law makes between them (a correct training: at least {F(minMirror)}): the drift does not follow the data the grader trained it on. Re-read {SheetRef}.",
                expected: $"mirror share ≥ {F(minMirror)}", seen: F(s.MirrorShare));
        return CheckResult.Pass(Id, $"The grader trained your parts with its own loop (your loss matched the formula on every step) and the trained drift's held-out log likelihood is {F(s.LogLikelihood)} against the data's expected {F(s.Expected)} (gap {F(s.Gap)}).", SheetRef);
    }

    /// <summary>The part a training failure is charged to, as the feedback names it.</summary>
    private static string PartName(string part) => part switch
    {
        "model" => "model (Model: the drift and its Parameters())",
        "loss" => "loss (Loss: the negative mean log-likelihood of one batch)",
        "settings" => "settings (Settings: learning rate and batch size)",
        _ => part,
    };
}
