using Grader.Checks.Catalog;
using Grader.Checks.Hidden.Diffusion;
using Grader.Checks.Hidden.Training;
using Grader.Reference.Data;
using Grader.Reference.OdeSde;
using Grader.Checks.Diffusion;
using Grader.Contracts.OdeSde;
using Grader.Remote.Training;
using static Grader.Checks.Comparison.ExactComparison;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// Sheet 003, tasks 1.3–1.4 "run training with mixture of Laplace training data" (hidden) on the GRADER's loop (issue 66;
/// it replaced the check of the hand-in's own loop (its <c>Train</c> contract, removed), its drawn budgets, budget response and
/// time-direction probe). The grader trains the hand-in's parts (<see cref="IOdeTrainingParts"/>: the drift, the loss of
/// one batch, the settings) with its own loop (<see cref="IOdeTrainingRun"/>, <see cref="OdeGraderTraining"/>) for
/// <see cref="Steps"/> Adam steps on the gradient of the grader's loss (<see cref="OdeGraderLoss"/>, issue 79; the
/// hand-in's loss is recorded, never stepped on) on 1000 points of the run's lopsided Laplace mixture (<see cref="LopsidedMixture"/>),
/// checks the recorded loss on every step and its gradient on drawn steps against the sheet's formula
/// (<see cref="OdeTrainingVerification"/>), and judges a fresh drift holding only the trained values: its ∂f/∂x honest
/// on a probe, the held-out gap (log p of <see cref="HeldOut"/> held-out points by the reference's rk4 through
/// <see cref="GriddedDrift"/>, minus the set's expected log-likelihood) within [<see cref="Threshold"/>,
/// <see cref="MaxGap"/>], and the shift order plus <see cref="GapWeight"/> times the gap's distance from the reference's
/// (trained by the same loop on the same draw, <see cref="Reference"/>, issue 79) ≥ <see cref="MinShiftOrder"/>; a
/// first run below it but not below <see cref="ClearlyBad"/> is trained <see cref="IndifferenceZone.FreshRuns"/> more
/// times on the same law and points with fresh generators, and their mean decides (<see cref="Bounds"/>, the INN check's
/// <see cref="IndifferenceZone"/>; stop 91). The mirror share and the shift share are reported to the tutor, not judged.
/// </summary>
/// <remarks>
/// <b>What went with the hand-in's loop.</b> The drawn budgets, the budget response, the time-direction probe and its
/// fresh runs, and the work count watched a loop the hand-in ran. The step count, the batches and the optimiser are now
/// the grader's; a loss that walks the time grid the wrong way, is scaled or accumulated, or has its sign flipped is not
/// the formula on the drift's own outputs and fails on the step it is first used; a model that computes with anything
/// but its parameters (a closed-form drift, a kernel density of the points its loss saw) fails the fresh drift's check.
/// <b>Bounds</b>: the gap and mirror-share bounds are the old check's (docs/measurements/2026-11-24-ode-training-power.md
/// and the old check's history in git), calibrated on the Correct example at 48 steps, whose training is the notebook's
/// recipe (Euler loss, Adam 1e-2, batches of 125 from shuffled epochs) as this loop runs it with the reference's parts;
/// the loop's own 20-seed calibration is not done yet (docs/measurements/2026-11-28-ode-grader-owned-training.md).
/// <b>Data the hand-in cannot know</b> (issue 79, item 3): the run's law has a drawn shift, spacing and scale besides
/// its tilt (<see cref="LopsidedMixture"/>), so a closed form of the printed mixture (cheat
/// <c>ode-training-closed-form-of-the-sheet-law</c>: the exact flow-matching drift of the printed law, its tilt trained
/// honestly; on main 27350501's law it kept the check with gap −0.07 and mirror share 0.8–0.9, better than the Correct
/// example) models the wrong law. <b>Relative to the reference</b> (issue 79): the reference's parts are trained by the
/// same loop on the same draw, batches and initial generator, once per run seed (<see cref="Reference"/>; its cost is one
/// training and one scoring a run, not a hand-in). <b>The decision</b> (issue 79, this stop): a hand-in fails when its
/// shift order plus <see cref="GapWeight"/> times (its gap − the reference's) is below <see cref="MinShiftOrder"/>. The mirror share of the last stop (a share below 0.51 with the gap 0.12 below the reference's) left
/// <c>drift-other-lr-batch</c> a false fail of 5.5e-3 and the closed form an escape of 6.5e-3; the shift share (held-out
/// log p minus log p of the points moved back, over the law's own) measures the peaks' contrast, which legitimate drifts
/// blur (0.12 … 0.83 on seeds 1–3), and was dropped; the shift order measures where the peaks are. The model, the
/// per-network false fail and the power: docs/measurements/2026-11-29-odesde-proof.md; over 20 grading seeds (as far as
/// the sweep reached), both checks' false-fail statements: docs/measurements/2026-11-29-odesde-inn-20-seeds.md.
/// <b>The indifference zone</b> (stop 91, decided by design, not fitted; docs/measurements/2026-11-29-ode-indifference.md):
/// <c>drift-other-lr-batch</c> (the notebook's drift at Adam 5e-3, batch 100) scored 0.639 ± 0.167 over 14 seeds, 1.85 sd
/// above 0.33 (false fail 3.2e-2). Its spread within one law (the same law and points, fresh initial weights and
/// batches: seeds 15 and 1, 9 trainings) is 0.104, so 0.130 of it is the law's; the closed form's is nil (−0.328 on five
/// trainings of seed 15's law). The zone [<see cref="ClearlyBad"/>, <see cref="MinShiftOrder"/>) with three fresh runs
/// whose mean must reach 0.33 then gives, by a bivariate normal model (first run and the fresh mean share the law's part):
/// <c>drift-other-lr-batch</c> 7.3e-3 per hand-in (from 3.2e-2), the other legitimate drifts ≤ 7e-5 (taking no spread
/// within a law, the conservative case), the Correct example and the reference ≈ 0; the closed form's escape 2.1e-4, as
/// before (<c>OdeIndifferenceBoundsTests</c> recomputes them). <b>Not ≤ 1e-3</b> for <c>drift-other-lr-batch</c>: most
/// of its spread is the law's, which fresh runs on the same law cannot average out. What it is: the budget. Its training
/// loss is still falling at 48 steps (seed 15: 3.05 at 48, 2.81 at 96, 2.82 at 192; the reference's 2.87 at 48, 2.82 at
/// 96), and at 96 steps its score on seed 15 is 0.588 against the 96-step reference (0.350 at 48): a larger
/// <see cref="Steps"/> is the measured fix, not applied this stop (it moves every calibrated figure and doubles the
/// training's CPU; see the note). <b>CPU</b>: a hand-in whose first run is at or above 0.33 or below 0 trains once, as
/// before (≈ 5 s of CPU at the sweeps' load); one in the zone four times (≈ 4×); the worst legitimate drift is in it on
/// ≈ 3 % of hand-ins. <b>Swept on this rule</b> (grading seeds 14 and 16–20, every case; seeds 1–13 and 15 from stop 90,
/// whose first runs this code repeats to the last digit, seeds 1 and 11 compared): the reference, the Correct example and
/// every legitimate drift kept the check on all 20 seeds (lowest 0.350, <c>drift-other-lr-batch</c> seed 15), every cheat
/// and mutant lost it (the closed form's highest first run +0.073, seed 17: in the zone, its fresh runs' mean 0.070);
/// pooled over the 20 seeds <c>drift-other-lr-batch</c> scores 0.671 ± 0.157, which the model turns into 1.8e-3 per
/// hand-in under the zone (1.5e-2 under the single bound), in sample.
/// </remarks>
public sealed class OdeTrainingPartsQuality() : LopsidedTrainingCheck<IOdeTrainingParts, IOdeTrainingRun, OdeTrainingPartsQuality.Scores>("ode.ku.laplace-mixture-training-quality")
{
    /// <summary>The grader's Adam steps: the old check's calibrated budget (6 epochs of 1000 points in batches of 125).</summary>
    public const int Steps = 48;


