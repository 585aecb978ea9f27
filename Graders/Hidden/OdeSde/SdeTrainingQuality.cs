using Grader.Checks.Diffusion;
using Grader.Checks.Hidden.Diffusion;
using Grader.Contracts.OdeSde;
using Grader.Reference.Data;
using Grader.Reference.OdeSde;
using static Grader.Checks.Comparison.ExactComparison;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// Sheet 003, task 2.3 "run training" (hidden): the hand-in's <see cref="ISdeTraining.Train"/> on 1000 points of the
/// notebook's mixture under a budget of <see cref="Steps"/> optimiser steps; the grader evaluates the returned model
/// itself: the reference's ELBO of 1000 held-out points averaged over <see cref="Passes"/> passes of random t and ε
/// (20,000 one-draw estimates; one draw's sd is 5–9 on this data, so the mean's se is ≈ 0.05), minus the held-out set's
/// expected log-likelihood: the gap. Upper side: at most <see cref="MaxGap"/> (an ELBO above the data's own
/// log-likelihood bounds no normalised density). Lower side, an indifference zone: a first run at or above
/// <see cref="Threshold"/> passes, below <see cref="ClearlyBad"/> fails, in between the mean of three fresh runs (new
/// data, training and draws) must reach <see cref="FreshThreshold"/>. The ELBO reads each network of the model (f, σ,
/// α, β) on the grader's grid over (x, t) only (<see cref="GriddedNetwork"/>: the hand-in never sees a held-out point
/// nor the ELBO's t), its values and the partials ∂σ/∂x, ∂α/∂t, ∂β/∂t from the grid's interpolation, so a network with
/// state across calls has nothing to anchor on and no reported partial is read (issue 45, items 1 and 2; the 2026-11-26
/// budget-response note, "Seventh stop"). The partials the model reports are held to central differences of its
/// Forward on a probe drawn per run (<see cref="TrainedNetworkHonesty.Probe"/>) and, after the scoring, on drawn rows of
/// the grid (<see cref="GriddedNetwork.Verify"/>), so a network honest only on some batch size is found where it lies.
/// <para>
/// <b>Calibration</b> (<c>OdeSdeTrainingCalibrationTests</c>, grading seeds 1 … 20, 800 steps; gap mean ± sd [extreme];
/// 2026-11-23, load 36–56, ≈ 20 s per seed): reference −0.2035 ± 0.0523 [worst −0.3263], 20/20 clearly good (the Correct
/// example draws as the reference does: its seeds 1–3 give the same gaps). <b>False-fail rate</b> (normal model):
/// P(first run &lt; <see cref="ClearlyBad"/>) ≈ 0 (11 sd) plus P(undecided) ≈ 2.5e-3 (2.8 sd) × P(fresh mean &lt; −0.38)
/// ≈ 2.5e-9 (5.9 sd of a three-run mean), plus the upper side's ≤ 2.9e-7: ≤ 3e-7 per hand-in. Over 215 first runs of the
/// Correct example (2026-11-26, docs/measurements/2026-11-26-training-score-tails.md, "Seventh stop") the gap's lower
/// tail is heavier than normal (worst 3.8 sd, ξ +0.10): the tail fit puts P(first run &lt; −0.6), the bound until then, at
/// ≈ 5e-5 per run, and P(&lt; −0.8) at ≈ 3e-6, so the clearly-bad bound is −0.8 (10.6 sd of those runs).
/// <b>Power</b> (passes of 20, the decision replayed with the next three seeds' gaps as the fresh runs):
/// prior term's sign (<c>sde-training-prior-term-sign</c>) −7014 ± 509, 0/20; score term's sign
/// (<c>sde-training-score-term-sign</c>) −0.882 ± 0.083 [best −0.748], 0/20 (the old threshold −1.0 passed 18/20); with
/// −0.8, on the lopsided law (whole check, seeds 1 … 20): 16 first runs clearly bad (−0.806 … −1.029), the other 4
/// (gap ≥ −0.8; the refusal does not print it) refused on their first run by the mirror share (0.10 … 0.30), none reaching fresh runs; a fifth of the budget (<c>sde-training-fifth-of-budget</c>) −0.559 ± 0.070 [best
/// −0.430], 0/20 by its gap alone before the work count (5 clearly bad, 15 undecided, fresh means ≤ −0.512; normal model P(pass)
/// ≈ 1.3e-3), since the seventh stop refused on every seed by the work count before any score; without the drift
/// term −37.3 ± 8.0 and without the prior term −6.16 ± 0.75 (the earlier calibration), 0/20; the cheat
/// <c>sde-partials-honest-only-at-probe-size</c> refused on every seed.
/// <b>Time-direction probe</b> (sheet 003 2.1: the drift matching term compares f(x_t, t) with the drift of q at the
/// same t; a loss that reads f at 1 − t trains the drift of the time-reversed SDE, and its gap, −0.241 ± 0.055, sits
/// inside the correct trainers' spread): D = held-out ELBO with the trained f minus the same ELBO, on the same y, t and
/// ε (common random numbers: a second noise source of the same seed), with f read at 1 − t
/// (<see cref="TimeReversedNetwork"/>; every partial still verified). A first run with D ≥
/// <see cref="TimeDirectionThreshold"/> passes the probe; below it, the mean D of <see cref="IndifferenceZone.FreshRuns"/>
/// fresh runs (the same fresh runs an undecided gap takes) must reach it. Measured (benchmark <c>training-power</c>,
/// seeds 1 … 20, 800 steps; docs/measurements/2026-11-23-ode-sde-training-power.md): reference and Correct example
/// D = 0.1829 ± 0.0625 [0.0895, 0.3554] (the two draw alike), 20/20 pass, none undecided; <c>sde-training-time-reversed</c>
/// D = −0.0079 ± 0.0076 [−0.0240, 0.0016], 0/20 (every first run undecided, every fresh mean below). The threshold 0.03
/// equalises the two normal-model error rates: false fail P(first &lt; 0.03) ≈ 7.2e-3 (2.45 sd) × P(three-run mean
/// &lt; 0.03) ≈ 1.1e-5 (4.24 sd) ≈ 8e-8; miss P(first ≥ 0.03) ≈ 2.8e-7 (5.0 sd of the mutant's). A drift that ignores t
/// is its own reversal (D = 0) and fails the probe: the sheet's model is f(x, t) (notebook: [x, t] → MLP). The probe
/// doubles the ELBO passes, not the training.
/// </para>
/// <para>
/// <b>Budget response</b> (issue 45, item 3; docs/measurements/2026-11-26-ode-sde-training-budget-response.md). The first
/// run also trains again on the same points with the same generator under <see cref="FractionLow"/> …
/// <see cref="FractionHigh"/> of the budget, drawn per run (80–160 steps), before or after the full call as the run
/// draws, and scores that model's ELBO on the same held-out y, t and ε (every partial verified). When the first gap is in
/// [<see cref="ClearlyBad"/>, <see cref="MaxGap"/>], the smaller gap must lie in [<see cref="MinFractionGap"/>,
/// <see cref="MaxGap"/> of its own se] and the full budget must improve on it by <see cref="MinImprovement"/>, decided on
/// the first run; a budget-independent model improves by exactly 0 (same t and ε). Calibration, reference and Correct
/// example (they draw alike: the same figures seed by seed), grading seeds 1 … 20, each bound at its worst fraction:
/// improvement at 0.2 (160 steps) 0.3557 ± 0.0585 [0.2530, 0.4630], so 0.1 is 4.4 sd below; the smaller gap at 0.1
/// (80 steps) −0.9131 ± 0.1073 [−1.1433, −0.7817], so −1.5 is 5.5 sd below. <b>False fail</b> (normal model, plus the
/// upper side's ≤ 2.9e-7): ≈ 5.4e-6 + 2e-8 + 2.9e-7 ≈ 6e-6 per run. On the lopsided law (next paragraph, Correct
/// example, seeds 1 … 20) the improvement at 0.2 is 0.390 ± 0.063 (0.1 at 4.6 sd) and the 80-step gap
/// −1.176 ± 0.203 [−1.601, −0.793]: −1.5 refused seed 18, so the bound moved to −2.3, again 5.5 sd below; over 197 seeds its
/// lower tail proved heavier than normal, and it is −4 (<see cref="MinFractionGap"/>). The cheats <c>sde-training-no-optimiser-step</c>,
/// <c>-fifth-of-budget</c>, <c>-full-only-below-budget</c> and <c>-ignores-the-budget</c> lose on 20 of 20 seeds
/// (<c>OdeSdeTrainingCheatsSeedsTests</c>). Added cost: the smaller training (0.1–0.2 of one) and 20 ELBO passes.
/// </para>
/// <para>
/// <b>Data the model must depend on</b> (issue 45, item 3; docs/measurements/2026-11-26-ode-sde-training-budget-response.md,
/// "Third stop"). Every run's training and held-out points come from a lopsided law drawn per run
/// (<see cref="LopsidedMixture"/>: the notebook's five Laplace components, means and scale the sheet's, weights
/// ∝ exp(±θ(k − 2)), θ uniform on [0.45, 0.55]; the expected log-likelihood stays exact). The sheet's law is symmetric,
/// so a model fitted to its own draws of it instead of its data (<c>sde-training-ignores-its-data</c>) scores a point and
/// its mirror image alike. The mirror share: the held-out ELBO minus the same ELBO of the mirrored model
/// (<see cref="MirroredNetwork"/>: f, α negated at −x; σ, β read at −x; same t, ε mirrored: the model's ELBO of −y), over
/// the law's own E[log p(Y) − log p(−Y)] (0.71–1.02 over θ's range); on the first run it must reach
/// <see cref="MinMirrorShare"/>. Measured (grading seeds 1 … 20, first run as graded with the response at 0.2): Correct
/// example 1.052 ± 0.102 [0.807, 1.239], the cheat 0.011 ± 0.087 [−0.120, 0.229]; 0.5 is 5.4 sd from the one and 5.6 sd
/// from the other (the normal-model distances equal within 0.2 sd): <b>false fail</b> ≈ 3e-8, <b>miss</b> ≈ 1e-8 per
/// seed; the cheat lost on 20 of 20. The tilt moved the other scores little (Correct, lopsided law against the sheet's):
/// gap −0.2075 ± 0.0368 (−0.2035 ± 0.0523), D 0.1954 ± 0.0576 (0.1829 ± 0.0625), improvement at 0.2 0.390 ± 0.063
/// (0.356 ± 0.059); the cheat's gap fell to −0.444 ± 0.051 (the law's KL from the sheet's: 0.17–0.24). Added cost: 20 more
/// ELBO passes over the held-out points (the check made 60).
/// </para>
/// <para>
/// Feedback plot: a histogram of the model's samples (Euler–Maruyama on the notebook's grid, then y ~ N(x₁, β²)) over
/// the true density.
/// </para>
/// </summary>
public sealed class SdeTrainingQuality() : HandinCheck<ISdeTraining>(
    "sde.ku.training-quality"), ITrainingCheck
{
    /// <summary>The optimiser steps the hand-in may take.</summary>
    public const int Steps = 800;

    /// <summary>Passes of random t over the held-out set.</summary>
    public const int Passes = 20;

    /// <summary>
    /// Clearly good: a first run whose gap is at least this passes (the correct trainers, 20 seeds: −0.2035 ± 0.0523,
    /// worst −0.326; this is 2.8 of their sd below the mean, so a correct hand-in takes fresh runs with probability
    /// ≈ 2.6e-3).
    /// </summary>
    public const double Threshold = -0.35;

    /// <summary>
    /// Clearly bad: a first run whose gap is below this fails (11 sd below the correct trainers' mean over 20 seeds, 10.6 sd
    /// over 215 first runs; −0.6 until the gap's tail over those runs put it at ≈ 5e-5 per run, −0.8 at ≈ 3e-6).
    /// </summary>
    public const double ClearlyBad = -0.8;

    /// <summary>
    /// An undecided first run (gap in [<see cref="ClearlyBad"/>, <see cref="Threshold"/>)) is decided by the mean gap of
    /// <see cref="IndifferenceZone.FreshRuns"/> fresh runs (new data, training randomness and ELBO draws) against this:
    /// 5.8 sd of a three-run mean above the correct trainers' mean, 4.5 below a fifth of the budget's.
    /// </summary>
    public const double FreshThreshold = -0.38;

    /// <summary>
    /// The largest accepted gap, given the standard error s of the ELBO's mean: 0.05 + 5·s. The gap is the ELBO's
    /// Monte-Carlo mean minus the mean log-likelihood of the model (≤ 0 in expectation: an ELBO is a lower bound; normal
    /// at 20,000 draws, <c>ElboIsAnUnbiasedBound</c>'s calibration) plus mean log(q/p) over 1000 held-out points, which
    /// exceeds c with probability ≤ e^(−1000·c) for any normalised q (Markov's inequality on Π q/p, whose expectation is
    /// 1). False-fail rate ≤ P(N(0, 1) &gt; 5) + e^(−50) ≈ 2.9e-7 (less: s overstates the noise).
    /// </summary>
    public static double MaxGap(double standardError) => 0.05 + 5 * standardError;

    /// <summary>
    /// The time-direction probe's threshold: D, the held-out ELBO with the trained f minus the same ELBO (same t, ε, y)
    /// with f read at 1 − t, must reach this on the first run or, when it does not, on the mean of
    /// <see cref="IndifferenceZone.FreshRuns"/> fresh runs. See the class summary for its derivation.
    /// </summary>
    public const double TimeDirectionThreshold = 0.03;

    /// <summary>
    /// The budget response's smaller budget: a fraction of <see cref="Steps"/> drawn uniformly from
    /// [<see cref="FractionLow"/>, <see cref="FractionHigh"/>] per run, the same call otherwise (issue 45, item 3).
    /// </summary>
    public const double FractionLow = 0.1, FractionHigh = 0.2;

    /// <summary>The smallest accepted improvement of the held-out ELBO from the smaller budget to the full one (same t and ε; a budget-independent model: exactly 0).</summary>
    public const double MinImprovement = 0.1;

    /// <summary>
    /// The smallest accepted gap of the smaller budget's model (a model degraded on purpose at small budgets is below it).
    /// Its lower tail is heavier than normal (docs/measurements/2026-11-26-training-score-tails.md, "Seventh stop": the
    /// Correct example's first runs over 197 seeds, 80–160 steps drawn: 4 beyond 3 sd of the curve where a normal law puts
    /// 0.27, the worst −1.80 at 81 steps), and the tail's fit put −2.3 (5.5 sd of the 20-seed calibration, −1.176 ± 0.203
    /// at 80 steps) at ≈ 1.5e-4 … 6.5e-4 per run; at −4 it extrapolates ≈ 2e-7 … 2e-5.
    /// </summary>
    public const double MinFractionGap = -4.0;

    /// <summary>
    /// The smallest accepted mirror share: the held-out ELBO minus the same ELBO of the mirrored model (every point's
    /// mirror image −y, same t, ε mirrored) on the run's lopsided law (<see cref="LopsidedMixture"/>), over that law's
    /// own E[log p(Y) − log p(−Y)]. A model of the sheet's symmetric law: 0 in expectation. See the class summary.
    /// </summary>
    public const double MinMirrorShare = 0.5;

    /// <summary>The salt of the run's lopsided law (<see cref="LopsidedMixture.Draw"/>), apart from every other salt of a run.</summary>
    public const ulong LawSalt = 0x1A3;

    /// <summary>Whether a first run's time direction is accepted without fresh runs.</summary>
    public static bool DirectionPasses(double timeDirection) => timeDirection >= TimeDirectionThreshold;

    protected override CheckResult Check(CheckContext context, HandinCall call, ISdeTraining training)
    {
        var outcome = Evaluate(context, training, call, Steps, out var failure, out var standardError);
        if (outcome is null) return failure!;
        double firstGap = outcome.Value.Gap, firstDirection = outcome.Value.TimeDirection;
        if (firstGap <= MaxGap(standardError) && firstGap >= ClearlyBad && BudgetResponseFailure(call, outcome.Value) is { } noResponse) return noResponse;
        if (firstGap <= MaxGap(standardError) && firstGap >= ClearlyBad && MirrorFailure(call, outcome.Value) is { } ignoresData) return ignoresData;
        bool gapUndecided = firstGap < Threshold && firstGap >= ClearlyBad;
        bool directionUndecided = !(firstDirection >= TimeDirectionThreshold);
        var freshGaps = new List<double>();
        var freshDirections = new List<double>();
        if (firstGap <= MaxGap(standardError) && firstGap >= ClearlyBad && (gapUndecided || directionUndecided))
            for (int run = 1; run <= IndifferenceZone.FreshRuns; run++)
            {
                var fresh = Evaluate(context, training, call, Steps, out var freshFailure, out var freshError, run, fraction: 0);
                if (fresh is null) return freshFailure!;
                if (!(fresh.Value.Gap <= MaxGap(freshError))) { outcome = fresh; standardError = freshError; break; }
                freshGaps.Add(fresh.Value.Gap);
                freshDirections.Add(fresh.Value.TimeDirection);
            }
        var (gap, elbo, expected, direction, plot, _, _, _, _) = outcome.Value;
        var plots = FeedbackPlots.List([plot]);
        double maxGap = MaxGap(standardError);
        if (!(gap <= maxGap))
            return call.Fail(
                $"Trained under the grader's budget, your model's held-out ELBO (evaluated by the grader over many random t) is {F(elbo)}, above the data's own expected log likelihood {F(expected)} on the same points (gap {F(gap)}, more than {F(maxGap)}): " +
                $"an ELBO is a lower bound of the model's log likelihood, and no model is that much more likely than the true density on points it never saw, so the ELBO of your model does not bound a normalised density — are the partial derivatives the returned networks report the derivatives of their outputs? Re-read {SheetRef}.",
                expected: $"{F(Threshold)} ≤ gap ≤ {F(maxGap)}", seen: F(gap)) with { Plots = plots, TutorDetail = $"budget {Steps} steps on 1000 training points, scored on 1000 held-out points" };
        bool freshRan = freshGaps.Count == IndifferenceZone.FreshRuns;
        var freshMean = freshRan ? freshGaps.Average() : double.NaN;
        var decided = gapUndecided && freshRan ? $"first run's gap {F(gap)} undecided; the mean gap of {freshGaps.Count} fresh runs is {F(freshMean)}" : $"gap {F(gap)}";
        bool gapPasses = gapUndecided ? freshRan && freshMean >= FreshThreshold : gap >= Threshold;
        if (gapPasses && directionUndecided)
        {
            double freshDirection = freshRan ? freshDirections.Average() : double.NaN;
            if (!(freshDirection >= TimeDirectionThreshold))
                return call.Fail(
                    $"Trained under the grader's budget, your drift f(x, t) is not fitted to the ODE's own time: the held-out ELBO (evaluated by the grader on the same random t and ε both ways) with f(x, t) exceeds that with f read backwards, f(x, 1 − t), by {F(direction)} on the first run and by {F(freshDirection)} on average over {freshDirections.Count} fresh runs (a correct training: at least {F(TimeDirectionThreshold)}). " +
                    $"The drift matching term compares f(x_t, t) with the drift of q at the same time t — is f read at its own time t in the loss? Re-read {SheetRef}.",
                    expected: $"ELBO with f(x, t) − with f(x, 1 − t) ≥ {F(TimeDirectionThreshold)} (first run, or the mean of {IndifferenceZone.FreshRuns} fresh runs)", seen: $"{F(direction)}, fresh mean {F(freshDirection)}") with { Plots = plots, TutorDetail = $"budget {Steps} steps on 1000 training points, scored on 1000 held-out points" };
        }
        if (gapPasses)
            return CheckResult.Pass(Id, $"Trained under the grader's budget, your model's held-out ELBO is {F(elbo)} against the data's expected log likelihood {F(expected)} ({decided}).", SheetRef) with { Plots = plots, TutorDetail = $"budget {Steps} steps on 1000 training points, scored on 1000 held-out points" };
        return call.Fail(
            $"Trained under the grader's budget on the mixture of Laplace data, your model's held-out ELBO (evaluated by the grader over many random t) is {F(elbo)}, below the data's expected log likelihood {F(expected)} by more than a correct training's ({decided}; a correct training gets within {F(-Threshold)}). " +
            $"Check that the loss is −mean ELBO with all three terms and their signs (the prior term log q₀ − log p₀ subtracted, the score term −½σ²(x − α)/β² in the drift), that every network and β are optimised for every step of the budget, and that each network is read at its time t. Re-read {SheetRef}.",
            expected: $"gap ≥ {F(Threshold)} (first run), or a fresh-run mean ≥ {F(FreshThreshold)} when the first is in [{F(ClearlyBad)}, {F(Threshold)})", seen: decided) with { Plots = plots, TutorDetail = $"budget {Steps} steps on 1000 training points, scored on 1000 held-out points" };
    }

    /// <summary>
    /// The failure when the first run's budget response is not a training's: the smaller budget's ELBO above the data's
    /// own log-likelihood by more than <see cref="MaxGap"/> (impossible for a lower bound of a normalised density), below
    /// what a correct training reaches at the smallest fraction, or the full budget's ELBO not clearly better; else null.
    /// </summary>
    private CheckResult? BudgetResponseFailure(HandinCall call, (double Gap, double Elbo, double Expected, double TimeDirection, Plot? Plot, double FractionGap, int FractionSteps, double FractionStandardError, double MirrorShare) run)
    {
        string fewer = "Trained twice on the same data with the same generator, once with the grader's budget and once with a smaller one drawn for this run";
        string detail = $"budget {Steps} steps on 1000 training points, scored on 1000 held-out points; budget response at {run.FractionSteps} steps";
        var plots = FeedbackPlots.List([run.Plot]);
        double improvement = run.Gap - run.FractionGap;
        if (run.FractionGap > MaxGap(run.FractionStandardError))
            return call.Fail(
                $"{fewer}, the held-out ELBO of the smaller budget's model (evaluated by the grader over many random t) is above the data's own expected log likelihood (gap {F(run.FractionGap)}): an ELBO bounds the model's log likelihood from below, and no normalised density fitted without the held-out points is that much more likely than the true one — are the partial derivatives the returned networks report the derivatives of their outputs? Re-read {SheetRef}.",
                expected: $"smaller budget's gap ≤ {F(MaxGap(run.FractionStandardError))}", seen: F(run.FractionGap)) with { Plots = plots, TutorDetail = detail };
        if (!(run.FractionGap >= MinFractionGap) || !(improvement >= MinImprovement))
            return call.Fail(
                $"{fewer}, your model's held-out ELBO (evaluated by the grader on the same random t and ε for both) minus the data's expected log likelihood is {F(run.Gap)} with the full budget and {F(run.FractionGap)} with the smaller one: " +
                (run.FractionGap >= MinFractionGap
                    ? $"the full budget improves it by {F(improvement)}, and a training that takes every optimiser step of its budget improves it by at least {F(MinImprovement)}. "
                    : $"a correct training of that smaller budget reaches at least {F(MinFractionGap)}. ") +
                $"The returned model must be the result of the training loop's optimiser steps on the data it is given, as many as the budget says. Re-read {SheetRef}.",
                expected: $"smaller budget's gap ≥ {F(MinFractionGap)} and improvement ≥ {F(MinImprovement)}", seen: $"gap {F(run.Gap)}, smaller budget's gap {F(run.FractionGap)}, improvement {F(improvement)}") with { Plots = plots, TutorDetail = detail };
        return null;
    }

    /// <summary>
    /// The failure when the first run's model reproduces less than <see cref="MinMirrorShare"/> of the run's lopsided law's
    /// own mirror score (held-out ELBO minus the mirrored model's, over the law's E[log p(Y) − log p(−Y)]): a model not
    /// fitted to the data it was given; else null.
    /// </summary>
    private CheckResult? MirrorFailure(HandinCall call, (double Gap, double Elbo, double Expected, double TimeDirection, Plot? Plot, double FractionGap, int FractionSteps, double FractionStandardError, double MirrorShare) run)
    {
        if (run.MirrorShare >= MinMirrorShare) return null;
        return call.Fail(
            $"Trained under the grader's budget on data the grader drew for this run (the notebook's mixture of Laplace components with unequal weights: one side heavier), your model's held-out ELBO (evaluated by the grader) minus its ELBO on the mirror images −y of the same points (same t, ε mirrored) is {F(run.MirrorShare)} times the difference the data's own law makes between them; " +
            $"a model fitted to the data it is given scores the heavier side higher (a correct training: at least {F(MinMirrorShare)} times the law's difference), a model fitted to the notebook's symmetric mixture scores both sides alike (about 0 times). The returned model must be trained on the data passed to Train. Re-read {SheetRef}.",
            expected: $"(ELBO of the held-out points − ELBO of their mirror images) / the law's own ≥ {F(MinMirrorShare)}", seen: F(run.MirrorShare)) with { Plots = FeedbackPlots.List([run.Plot]), TutorDetail = $"budget {Steps} steps on 1000 training points, scored on 1000 held-out points; mirror share {F(run.MirrorShare)}" };
    }

    /// <summary>Trains with <paramref name="steps"/> and scores; null (with the failure) when the hand-in threw or its model is not usable.</summary>
    public static (double Gap, double Elbo, double Expected, double TimeDirection, Plot? Plot, double FractionGap, int FractionSteps, double FractionStandardError, double MirrorShare)? Evaluate(CheckContext context, ISdeTraining training, HandinCall call, int steps, out CheckResult? failure) =>
        Evaluate(context, training, call, steps, out failure, out _);

    /// <summary>
    /// <see cref="Evaluate(CheckContext, ISdeTraining, HandinCall, int, out CheckResult?)"/> with the standard error of the
    /// ELBO's mean over its one-draw estimates (an overestimate of the t-and-ε noise alone: it includes the spread over y).
    /// The budget response (<paramref name="fraction"/> NaN: a fraction drawn in [<see cref="FractionLow"/>,
    /// <see cref="FractionHigh"/>]; a number: that fraction, for the calibration; 0: none) trains again on the same data
    /// with the same generator under the smaller budget, before or after the full call as the run draws, and scores that
    /// model's ELBO on the same held-out points with the same t and ε (its partials verified alike): FractionGap and its
    /// standard error (NaN when not run or when the full gap decides alone) and FractionSteps (0 when not run).
    /// </summary>
    public static (double Gap, double Elbo, double Expected, double TimeDirection, Plot? Plot, double FractionGap, int FractionSteps, double FractionStandardError, double MirrorShare)? Evaluate(CheckContext context, ISdeTraining training, HandinCall call, int steps, out CheckResult? failure, out double standardError, int run = 0, double fraction = double.NaN)
    {
        ulong salt = 16UL * (ulong)run;
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(training);
        failure = null;
        standardError = double.NaN;
        // The notebook's mixture with its weights tilted per run (a lopsided law, means and scale the sheet's): the mirror
        // score reads whether the model was fitted to it.
        var law = LopsidedMixture.Draw(context.NewGenerator(LawSalt + salt));
        var set = law.Set;
        var dataGenerator = context.NewGenerator(0xDA7A + salt);
        var train = set.Generate(1000, dataGenerator).Data;
        var (test, expected) = set.Generate(1000, dataGenerator);
        ModelParts? TrainWith(int budget, out CheckResult? failed)
        {
            failed = null;
            if (TrainingWork.Run(call, "Train(data, steps, generator)", () => training.Train(train.clone(), budget, context.NewGenerator(0x7 + salt)), budget, out var model) is { } threw) { failed = threw.WithTutorDetail($"budget {budget} steps on 1000 points"); return null; }
            if (model is null) { failed = call.Fail("Train returned null; expected the trained model."); return null; }
            if (call.Run("the trained model", () => Parts(model), out var parts) is { } broken) { failed = broken; return null; }
            double b = parts.LikelihoodStd;
            if (!(b > 0) || !double.IsFinite(b)) { failed = call.Fail($"The trained model's LikelihoodStd is {F(b)}; β of p(y | x₁) = N(y; x₁, β²) must be positive. Re-read {call.SheetRef}."); return null; }
            return parts;
        }

        // The budget response: the same call with a smaller budget drawn for the run, before or after the full one.
        var draw = context.NewGenerator(OdeTrainingPartsQuality.BudgetSalt + salt);
        int smallerSteps = BudgetResponse.FractionOf(steps, FractionLow, FractionHigh, draw);
        bool smallerFirst = draw.NextDouble() < 0.5;
        if (fraction == 0) smallerSteps = 0;
        else if (!double.IsNaN(fraction)) smallerSteps = Math.Max(1, (int)Math.Round(fraction * steps));
        ModelParts? smaller = null;
        if (smallerSteps > 0 && smallerFirst && (smaller = TrainWith(smallerSteps, out failure)) is null) return null;
        var parts = TrainWith(steps, out failure);
        if (parts is null) return null;
        if (smallerSteps > 0 && !smallerFirst && (smaller = TrainWith(smallerSteps, out failure)) is null) return null;

        // A first look on a probe drawn for this run (size, positions and time); the grid's rows verify them after the scoring.
        var (probe, time) = TrainedNetworkHonesty.Probe(context.NewGenerator(0x9B0E + salt));
        foreach (var (network, name, inX, inT) in new[] { (parts.Diffusion, "σ", true, false), (parts.Alpha, "α", false, true), (parts.Beta, "β", false, true) })
        {
            if (call.Run($"the trained {name}", () => TrainedNetworkHonesty.Check(network, $"The trained {name}", probe, time, inX, inT, context.NewGenerator(OdeTrainingPartsQuality.StepsSalt + salt)), out var dishonest) is { } e) { failure = e; return null; }
            if (dishonest is not null) { failure = call.Fail(dishonest + $" Re-read {call.SheetRef}."); return null; }
        }

        var score = HeldOutElbo(call, context, parts, test, salt, OdeTrainingPartsQuality.StepsSalt + 1 + salt, "The trained", timeDirection: true, out failure);
        if (score is null) return null;
        var (mean, se, reversedMean, mirroredMean) = score.Value;
        standardError = se;
        double direction = double.IsFinite(reversedMean) ? mean - reversedMean : double.PositiveInfinity;
        double fractionGap = double.NaN, fractionError = double.NaN;
        if (smaller is not null && mean - expected >= ClearlyBad && mean - expected <= MaxGap(se))
        {
            var smallerScore = HeldOutElbo(call, context, smaller, test, salt, OdeTrainingPartsQuality.StepsSalt + 5 + salt, "The smaller budget's", timeDirection: false, out failure);
            if (smallerScore is null) return null;
            fractionGap = smallerScore.Value.Mean - expected;
            fractionError = smallerScore.Value.StandardError;
        }
        return (mean - expected, mean, expected, direction, SamplePlot(parts, set, context.NewGenerator(0x5A)), fractionGap, smallerSteps, fractionError, (mean - mirroredMean) / law.MirrorScore());
    }

    /// <summary>
    /// The reference's ELBO of <paramref name="test"/> under <paramref name="parts"/> over <see cref="Passes"/> passes of t
    /// and ε from the run's noise seed (the same for every model of a run: common random numbers), every network read on
    /// the grader's grid (<see cref="GriddedNetwork"/>) and its reported partials verified on the grid afterwards: the mean, the standard error of the mean over the one-draw estimates, and (with
    /// <paramref name="timeDirection"/>) the same ELBO with f read at 1 − t, on a second noise source of the same seed
    /// (NaN otherwise); null (with the failure) when the model threw, lied about a partial or is not finite.
    /// </summary>
    private static (double Mean, double StandardError, double ReversedMean, double MirroredMean)? HeldOutElbo(HandinCall call, CheckContext context, ModelParts parts, Tensor test, ulong salt, ulong stepsSalt, string whose, bool timeDirection, out CheckResult? failure)
    {
        failure = null;
        double b = parts.LikelihoodStd;
        // Each network read on the grader's grid over (x, t) only, its value and partials the grid's interpolation (the
        // hand-in never sees a held-out point nor the ELBO's t); its own partial (σ: x, α and β: t) verified afterwards.
        var verified = new[]
        {
            new GriddedNetwork(parts.Drift, $"{whose} f", context.NewGenerator(stepsSalt)),
            new GriddedNetwork(parts.Diffusion, $"{whose} σ", context.NewGenerator(stepsSalt + 1)),
            new GriddedNetwork(parts.Alpha, $"{whose} α", context.NewGenerator(stepsSalt + 2)),
            new GriddedNetwork(parts.Beta, $"{whose} β", context.NewGenerator(stepsSalt + 3)),
        };
        var noise = new GeneratorElboNoise(context.NewGenerator(0xE7A1 + salt));
        // The time-direction probe: the same ELBO with f read at 1 − t, on the same t and ε (a second source of the same seed).
        var reversedNoise = new GeneratorElboNoise(context.NewGenerator(0xE7A1 + salt));
        var reversedDrift = new TimeReversedNetwork(verified[0]);
        // The mirror score: the same ELBO of the mirrored model (every network read at −x, f and α negated) on the same t
        // and ε (a third source of the same seed), i.e. the model's ELBO of −y with ε mirrored.
        var mirroredNoise = new GeneratorElboNoise(context.NewGenerator(0xE7A1 + salt));
        var mirrored = new IDifferentiableNetwork[]
        {
            new MirroredNetwork(verified[0], odd: true), new MirroredNetwork(verified[1], odd: false),
            new MirroredNetwork(verified[2], odd: true), new MirroredNetwork(verified[3], odd: false),
        };
        double sum = 0, sumSquares = 0, reversedSum = 0, mirroredSum = 0;
        long count = 0;
        Tensor Elbo(IReadOnlyList<IDifferentiableNetwork> networks, GeneratorElboNoise from)
        {
            using var _ = torch.no_grad();
            return SdeElbo.Compute(ContractNetwork.Of(networks[0]), ContractNetwork.Of(networks[1]), ContractNetwork.Of(networks[2]), ContractNetwork.Of(networks[3]),
                torch.tensor([(float)b], 1), test, from).Elbo;
        }
        for (int p = 0; p < Passes; p++)
        {
            if (call.Run("the trained model", () => Elbo(verified, noise), out var elbo) is { } failed) { failure = failed; return null; }
            if (call.Finite("the held-out ELBO of your trained model", elbo) is { } nonFinite) { failure = nonFinite; return null; }
            foreach (var v in elbo.ToDoubleArray())
            {
                sum += v;
                sumSquares += v * v;
                count++;
            }
            if (!timeDirection) continue;
            if (call.Run("the trained model", () => Elbo([reversedDrift, verified[1], verified[2], verified[3]], reversedNoise), out var reversedElbo) is { } failedReversed) { failure = failedReversed; return null; }
            reversedSum += reversedElbo.ToDoubleArray().Sum();
            if (call.Run("the trained model", () => Elbo(mirrored, mirroredNoise), out var mirroredElbo) is { } failedMirrored) { failure = failedMirrored; return null; }
            if (call.Finite("the held-out ELBO of your trained model read in the mirror", mirroredElbo) is { } mirroredNonFinite) { failure = mirroredNonFinite; return null; }
            mirroredSum += mirroredElbo.ToDoubleArray().Sum();
        }
        // The hand-in's own partials, on rows of the grid, after the scoring (which read none of them).
        foreach (var (network, wrt) in new[] { (verified[1], "x"), (verified[2], "t"), (verified[3], "t") })
        {
            if (call.Run("the trained model", () => network.Verify(wrt), out var dishonest) is { } failedPartial) { failure = failedPartial; return null; }
            if (dishonest is not null) { failure = call.Fail(dishonest + $" Re-read {call.SheetRef}."); return null; }
        }
        double mean = sum / count;
        return (mean, Math.Sqrt(Math.Max(0, sumSquares / count - mean * mean) / count), timeDirection ? reversedSum / count : double.NaN, timeDirection ? mirroredSum / count : double.NaN);
    }

    private sealed record ModelParts(IDifferentiableNetwork Drift, IDifferentiableNetwork Diffusion, IDifferentiableNetwork Alpha, IDifferentiableNetwork Beta, double LikelihoodStd);

    private static ModelParts Parts(ISdeModel model) =>
        new(model.Drift ?? throw new InvalidOperationException("the model's Drift is null"), model.Diffusion ?? throw new InvalidOperationException("the model's Diffusion is null"),
            model.Alpha ?? throw new InvalidOperationException("the model's Alpha is null"), model.Beta ?? throw new InvalidOperationException("the model's Beta is null"), model.LikelihoodStd);

    /// <summary>2000 samples of the model by Euler–Maruyama on the notebook's grid, as a density histogram over the true density.</summary>
    private static Plot? SamplePlot(ModelParts model, TrainingSetWithLogLikelihood set, Generator g)
    {
        try
        {
            const int n = 2000, points = 100;
            double dt = 1.0 / (points - 1);
            var x = torch.randn([n, 1], g);
            for (int k = 0; k < points - 1; k++)
            {
                var t = torch.full([n, 1], (float)(k * dt));
                x = x + model.Drift.Forward(x, t) * (float)dt + model.Diffusion.Forward(x, t) * (torch.randn([n, 1], g) * (float)Math.Sqrt(dt));
            }
            var samples = (x + torch.randn([n, 1], g) * (float)model.LikelihoodStd).ToDoubleArray();
            const double lo = -14, hi = 14;
            const int bins = 56;
            double width = (hi - lo) / bins;
            var counts = new double[bins];
            foreach (var s in samples)
                if (s >= lo && s < hi) counts[(int)((s - lo) / width)]++;
            var grid = Enumerable.Range(0, 281).Select(i => lo + i * 0.1).ToArray();
            return FeedbackPlots.Of("Samples of your trained SDE model over the true density (mixture of Laplace data)", "y", "density",
            [
                FeedbackPlots.Series("true density", PlotStyle.Line, grid.Select(v => (v, Math.Exp(set.LogDensity(v))))),
                FeedbackPlots.Series("your model's samples (histogram)", PlotStyle.Line,
                    Enumerable.Range(0, bins).SelectMany(i => new[] { (lo + i * width, counts[i] / (n * width)), (lo + (i + 1) * width, counts[i] / (n * width)) })),
            ], equalAspect: false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }
}
