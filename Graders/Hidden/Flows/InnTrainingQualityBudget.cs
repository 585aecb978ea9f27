namespace Grader.Checks.Hidden.Flows;

/// <summary>The grading budget and bounds of <see cref="InnTrainingQuality"/>, from the calibration (<c>Graders/Hidden/README.md</c>).</summary>
public static class InnTrainingQualityBudget
{
    /// <summary>
    /// 500 steps (half of <c>InnTrainer.GradingSteps</c>: the same measured power at half the training). Each score's
    /// bounds, first run clearly good / fresh-run mean / clearly bad, from the calibration at 500 steps: clearly bad at
    /// the training checks' rule (6 sd and a quarter of the worst seed's distance beyond the mean of both calibrated
    /// trainers over 20 seeds, the looser); clearly good at ≥ 3.3 sd of either calibrated trainer and beyond the worst
    /// seed of both; the fresh-run mean held to the clearly-good bound. The non-finite share and the round trip have one
    /// bound each (a correct flow's round trip is float32 rounding, ~10⁻⁶).
    /// <para>
    /// Since 2026-11-23 (issue 26) the NLL is the grader's (its own log|det ∂z/∂x|, <see cref="FlowJacobian"/>), and four
    /// scores refuse a flow that reports instead of computes, each bound far outside what a correct flow shows and far
    /// inside what the cheats show (InnTrainingQualityCalibrationTests, <c>Name~/500-steps/</c>, seeds 1 … 20; worst of
    /// the Correct example / of the reference / the cheats): log-det error ≤ 0.25 (0.0034 / 0.0224 — the reference's
    /// steeper flow, Richardson-extrapolated differences; a log-det with +1 or a made-up 2.0: 1 and 2); held-out round
    /// trip ≤ 10⁻³, the round trip's bound (2.4e-7 / 3.6e-7; the memorising cheat 1.53–1.56); perturbation error ≤ 0.3
    /// (0.0096 / 0.040; the memorising cheat 127–1024); copied share ≤ 10⁻³ (0 / 0; the memorising cheat 1). A correct
    /// flow is 11× (log-det) and 7.5× (perturbation) inside its worst seed; the observed false fails 0 of 40, and each
    /// cheat fails 20/20 on its first run. The NLL's bounds are unchanged: the grader's NLL equals the reported one to
    /// the log-det error (Correct example 2.944 ± 0.215 [3.656], as calibrated).
    /// </para>
    /// <para>
    /// Since the second stop of issue 26 the grader's Jacobian is taken at 2,000 held-out and 2,000 generated events drawn
    /// per run (the default <c>JacobianEvents</c>; the NLL over them estimates the mean over all 20,000 without bias:
    /// Correct example 2.922 ± 0.224 [3.666] over seeds 1 … 20, 20/20 passing, one seed undecided), and a budget probe
    /// ran after the first run (budgets 0 … 10: a fifth of the budget, which the scores alone pass on 11 of 20 seeds,
    /// failed on 20 of 20; replaced on 2026-11-26 by the budget response, below, because its budgets were recognisable).
    /// </para>
    /// <para>
    /// Since 2026-11-24 (issue 29) the NLL's clearly-good and fresh-run bound is 3.80, not 3.66 (3.33 sd, just beyond the
    /// worst seed of the 20,000-event calibration): with the 2,000 drawn events the Correct example's worst seed (3.666)
    /// crossed 3.66, so about one seed in 20 left its first run undecided, and since a run's draws are shared by every
    /// hand-in, under such a seed every hand-in with that flow code trained four times. 3.80 is 3.9 sd above the Correct
    /// example's mean (2.922 ± 0.224) and 0.13 beyond its worst seed; the mutant the NLL alone decides
    /// (inn-training-too-few-steps, 4.052 ± 0.031 [best 3.977] at 20,000 events, ≈ ± 0.05 with the subset) stays ≈ 5 sd
    /// above it on its first run and ≈ 8.6 sd on its fresh runs' mean; the fifth-of-budget mutant is failed by the budget
    /// probe (since 2026-11-26 the budget response's unchanged increases) whatever its first run's zone. The derivation in
    /// <c>docs/measurements/2026-11-24-main-command.md</c>.
    /// </para>
    /// <para>
    /// Since 2026-11-26 (issue 45) the budget response (<see cref="InnTrainingQuality"/>'s remarks): three smaller budgets
    /// b, b + 1, b + 2 with b in 0.2 … 0.25 of the budget; the held-out NLL's improvement from their mean to the full
    /// budget ≥ 0.1 (clearly good), ≥ 0.25 (the fresh runs' mean: an undecided first run needs the stronger evidence; a
    /// loss spike at the smaller budgets of one fresh run lifted a full-only-below-budget cheat's mean to 0.17) and
    /// ≥ −0.1 (clearly bad below), from the Correct example at the worst-case fraction 0.25 (0.537 ± 0.165 [0.181],
    /// seeds 1 … 20; the reference 0.645 ± 0.138 [0.437]): false fail ≈ 6e-5 per run under a normal model; no increase
    /// by one step among them returning the very same flow (exact).
    /// <c>docs/measurements/2026-11-26-inn-training-budget-response.md</c>.
    /// </para>
    /// <para>
    /// Since the fourth stop of that file (issue 45, items 1 and 3): at least one backward pass of the engine per step of
    /// the budget in each of the four <c>Train</c> calls (exact: a training that takes its steps by the engine's autograd
    /// cannot fail it; a trainer that knows the full call and takes fewer steps there — a remapping of the budgets, half
    /// the budget above a threshold — cannot pass it without passes it does not need).
    /// </para>
    /// <para>
    /// Measured over 1,000 seeds of the Correct example on 2026-11-26 (<c>docs/measurements/2026-11-26-training-score-tails.md</c>):
    /// the scores are a mixture, not the normal law the rule above assumes — 6.1 % of seeds end in a "stuck" mode (TV pT₁
    /// 0.376 ± 0.005, NLL 3.59 ± 0.08, improvement 0.26 ± 0.06) and single seeds sit 4–6 sd out. No clearly-bad bound was
    /// crossed; each is ≥ 4.8 sd of either mode (P(first run clearly bad) ≈ 6.5e-7 under the two modes, ≤ 5e-6 under an
    /// exponential-tail fit), so the bounds are unchanged.
    /// </para>
    /// <para>
    /// Since 2026-11-28 (issue 66) the grader trains the hand-in's parts (<c>IInnTrainingParts</c>) with its own loop
    /// (<c>InnGraderTraining</c>, 500 Adam steps at the student's learning rate and batch size), and the budget response
    /// and the count of backward passes above are gone with the hand-in's loop. The score bounds are unchanged; the
    /// reference's and the Correct example's parts under the grader's loop are measured in the branch's report (h66i).
    /// </para>
    /// <para>
    /// Since 2026-11-29 (issue 79 items 3, 4, 6) the events come from a law drawn per run (<see cref="InnEventLaw"/>: the
    /// pair rapidity's spread 0.5 … 0.8 instead of the printed 3.5, M_Z ± 0.5 … 2 GeV, Γ_Z × 1 … 1.8, the continuum), the
    /// mass windows sit at the drawn M_Z, and one score is new: the total variation of the pair rapidity y(μμ), clearly
    /// good ≤ 0.12 (also the fresh-run mean), clearly bad &gt; 0.20 (first set at 0.10 / 0.13, which failed two
    /// legitimate INNs on one seed each, first runs at 0.131 and 0.164). A flow of the printed law's density (cheat
    /// <c>inn-training-closed-form-of-the-printed-law</c>, which keeps full marks on the printed law: main 27350501, seeds
    /// 1 and 2) leaves y(μμ) 0.25 ± 0.05 [lowest 0.178] away on the drawn laws and fails on 20 of 20 seeds (18 first runs
    /// clearly bad, two by their fresh runs); the
    /// Correct example's first runs 0.038 ± 0.013 [max 0.070], the reference's 0.033 ± 0.009, the legitimate INNs of
    /// <c>Submissions/Examples/Flows/Legit</c> 0.034 … 0.057 on average [max 0.164]. Whole decisions over grading seeds
    /// 1 … 20: the Correct example, the reference and every legitimate INN swept passed every seed; the false-fail rate per hand-in under a normal model of each score ≤ 7e-4 (the worst, ELU at Adam 2e-3 and
    /// batch 256, its η₂ 3.5 sd from the clearly-bad bound; 0.02 at the sd's upper confidence bound), ≤ 4e-5 for every
    /// other. The training mutants of the parts (<c>inn-parts-loss-accumulated</c>, <c>inn-parts-loss-writes-model</c>,
    /// <c>inn-parts-log-det-sign</c>) are stopped by the loop before any score, as before. Every other bound is unchanged.
    /// <c>docs/measurements/2026-11-29-inn-legit-and-drawn-law.md</c>.
    /// </para>
    /// <para>
    /// Since 2026-11-29 (issue 79 item 4, second round) the clearly-bad and fresh-run bounds sit ≥ 3.5 sd beyond the mean
    /// of every calibrated network (the Correct example, the reference and the four legitimate INNs over grading seeds
    /// 1 … 20 on the drawn laws), each sd at its 95 % upper confidence bound (× 1.37) and over √3 for the mean of three
    /// fresh runs: NLL 3.80 / 3.90 / 4.60 (was 4.24), TV η 0.11 / 0.15 / 0.20 (0.16), |peak shift| 0.44 / 0.50 / 0.74 (0.66),
    /// width ratio 8.0 / 8.0 / 11 (10.2), TV y(μμ) 0.12 / 0.14 / 0.20; the clearly-good bounds are unchanged (so is every
    /// hand-in's number of trainings but one whose first run lands between the old and the new clearly-bad bound: four
    /// now, one before). The false-fail rate per hand-in under that normal model, 0.02 for <c>elu-other-lr-batch</c>
    /// before, is ≤ 9e-4 for it, ≤ 3e-4 for every other legitimate INN and ≤ 1e-5 for the Correct example and the
    /// reference (<c>InnTrainingBoundsTests</c> recomputes it from the recorded figures). They stay absolute: the
    /// legitimate INNs' spread is their own training's, not the drawn law's, so a reference trained on the run's law
    /// narrows none of them (<see cref="InnTrainingQuality"/>'s remarks). The closed form of the printed law still failed
    /// 20 of 20 seeds on TV y(μμ) in stop 88's sweep (commit 7d2d564a); re-run on main fe31cfaa (stop 90, 15:23–15:55 UTC)
    /// on seeds 14 and 1 only, every score identical (<c>docs/measurements/2026-11-29-odesde-inn-20-seeds.md</c>); the
    /// other 18 seeds stand on stop 88's run. <c>docs/measurements/2026-11-29-inn-relative-bounds.md</c>.
    /// </para>
    /// </summary>
    public static InnTrainingQuality.Settings Calibrated { get; } = new(
        Steps: 500,
        Nll: new("held-out NLL", 3.80, 3.90, 4.60),
        MinNll: 1.0,
        TvPt1: new("TV pT₁", 0.40, 0.40, 0.49),
        TvEta: new("TV η", 0.11, 0.15, 0.20),
        PeakShift: new("|Z peak shift| (GeV)", 0.44, 0.50, 0.74),
        WidthRatio: new("Z peak width ratio", 8.0, 8.0, 11.0),
        MaxNonFinite: 1e-3,
        MaxRoundTrip: 1e-3,
        MaxLogDetError: 0.25,
        MaxPerturbation: 0.3,
        MaxCopied: 1e-3,
        TvPairRapidity: new("TV y(μμ)", 0.12, 0.14, 0.20));
}