    /// <summary>The smallest accepted held-out log-likelihood minus the data's expected log-likelihood: it equalises the
    /// normal-model distances to the correct trainers (−0.175 ± 0.036 over 20 seeds at 32 steps) and to the nearest
    /// training mutant, a fifth of the budget (class summary).</summary>
    public const double Threshold = -0.55;

    /// <summary>Held-out points the statistic averages over.</summary>
    public const int HeldOut = 1000;

    /// <summary>
    /// The largest accepted gap (held-out log-likelihood above the data's own): for any normalised density q chosen
    /// without the held-out points, E_p[Π q(y_i)/p(y_i)] = 1, so by Markov's inequality P(mean log(q/p) ≥ c) ≤ e^(−n·c):
    /// at c = 0.05 and n = 1000 a correct model fails with probability ≤ e^(−50) ≈ 2e-22 (plus rk4's error of log q on the
    /// notebook's grid, orders below 0.05 for a trained drift). A gap above it means a log-density that is not one.
    /// </summary>
    public const double MaxGap = 0.05;

    /// <summary>The salts of the finite-difference steps' generators (the probe's; the scoring's), apart from every other salt of a run.</summary>
    internal const ulong StepsSalt = 0x5CA1E0;

    /// <summary>The salt of the budget response's draw (smaller budget, order), apart from every other salt of a run.</summary>
    internal const ulong BudgetSalt = 0xB0D6E7;

    /// <summary>
    /// The decision's bound (issue 79): the shift order plus <see cref="GapWeight"/> times the gap's distance from the
    /// reference's on the same run must reach it. The shift order is the share of the held-out points the trained drift
    /// finds likelier where they are than moved back by the run's drawn shift (<see cref="LopsidedMixture.Shift"/>, about
    /// half the spacing: the moved points lie between the drawn means, where the printed law's are), over the law's own
    /// share (<see cref="LopsidedMixture.ShiftOrder"/>). A drift that learnt where the run's data lie keeps the order even
    /// when it blurs the peaks (a model of the drawn law with its scale 1.3 … 2 times too wide: 0.72 … 0.98 of the law's
    /// own), a model of the printed lattice reverses it (the printed law with the run's weights: 0.30 … 0.485; the paper
    /// model of docs/measurements/2026-11-29-odesde-proof.md, <c>LopsidedMixtureShiftTests</c>). The closed form of the
    /// printed law is poor on both (seeds 1–3: order 0.27 … 0.40, gap 0.17 … 0.28 below the reference's, score −0.30 …
    /// 0.07), a legitimate drift on at most one (seeds 1–4: score 0.53 … 0.92); 0.33 was set from seeds 1 and 3, where it
    /// balanced the worst legitimate drift's false fail and the closed form's escape by normal models (≈ 1.5e-4 each). Over
    /// grading seeds 1,2,3,4,5,6,7,8,9,10,11,12,13,15 (docs/measurements/2026-11-29-odesde-inn-20-seeds.md; the 20-seed sweep stopped there): the reference,
    /// the Correct example and every legitimate drift kept the check on every seed, every cheat and mutant naming it lost
    /// it; the lowest legitimate score 0.350, the closed form's highest +0.068. False fail per hand-in, a normal
    /// model of each network's score over its seeds: <c>drift-other-lr-batch</c> 3.2e-02 (1.85 sd above the bound),
    /// the other drifts ≤ 7e-05, the reference and the Correct example ≤ 1e-17; the closed form's escape 2.0e-04 (3.54 sd);
    /// at the 95 % confidence bounds up to 1e-01: the ≤ 1e-3 issue 79 asks for is not shown (the balanced bound on
    /// these seeds is 0.21, proposed in the note, not applied; no constant of this rule reaches 1e-3 at 95 % confidence).
    /// Since stop 91 also the bound the mean of the fresh runs must reach when a first run is in the indifference zone
    /// (<see cref="ClearlyBad"/> … 0.33; <see cref="Bounds"/>): <c>drift-other-lr-batch</c>'s modelled false fail 7.3e-3.
    /// </summary>
    public const double MinShiftOrder = 0.33;

    /// <summary>
    /// The clearly-good bound of the score (<see cref="Bounds"/>): a first run at or above it passes at once. It is
    /// <see cref="MinShiftOrder"/> itself, so the indifference zone lies below the bound only (issue 79, stop 91,
    /// docs/measurements/2026-11-29-ode-indifference.md). Why one-sided, by design: the fresh runs average out the
    /// spread of a training within one law (new initial weights and batches on the same law and points); the closed form
    /// of the printed law has none (its score is the same to four digits on every fresh run: seed 15, −0.328 five times),
    /// so training a passing first run again could not catch it and could only fail a legitimate drift whose law-mean
    /// is near the bound; a first run below the bound, instead, is trained again, and only the legitimate drifts (whose
    /// spread within a law is their own training's: <c>drift-other-lr-batch</c> 0.104 within seeds 15's and 1's laws,
    /// against 0.167 over laws) can climb back.
    /// </summary>
    public const double ClearlyGood = MinShiftOrder;

    /// <summary>
    /// The clearly-bad bound of the score (<see cref="Bounds"/>): a first run below it fails at once. 0 lies 3.2 sds of a
    /// training within one law (<c>drift-other-lr-batch</c>'s 0.104, pooled over seeds 15 and 1, 7 df) below
    /// <see cref="MinShiftOrder"/>, 5.5 sds of the mean of three fresh runs (0.060): from there the fresh runs reach the
    /// bound with probability ≈ 2e-8; the noisiest legitimate drift's first run falls below it with probability 6.5e-5
    /// (0.639 ± 0.167 over 14 seeds, 3.8 sd). So a first run between 0 and 0.33 costs three more trainings (≈ 3 % of
    /// <c>drift-other-lr-batch</c>'s hand-ins, ≤ 1e-4 of the other legitimate drifts', ≈ 18 % of the closed form's),
    /// and one hand-in's check trains at most four times.
    /// </summary>
    public const double ClearlyBad = 0.0;

    /// <summary>What a fresh run's salts are moved by per run (<see cref="IndifferenceZone"/>), apart from every other salt of a run.</summary>
    internal const ulong FreshSalt = 0x1_0000_0000UL;

    /// <summary>
    /// The weight of the gap's distance from the reference's (<see cref="Reference"/>, the same loop on the same draw) in
    /// the decision (<see cref="MinShiftOrder"/>): the gap as a difference from the reference's has sd 0.022 … 0.043 over
    /// 20 seeds for the legitimate drifts (−0.002 … −0.092 on average) against 0.039 … 0.063 absolute, the drawn law's
    /// difficulty cancelling; the closed form's −0.227 ± 0.039 (docs/measurements/2026-11-29-odesde-relative-bounds.md).
    /// </summary>
    public const double GapWeight = 2;

    private const ulong ModelSalt = 0x0DE1, BatchSalt = 0x0DE2, PickSalt = 0x0DE3, ProbeSalt = 0x0DE9;

    /// <summary>The calls of the scoring the probes' repeats are drawn among (<see cref="SamplingProbes"/>): the grid's first columns.</summary>
    private const int ProbedCalls = 64;

    /// <summary>The scores of one run.</summary>
    public sealed record Scores(double Gap, double LogLikelihood, double Expected, double MirrorShare, double MaxLossRatio, double MaxGradientDeviation, double ShiftShare = double.NaN, double ShiftOrder = double.NaN);

    protected override IOdeTrainingRun InProcess(IOdeTrainingParts parts) => OdeTrainingRun.InProcess(parts);

    protected override (CheckResult Result, Scores? Scores) Measure(CheckContext context, HandinCall call, IOdeTrainingRun run)
    {
        var (failed, first) = Once(context, call, run, 0, Steps);
        if (failed is not null) return (failed, null);
        var reference = Reference(context);
        var (freshFailed, runs) = IndifferenceZone.Runs(Bounds, s => [Score(s.Scores, reference)], first!, fresh =>
        {
            var (failure, again) = Once(context, call, run, fresh, Steps);
            return (failure, again);
        });
        if (freshFailed is not null) return (freshFailed, first!.Scores);
        return (Verdict(call, runs.Select(r => r.Scores).ToList(), reference) with { Plots = first!.Plots, TutorDetail = first.Detail }, first.Scores);
    }

    /// <summary>One training run's scores, its feedback plot and the tutor's line (<see cref="Once(CheckContext, int, int)"/>).</summary>
    public sealed record OdePartsTrainingRun(Scores Scores, IReadOnlyList<Plot>? Plots, string Detail, Tensor Losses);

    /// <summary>
    /// One training of the hand-in's parts on the run's law and its scoring (the reference's is not computed), as the check
    /// takes it: <paramref name="fresh"/> 0 is the first run, 1 … <see cref="IndifferenceZone.FreshRuns"/> the fresh runs of
    /// an undecided first (new model, batch, step-pick and probe generators; the same law, training and held-out points);
    /// <paramref name="steps"/> other than <see cref="Steps"/> only to measure the budget. The failure of the hand-in's
    /// code, its loss or the absolute gap bounds, or the run.
    /// </summary>
    public (CheckResult? Failed, OdePartsTrainingRun? Run) Once(CheckContext context, int fresh, int steps = Steps)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<IOdeTrainingParts>(context, out var parts) is { } unresolved) return (unresolved, null);
        return Once(context, call, context.TryHandin<IOdeTrainingRun>() ?? InProcess(parts), fresh, steps);
    }

    private (CheckResult? Failed, OdePartsTrainingRun? Run) Once(CheckContext context, HandinCall call, IOdeTrainingRun run, int fresh, int steps)
    {
        // A fresh run draws its own generators (the first run's salts moved by FreshSalt per run); the law and the points are the run's.
        ulong Salt(ulong salt) => salt + (ulong)fresh * FreshSalt;
        var (law, train, test, expected) = Data(context, HeldOut);
        var setUp = $"the grader's loop: {steps} Adam steps of your parts on 1000 points of a lopsided Laplace mixture ({law.Describe()}), scored on {HeldOut} held-out points{(fresh == 0 ? "" : $" (fresh training {fresh})")}";

        var (trainedOutcome, verified, notTrained) = LossFirstTraining.Run<OdeTrainingOutcome, OdeTrainingVerification.Verified>(call, steps, setUp,
            budget => run.Train(train.clone(), budget, context.NewGenerator(Salt(ModelSalt)), context.NewGenerator(Salt(BatchSalt)), new OdeGraderLoss()),
            o => o.FailedPart is { } part ? Parts.Stopped("its batches and Adam's steps", part, o.Reason, $"Re-read {SheetRef}.") : null,
            "your drift rebuilt from the recorded steps of the grader's training",
            o =>
            {
                var (result, problem) = OdeTrainingVerification.Check(run, o, train, context.NewGenerator(Salt(ModelSalt)), context.NewGenerator(Salt(BatchSalt)), context.NewGenerator(Salt(PickSalt)));
                return (result, problem?.Message);
            },
            (when, problem) => $"The grader trained your parts with its own loop and checked your loss against the sheet's formula{when}: your {Parts.Name("loss")} — {problem} Re-read {SheetRef}.");
        if (notTrained is not null) return (notTrained, null);

        // The trained values cross into a fresh process of the hand-in (a second host beside a hand-in, issue 66 item 1; in process the same one).
        var freshRun = context.TryFresh<IOdeTrainingRun>() ?? run;
        if (call.Run("Model(generator) for the fresh drift the trained values go into", () => freshRun.Trained(context.NewGenerator(Salt(ModelSalt)), trainedOutcome!.Values), out var drift) is { } noFresh)
            return (noFresh.WithTutorDetail(setUp), null);
        if (drift is null) return (call.Fail("a fresh drift from your Model(generator) was null.") with { TutorDetail = setUp }, null);
        // Every call of the scoring probed (issue 79 item 2), in the caller's grad mode as in process: rows kept for the training's process, earlier calls again between them.
        var probes = new SamplingProbes(ProbedCalls, context.NewGenerator(Salt(ProbeSalt)));
        var probed = probes.Wrap(Grader.Remote.Channel.RemoteProxy.InCallersGradMode(drift), "f");
        if (DishonestOnProbe(context, call, probed, (ulong)fresh * FreshSalt) is { } dishonest) return (dishonest.WithTutorDetail(setUp), null);
        var gridded = new GriddedDrift(probed, "The trained drift", context.NewGenerator(Salt(StepsSalt + 1)));
        var (scored, failed) = Score(gridded, law, test, expected, call);
        if (scored is null) return (failed!.WithTutorDetail(setUp), null);
        if (probes.Check(call, "Model(generator)", () => run.Trained(context.NewGenerator(Salt(ModelSalt)), trainedOutcome!.Values), twin => probes.Verify(_ => twin, trainedOutcome!.BatchSize, "drift")) is { } changed)
            return (changed.WithTutorDetail(setUp), null);
        var scores = scored with { MaxLossRatio = verified!.MaxLossRatio, MaxGradientDeviation = verified.MaxGradientDeviation };
        if (Absolute(call, scores) is { } beyond) return (beyond with { TutorDetail = setUp }, null);
        var reference = fresh == 0 && steps == Steps ? Reference(context) : null;
        var plots = fresh == 0 ? FeedbackPlots.List([DensityPlot(gridded, law.Set)]) : null;
        var detail = $"{setUp}; gap {F(scores.Gap)}, shift order {F(scores.ShiftOrder)}, shift share {F(scores.ShiftShare)}, mirror share {F(scores.MirrorShare)}"
            + (reference is null ? "" : $"; the reference's on the same law: gap {F(reference.Gap)}, shift order {F(reference.ShiftOrder)}, shift share {F(reference.ShiftShare)}, mirror share {F(reference.MirrorShare)}")
            + $"; the loss's largest deviation {F(scores.MaxLossRatio)} of its bound, the gradient's {F(scores.MaxGradientDeviation)}, its largest gap to the grader's exact gradient {verified.MaxExactGradientGap:G3}";
        return (null, new OdePartsTrainingRun(scores, plots, detail, trainedOutcome!.Losses));
    }

    /// <summary>The gap and the mirror share of a trained drift read through <paramref name="gridded"/>, or the failure.</summary>
    private static (Scores? Scores, CheckResult? Failure) Score(GriddedDrift gridded, LopsidedMixture law, Tensor test, double expected, HandinCall call)
    {
        var points = HeldOutLogLikelihoods(gridded, gridded, test, "the held-out log likelihood of your trained model", call, out var failed);
        if (points is null) return (null, failed);
        double? ll = points.mean().item();
        var mirrored = HeldOutLogLikelihood(new MirroredNetwork(gridded, odd: true), gridded, test, "the held-out log likelihood of your trained model read in the mirror", call, out failed);
        if (mirrored is null) return (null, failed);
        // The same points moved back by the run's shift (between the drawn means, where the printed law's lie), read through the same grid.
        var movedBack = HeldOutLogLikelihoods(gridded, gridded, test - (float)law.Shift, "the log likelihood of your trained model at the held-out points moved back by the run's shift", call, out failed);
        if (movedBack is null) return (null, failed);
        // The shift order: the share of held-out points the drift finds likelier where they are than moved back, over the law's own share.
        float[] where = points.contiguous().ToArray(), back = movedBack.contiguous().ToArray();
        double order = where.Where((l, i) => l > back[i]).Count() / (double)where.Length / law.ShiftOrder();
        return (new Scores(ll.Value - expected, ll.Value, expected, (ll.Value - mirrored.Value) / law.MirrorScore(), 0, 0, (ll.Value - movedBack.mean().item()) / law.ShiftScore(), order), null);
    }

    /// <summary>The reference's scores per run seed and the settings they depend on: a run grades many hand-ins on one seed, so the reference trains once.</summary>
    private static readonly SeedCache<(ulong Seed, int Steps, int HeldOut, ulong LawSalt), Scores> References = new();

    /// <summary>
    /// The reference's scores on the run's drawn law (issue 79, item 3): the reference's parts
    /// (<see cref="Grader.Reference.OdeSde.Handin.ReferenceOdeTrainingParts"/>) trained by the same loop for <see cref="Steps"/>
    /// steps on the same 1000 points with the same batches and initial generator as a hand-in, a fresh drift of the trained
    /// values scored on the same held-out points as a hand-in's. Computed once per run seed in this process (the record of
    /// its steps is not verified: the reference's loss is the formula, `OdeGraderLoss` trains it either way).
    /// </summary>
    public static Scores Reference(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return References.For((context.Seed, Steps, HeldOut, LawSalt), () =>
        {
            var (law, train, test, expected) = Data(context, HeldOut);
            var parts = new Grader.Reference.OdeSde.Handin.ReferenceOdeTrainingParts();
            var run = OdeTrainingRun.InProcess(parts);
            var outcome = run.Train(train.clone(), Steps, context.NewGenerator(ModelSalt), context.NewGenerator(BatchSalt), new OdeGraderLoss());
            if (outcome.FailedPart is { } part) throw new InvalidOperationException($"the reference's training failed on the run's law (a grader defect): {part}: {outcome.Reason}");
            var gridded = new GriddedDrift(run.Trained(context.NewGenerator(ModelSalt), outcome.Values), "The reference's drift", context.NewGenerator(StepsSalt + 1));
            var (scores, failed) = Score(gridded, law, test, expected, new HandinCall("ode.ku.laplace-mixture-training-quality", "the reference"));
            return scores ?? throw new InvalidOperationException($"the reference's scoring failed on the run's law (a grader defect): {failed?.Message}");
        });
    }

    /// <summary>The decision's score of one run: its shift order plus <see cref="GapWeight"/> times its gap's distance from the reference's.</summary>
    public static double Score(Scores s, Scores reference)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(reference);
        return s.ShiftOrder + GapWeight * (s.Gap - reference.Gap);
    }

    /// <summary>The decision's bounds (<see cref="IndifferenceZone"/>): <see cref="ClearlyGood"/>, <see cref="MinShiftOrder"/> for the fresh runs' mean, <see cref="ClearlyBad"/>.</summary>
    public static readonly IReadOnlyList<ScoreBound> Bounds = [new("shift order + 2·(gap − the reference's gap)", ClearlyGood, MinShiftOrder, ClearlyBad, HigherIsBetter: true)];

    /// <summary>The absolute bounds on one run's gap (every run's, the fresh runs' too): the failure, or null within them.</summary>
    private static CheckResult? Absolute(HandinCall call, Scores s)
    {
        double threshold = Threshold, maxGap = MaxGap;
        if (s.Gap > maxGap)
            return call.Fail($"The grader trained your parts, and the trained drift's held-out log likelihood (evaluated by the grader with rk4) is {F(s.LogLikelihood)}, above the data's own expected log likelihood {F(s.Expected)} on the same points (gap {F(s.Gap)}): no density a training could have found is that much more likely than the true one on points it never saw, so the density your drift stands for is not normalised. Re-read {call.SheetRef}.",
                expected: $"{F(threshold)} ≤ gap ≤ {F(maxGap)}", seen: F(s.Gap));
        if (!(s.Gap >= threshold))
            return call.Fail($"The grader trained your parts (your loss matched the formula on every step), but the trained drift's held-out log likelihood (evaluated by the grader with rk4) is {F(s.LogLikelihood)} against the data's expected {F(s.Expected)} (gap {F(s.Gap)}, a correct training reaches at least {F(threshold)}). The parts that decide this are your settings and your model: the learning rate (the notebook's Adam uses 1e-2), the batch size (125), and a drift able to learn the flow (the notebook's takes x and t). Re-read {call.SheetRef}.",
                expected: $"{F(threshold)} ≤ gap ≤ {F(maxGap)}", seen: F(s.Gap));
        return null;
    }

    /// <summary>The verdict on the runs' scores (the first run's first; the fresh runs' when it was undecided) against <see cref="Bounds"/>.</summary>
    private CheckResult Verdict(HandinCall call, IReadOnlyList<Scores> runs, Scores r)
    {
        var s = runs[0];
        var (passed, decided) = IndifferenceZone.Decide(Bounds, [.. runs.Select(run => (IReadOnlyList<double>)[Score(run, r)])]);
        if (!passed)
            return call.Fail($"The grader trained your parts on data it drew for this run (the notebook's mixture of Laplace components, moved, spaced and scaled for the run, with unequal weights), and the reference drift trained the same way on the same points: your trained drift finds {F(s.ShiftOrder)} times as many of the held-out points likelier where they are than moved back by the run's shift (to where the sheet's printed components lie) as the data's own law does (the reference's {F(r.ShiftOrder)}), and its held-out log likelihood is {F(-s.Gap)} below the data's own (the reference's {F(-r.Gap)}); the first plus {F(GapWeight)} times the second's distance from the reference's is the score: {decided}. The drift does not follow the data the grader trained it on. Re-read {SheetRef}.",
                expected: $"shift order + {F(GapWeight)}·(gap − the reference's gap) ≥ {F(ClearlyGood)}, or between {F(ClearlyBad)} and it and the mean of {IndifferenceZone.FreshRuns} fresh trainings ≥ {F(MinShiftOrder)}", seen: $"shift order {F(s.ShiftOrder)}, gap {F(s.Gap)}, the reference's gap {F(r.Gap)}: {F(Score(s, r))}");
        return CheckResult.Pass(Id, $"The grader trained your parts with its own loop (your loss matched the formula on every step) and the trained drift's held-out log likelihood is {F(s.LogLikelihood)} against the data's expected {F(s.Expected)} (gap {F(s.Gap)}); {decided}.", SheetRef);
    }

    /// <summary>The parts a training failure is charged to, as the feedback names them.</summary>
    private static readonly PartFeedback Parts = new("Model: the drift and its Parameters()", "Loss: the negative mean log-likelihood of one batch");

    /// <summary>A first look at the trained drift's ∂f/∂x on a probe drawn for the run (size, positions and time): the failure, or null when honest there.</summary>
    internal static CheckResult? DishonestOnProbe(CheckContext context, HandinCall call, IDifferentiableNetwork drift, ulong salt)
    {
        var (probeX, probeT) = TrainedNetworkHonesty.Probe(context.NewGenerator(0x9B0E + salt));
        if (call.Run("the trained drift", () => TrainedNetworkHonesty.Check(drift, "The trained drift", probeX, probeT, inX: true, inT: false, context.NewGenerator(StepsSalt + salt)), out var dishonest) is { } e) return e;
        return dishonest is not null ? call.Fail(dishonest + $" Re-read {call.SheetRef}.") : null;
    }

    /// <summary>The mean held-out log p by the reference's rk4 with <paramref name="network"/> (<paramref name="grid"/>, or one read through it); null (with the failure) when it threw, is not finite, or the grid's columns found the hand-in's PartialX dishonest.</summary>
    internal static double? HeldOutLogLikelihood(IDifferentiableNetwork network, GriddedDrift grid, Tensor test, string what, HandinCall call, out CheckResult? failure) =>
        HeldOutLogLikelihoods(network, grid, test, what, call, out failure)?.mean().item();

    /// <summary>The held-out log p of each point of <paramref name="test"/>, as <see cref="HeldOutLogLikelihood"/> computes their mean.</summary>
    private static Tensor? HeldOutLogLikelihoods(IDifferentiableNetwork network, GriddedDrift grid, Tensor test, string what, HandinCall call, out CheckResult? failure)
    {
        failure = null;
        if (call.Run("the trained drift", () => { Tensor solved; using (torch.no_grad()) solved = OdeLogLikelihood.Compute(ContractNetwork.Of(network), test, OdeMethod.Rk4); grid.Verify(); return solved; }, out var logp) is { } failed) { failure = failed; return null; }
        if (grid.Dishonesty is { } dishonest) { failure = call.Fail(dishonest + $" Re-read {call.SheetRef}."); return null; }
        if (call.Finite(what, logp!) is { } nonFinite) { failure = nonFinite; return null; }
        return logp!;
    }

    /// <summary>The learned density p(y) over the data's true density, y ∈ [−14, 14]: the reference's rk4 with the drift read
    /// through <paramref name="drift"/>'s grid, as the score reads it (the columns of the held-out solve's times, already
    /// asked and verified; no partial the hand-in reports is read), so the plot shows the density that was scored.</summary>
    internal static Plot? DensityPlot(GriddedDrift drift, TrainingSetWithLogLikelihood set)
    {
        try
        {
            int n = 281;
            var y = torch.linspace(-14, 14, n).reshape(n, 1);
            float[] logp;
            using (torch.no_grad()) logp = OdeLogLikelihood.Compute(ContractNetwork.Of(drift), y, OdeMethod.Rk4).ToArray();
            var ys = y.ToDoubleArray();
            return FeedbackPlots.Of("Learned density over the true density (mixture of Laplace data)", "y", "p(y)",
            [
                FeedbackPlots.Series("true density", PlotStyle.Line, ys.Select(v => (v, Math.Exp(set.LogDensity(v))))),
                FeedbackPlots.Series("your model (rk4)", PlotStyle.Line, ys.Select((v, i) => (v, Math.Exp(logp[i])))),
            ], equalAspect: false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }
}
