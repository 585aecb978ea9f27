using Grader.Checks.Diffusion;
using Grader.Checks.Hidden.Diffusion;
using Grader.Contracts.OdeSde;
using Grader.Reference.Data;
using Grader.Reference.OdeSde;
using static Grader.Checks.Comparison.ExactComparison;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// Sheet 003, task 1.4 "run training with mixture of Laplace training data" (hidden): the hand-in's
/// <see cref="IOdeTraining.Train"/> on 1000 points of the notebook's mixture (k = 5, spacing 4, scale 1; its weights tilted
/// per run, <see cref="LopsidedMixture"/>) in three calls, under three distinct budgets drawn per run from
/// [<see cref="FewestSteps"/>, <see cref="MostSteps"/>] optimiser steps (<see cref="DrawBudgets"/>), each call's model
/// judged on everything below (no call only verifies, no budget is a constant, no two budgets cover a run: the note's
/// "Sixth stop", "Seventh stop" and "Eighth stop"); the grader evaluates each returned drift itself: log p of 1000 held-out points by
/// the reference's rk4 solve on the notebook's 100-point grid, minus the held-out set's expected log-likelihood (the
/// generator's printed value): the gap, which must lie in [<see cref="Threshold"/>, <see cref="MaxGap"/>]. The solves read
/// the drift through <see cref="GriddedDrift"/>: the hand-in's Forward on a fixed x grid at each t they read, f and ∂f/∂x
/// the grader's interpolation of it, so the hand-in never sees a held-out point (a network with state across calls has
/// nothing to anchor on) and no partial it reports is read; its ∂f/∂x is held to central differences of its Forward on a
/// probe drawn per run first (<see cref="TrainedNetworkHonesty.Probe"/>, <see cref="VerifiedNetwork"/>), a first look
/// whose failure names the lie. Above <see cref="MaxGap"/> the held-out points are more likely under the model than under the data's own
/// density, which a normalised density fitted to other points reaches with probability ≤ e^(−1000·0.05).
/// <para>
/// <b>Time-direction probe.</b> log p(y) integrates from y at t = 1 back to t = 0, each step reading f at its own time;
/// a loss that walks the time grid the wrong way (<c>ode-training-time-reversed</c>: t = 0, 1/99, … while x steps back
/// from y) reads f at 1 − t and trains R f(x, t) = f(x, 1 − t) as the drift. The likelihood depends only on the flow map,
/// and at the start of training the loss's gradient in f is nearly the same at every t (the KL between the data pulled
/// back and the model is the same at every t of a flow), so only the second-order, slowly growing time dependence tells
/// the two apart: at 12 steps the mutant's gap sat 0.115 ± 0.043 below the Correct example's seed by seed, inside the
/// seeds' spread. The probe D = held-out log p with f minus with f read at 1 − t (<see cref="TimeReversedNetwork"/>, same
/// points, same rk4, read through the same grid). On the sheet's law (2026-11-24, docs/measurements/2026-11-24-ode-training-power.md;
/// Correct example against the time-reversed training, D mean ± sd [extremes], grading seeds 1 … 20) 32 steps was the
/// smallest budget measured that separated them: −0.0439 ± 0.0264 against −0.2555 ± 0.0428 (12 and 24 steps overlapped).
/// On the lopsided law the check draws now (next paragraphs) the 32-step model's D moved: 0.017 ± 0.050 against
/// −0.153 ± 0.046, 1.8 sd of each apart (a lopsided law's mean of ±3.3 … ±3.9 is a translation the flow learns, and it
/// does not commute with the time-varying spreading). The fifth stop read D from a model of the probe's own, the same
/// call on the same data and generator under 48 steps: Correct 0.0207 ± 0.0165 [−0.0055, 0.0576] against −0.1372 ± 0.0289
/// [−0.1845, −0.0824], 3.48 sd of each apart, the largest of the candidates measured side by side (the note's "Fifth
/// stop"). But a probe's budget that the graded call never has is a signal: a training reversed at every budget but 48
/// (<c>ode-training-reversed-except-probe-budget</c>) passed. So since the sixth stop there is no probe call: each of
/// the graded calls (48, the fifth stop's probe model exactly, and 52 at the sixth stop; at the seventh, two
/// distinct budgets drawn per run from 48 … 52; since the eighth, three) has its own D read on its own model, and each must pass. Rule, per call: a first D ≥
/// <see cref="TimeDirectionThreshold"/> passes; below <see cref="ClearlyReversed"/> fails; in between, the mean D of
/// <see cref="IndifferenceZone.FreshRuns"/> fresh runs of that call (a new law, data and training under its budget)
/// must reach <see cref="TimeDirectionThreshold"/>. −0.037 equalises the normal-model distances (3.50 and 3.47 sd);
/// −0.077 is 5.9 sd below the Correct example's mean. <b>False fail</b> (normal model): ≈ 1.6e-9 per run;
/// <b>miss</b> of the time-reversed training ≈ 2.6e-4 per seed (caught on 20 of 20 seeds with probability ≈ 0.995;
/// every one of the 20 measured was clearly reversed). At 52 steps (the sixth stop, seeds 1 … 20): Correct 0.0448 ± 0.0251
/// [−0.0177, 0.0828], the time-reversed model −0.1422 ± 0.0353 [−0.2106, −0.0593], 3.26 and 2.98 sd from the threshold
/// (the sixth stop's rule asked 3.5 and 3.0: a shortfall the note flags; equalised k = 3.10): false fail ≈ 6e-7 per run,
/// miss of a training reversed at 52 only ≈ 1.4e-3 per seed (the new cheat lost 20 of 20); at 64 the reversed model's D
/// was −0.104 ± 0.030 (7 seeds), too close. 20 seeds only: the sds are uncertain by about ±16 %. <b>The budgets drawn</b>
/// (the seventh stop): fixed budgets let a training be right at exactly them and time-reversed everywhere else
/// (<c>ode-training-right-only-at-graded-budgets</c>: kept the task on 3 of 3 seeds at {48, 52}); drawn from 48 … 52,
/// its pair came in 1 run of 10 (seeds 15 and 16 kept the task at the seventh stop); since the eighth stop every run
/// grades three distinct budgets, so every run grades a reversed model of it (a training right at three values of the
/// range keeps 1 run in 10, at four 4 in 10). The third call's price: the whole first run's false fail (a union over its
/// calls of every bound, normal models per budget, 49 … 51 between the ends) is 8.1e-5 for the Correct example averaged
/// over the drawn sets (worst set {48, 49, 50}: 1.0e-4; two calls: 5.4e-5) and 5.2e-5 for the reference (6.3e-5), most
/// of it the mirror share's; the calls of one run share data and generator (their mirror shares correlate at 0.82), so
/// the union is an upper bound. The range is as wide as the time
/// direction allows by the stop's rule (equalised k ≥ 3.0, miss ≤ 1e-2 and false fail ≤ 1e-5 per call; 11 seeds at each
/// candidate end): at 44 the Correct example's D is −0.006 ± 0.019 against the reversed −0.130 ± 0.034 (k = 2.37) and its
/// mirror share 0.83 ± 0.18 (false fail at 0.48 ≈ 3e-2); at 56 D 0.046 ± 0.028 against −0.134 ± 0.037 (k = 2.80).
/// 49 … 51 are assumed between 48 and 52 (the graded sweep's 7–10 calls at each agree: the Correct example's D 0.027 …
/// 0.035 on average, none below −0.019; the cheat's reversed models −0.146 ± 0.031, 18 calls). The Correct example kept
/// 20 of 20 seeds, the cheat lost 18 of 20 (15 and 16 draw {48, 52}). A training right on all of 48 … 52 and wrong elsewhere is
/// not refused: every model the grader scores at a full budget is then a correct one. A drift
/// that ignores t (D = 0) passes: the probe only refuses drifts the data favour reversed.
/// </para>
/// <para>
/// <b>Gap threshold.</b> At 32 steps the Correct example's gap is −0.1752 ± 0.0363 [−0.2757, −0.1294] (20 seeds) and a
/// fifth of the budget (<c>training-fifth-of-budget</c>, 6 steps) −2.912 ± 0.234 [−3.201, −2.354]; <see cref="Threshold"/>
/// −0.55 equalises the two distances (10.3 and 10.1 sd; Cantelli's bound, for any law with these means and sds, ≤ 1 %
/// each; under the normal model both negligible). The trace's sign and the trace detached fall far below (benchmark
/// table). At the old budget of 12 steps (threshold −3.0) the time-reversed training passed on every seed measured (5/5).
/// </para>
/// <para>
/// <b>Not caught, by design</b>: each Euler step of the loss reading f one grid step early (t_(k−1) for the step from t_k)
/// is a consistent discretisation of the same objective (O(dt) from the Correct example's model); it is graded by the
/// log-likelihood task's exact comparisons (<c>notebook-shifted-times</c>) and measured as a variant of the benchmark.
/// </para>
/// <para>
/// <b>Budget response</b> (issue 45, item 3; docs/measurements/2026-11-26-ode-sde-training-budget-response.md). A gap
/// bounded from below passes a model that does not come from the budget's optimiser steps (a model computed once and
/// returned for every budget, a closed-form drift). So the first run also trains again on the same points with the same
/// generator under <see cref="FractionLow"/> … <see cref="FractionHigh"/> of the budget, drawn per run (3–10 steps), before
/// or after the full call as the run draws, and scores that model on the same held-out points (read through its own grid).
/// Its gap must lie in [<see cref="MinFractionGap"/>, <see cref="MaxGap"/>] (the upper side is Markov's, as for the full
/// model) and the full budget must improve on it by <see cref="MinImprovement"/>; a budget-independent model improves by
/// exactly 0. Calibration (grading seeds 1 … 10 of the reference, 1 … 7 of the Correct example, which trains nearly as
/// the reference does: gaps within 0.004 seed by seed; the load of 2026-11-26 allowed no more), each bound at its worst
/// fraction: improvement at 0.3 (10 steps) 2.011 ± 0.295 [1.539, 2.460] (Correct 2.086 ± 0.295), so 0.5 is 5.1 sd below;
/// the smaller gap at 0.1 (3 steps) −3.091 ± 0.265 [−3.489, −2.512] (Correct −3.129 ± 0.141), so −4.5 is 5.3 sd below.
/// <b>False fail</b> (normal model of the reference's, union with Markov's e^(−50)): ≈ 1.7e-7 + 5.8e-8 ≈ 2.3e-7 per
/// run. The cheats <c>ode-training-no-optimiser-step</c>, <c>-fifth-of-budget</c>, <c>-full-only-below-budget</c> and
/// <c>-ignores-the-budget</c> lose on 20 of 20 seeds, the last by an improvement of exactly 0
/// (<c>OdeSdeTrainingCheatsSeedsTests</c>). Added cost: the smaller training (0.1–0.3 of one) and one more rk4 solve.
/// On the lopsided law (next paragraph; Correct example, seeds 1 … 20) the improvement at 0.3 is 1.989 ± 0.334 (0.5 at
/// 4.5 sd) and the 3-step gap −3.729 ± 0.375 [−4.640, −3.046]: −4.5 refused seed 20, so the bound moved to −5.75, 5.4 sd
/// below.
/// </para>
/// <para>
/// <b>Data the model must depend on</b> (issue 45, item 3; the note's "Fourth stop"). Every run's training and held-out
/// points come from a lopsided law drawn per run, the SDE check's (<see cref="LopsidedMixture"/>: the notebook's five
/// Laplace components with weights ∝ exp(±θ(k − 2)), θ uniform on [0.45, 0.55]; the expected log-likelihood stays
/// exact). The sheet's law is symmetric, so a drift fitted to its own draws of it instead of its data
/// (<c>ode-training-ignores-its-data</c>) gives a point and its mirror image the same log p. The mirror share: the
/// held-out rk4 log p minus the same with the mirrored drift (<see cref="MirroredNetwork"/>: −f(−x, t), the flow's log p
/// at −y exactly; read through the same grid), over the law's own E[log p(Y) − log p(−Y)]; on the first run
/// it must reach <see cref="MinMirrorShare"/>. Measured (grading seeds 1 … 20): Correct example 1.130 ± 0.145
/// [0.880, 1.422], so the bound is its mean − 4.5 sd (0.5 was 4.33 sd); the cheat −0.059 ± 0.119 [−0.278, 0.137] (19 seeds
/// in the gap's band), lost on 20 of 20 (seed 18 by the gap). <b>False fail</b> ≈ 3.4e-6, <b>miss</b> ≈ 3.4e-6 per seed
/// (normal models). On this law the Correct example's gap is −0.214 ± 0.042; the whole first run's false fail (union
/// of the gap, the budget response, the mirror share and the time direction) ≈ 7.6e-6. Added cost: one more verified
/// rk4 solve of the held-out points on the first run, and the probe's 48-step training with its two solves.
/// </para>
/// <b>Cost</b> (the sixth stop's protocol, the seventh's within ±4 steps: trainings of 48 + 52 + 3–10 steps and 7 rk4 solves of the held-out
/// points, against the fifth stop's 32 + 48 + 3–10 and 5): 22.2–22.4 s CPU against 16.0–16.3 s, ≈ 1.38× (Correct example, seeds 2–4, the same process,
/// alternately, load ≈ 35: <c>Ode_protocol_cost</c>; measured with the pooled verification, before <see cref="GriddedDrift"/> cut the solves to ≈ 0.25×). A call whose first D is undecided costs three more
/// trainings of its budget. The eighth stop's third full call: 16.7–17.4 s CPU against the seventh's 11.3–12.1 s, 1.38–1.49×
/// (Correct example, seeds 2–4, alternately in one process, load 30–45: <c>Ode_protocol_cost</c>).
/// Feedback plot: the learned density over the true one (the first call's model).
/// </summary>
public sealed class OdeTrainingQuality() : HandinCheck<IOdeTraining>(
    "ode.ku.laplace-mixture-training-quality"), ITrainingCheck
{
    /// <summary>The budget the budget response's fractions are of (its smaller budget: 3–10 steps) and the calibration's:
    /// the smallest budget measured (12, 24, 32, 48) at which the time direction D of the model itself separates the
    /// time-reversed training on the lopsided law (class summary; the note's "Fifth stop" and "Sixth stop"). Since the
    /// seventh stop no graded call has it as a constant: the two full budgets are drawn per run (<see cref="DrawBudgets"/>).</summary>
    public const int Steps = 48;

    /// <summary>The range the graded calls' budgets are drawn from, <see cref="GradedCalls"/> distinct values uniform on
    /// [<see cref="FewestSteps"/>, <see cref="MostSteps"/>], each call judged on everything (gap, mirror share, budget
    /// response, time direction): no fixed budget tells the grader's calls from any other (the note's "Seventh stop").</summary>
    public const int FewestSteps = 48, MostSteps = 52;

    /// <summary>How many full budgets a run grades: three distinct of the five, so no set of two budgets covers a run
    /// (a training right at two values only is graded on a wrong model every run: the note's "Eighth stop").</summary>
    public const int GradedCalls = 3;

    /// <summary>
    /// The graded calls' budgets of a run, <see cref="GradedCalls"/> distinct and uniform on [<see cref="FewestSteps"/>,
    /// <see cref="MostSteps"/>] (every set of three equally likely), in the order they are trained. The first two are
    /// drawn as the seventh stop drew its pair, so a run's first two calls are the seventh stop's.
    /// </summary>
    public static IReadOnlyList<int> DrawBudgets(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var left = Enumerable.Range(FewestSteps, MostSteps - FewestSteps + 1).ToList();
        var drawn = new List<int>(GradedCalls);
        while (drawn.Count < GradedCalls)
        {
            int i = (int)generator.NextInt(0, left.Count);
            drawn.Add(left[i]);
            left.RemoveAt(i);
        }
        return drawn;
    }

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

    /// <summary>
    /// The time-direction probe's threshold: D, the held-out log-likelihood with the probe's trained f minus with f read
    /// at 1 − t (same points, same rk4), must reach this on the first run or, when the first run is undecided, on the
    /// mean of <see cref="IndifferenceZone.FreshRuns"/> fresh runs. It equalises the normal-model distances of the
    /// Correct example and the time-reversed training at 48 steps on the lopsided law (3.5 sd of each; class summary).
    /// </summary>
    public const double TimeDirectionThreshold = -0.037;

    /// <summary>A first run's D below this fails without fresh runs (5.9 sd of the Correct example's D below its mean).</summary>
    public const double ClearlyReversed = -0.077;

    /// <summary>The salts of the finite-difference steps' generators (the probe's; the scoring's), apart from every other salt of a run.</summary>
    internal const ulong StepsSalt = 0x5CA1E0;

    /// <summary>
    /// The budget response's smaller budget: a fraction of the budget drawn uniformly from [<see cref="FractionLow"/>,
    /// <see cref="FractionHigh"/>] per run (<see cref="BudgetResponse.FractionOf"/>), the same call otherwise (issue 45, item 3).
    /// </summary>
    public const double FractionLow = 3.0 / Steps, FractionHigh = 10.0 / Steps;

    /// <summary>The smallest accepted improvement of the held-out log-likelihood from the smaller budget to the full one (a budget-independent model: exactly 0).</summary>
    public const double MinImprovement = 0.5;

    /// <summary>
    /// The smallest accepted gap of the smaller budget's model (a model degraded on purpose at small budgets is below it):
    /// 5.4 sd below the Correct example's gap at the smallest fraction (3 steps) on the lopsided law, −3.729 ± 0.375
    /// [−4.640, −3.046] over 20 seeds (on the sheet's law it was −3.091 ± 0.265 and the bound −4.5, which seed 20 broke).
    /// </summary>
    public const double MinFractionGap = -5.75;

    /// <summary>The salt of the budget response's draw (smaller budget, order), apart from every other salt of a run.</summary>
    internal const ulong BudgetSalt = 0xB0D6E7;

    /// <summary>The salt of the draw of the graded calls' budgets and order, apart from every other salt of a run.</summary>
    public const ulong OrderSalt = 0x0D3B0D;

    /// <summary>
    /// The smallest accepted mirror share on the first run: the held-out log p minus the mirrored drift's on the same
    /// points (every point's mirror image −y), over the run's lopsided law's own E[log p(Y) − log p(−Y)]
    /// (<see cref="LopsidedMixture"/>), asked of each graded model. A model of the sheet's symmetric law: 0 in expectation.
    /// At 48 and 52 steps (the sixth stop) the Correct example's share is 1.022 ± 0.138 and 1.152 ± 0.157 (20 seeds),
    /// lower than at 32 (1.130 ± 0.145, where the bound was 0.475, its mean − 4.5 sd); 0.48 equalises the distances from
    /// the worse budget's (48) and from <c>ode-training-ignores-its-data</c>'s 0.033 ± 0.114 at 48 and 52: 3.9 sd of each.
    /// </summary>
    public const double MinMirrorShare = 0.48;

    /// <summary>Whether a first run whose gap passes leaves its time direction to the fresh runs (undecided, not clearly reversed).</summary>
    public static bool DirectionUndecided(double timeDirection) => timeDirection < TimeDirectionThreshold && timeDirection >= ClearlyReversed;

    protected override CheckResult Check(CheckContext context, HandinCall call, IOdeTraining training)
    {
        // Three graded calls, their budgets drawn per run from a range, each judged on everything: no call only verifies,
        // no budget is a constant, and no two budgets cover a run, so nothing the hand-in sees tells the grader's calls
        // apart (the note's "Sixth stop", "Seventh stop" and "Eighth stop"). Each call's own verdicts (gap, mirror share,
        // time direction) come as soon as it is scored; the budget response, which compares every full model with the
        // smaller one (trained beside the first call), after all.
        var order = DrawBudgets(context.NewGenerator(OrderSalt));
        var runs = new List<(int Budget, double Gap, double LogLikelihood, double Expected)>();
        double fractionGap = double.NaN;
        int fractionSteps = 0;
        Plot? plot = null;
        string detail = "1000 training points, scored on 1000 held-out points";
        foreach (int budget in order)
        {
            bool first = runs.Count == 0;
            var outcome = Evaluate(context, training, call, budget, out var failure, fraction: first ? double.NaN : 0);
            if (outcome is null) return failure!;
            var o = outcome.Value;
            if (first) (fractionGap, fractionSteps, plot) = (o.FractionGap, o.FractionSteps, o.Plot);
            detail += $"; budget {budget} steps: gap {F(o.Gap)}, mirror share {F(o.MirrorShare)}, time direction {F(o.TimeDirection)}";
            var plots = FeedbackPlots.List([o.Plot]);
            if (GapFailure(call, o.Gap, o.LogLikelihood, o.Expected, plots, detail) is { } outside) return outside;
            if (MirrorFailure(call, o.MirrorShare, budget, plots, detail) is { } ignoresData) return ignoresData;
            if (DirectionFailure(context, call, training, budget, o.TimeDirection, plots, ref detail) is { } reversed) return reversed;
            runs.Add((budget, o.Gap, o.LogLikelihood, o.Expected));
        }
        var both = FeedbackPlots.List([plot]);
        detail += $"; budget response at {fractionSteps} steps: gap {F(fractionGap)}";
        foreach (var r in runs)
            if (BudgetResponseFailure(call, fractionGap, r.Gap, r.Budget, both, detail) is { } noResponse) return noResponse;
        var one = runs[0];
        return CheckResult.Pass(Id, $"Trained under the grader's budget, your model's held-out log likelihood is {F(one.LogLikelihood)} against the data's expected {F(one.Expected)} (gap {F(one.Gap)}; under {runs.Count - 1} other budgets: gaps {string.Join(", ", runs.Skip(1).Select(r => F(r.Gap)))}).", SheetRef) with { Plots = both, TutorDetail = detail };
    }

    /// <summary>
    /// The time direction of the call of <paramref name="budget"/> steps: D of its own model passes at
    /// <see cref="TimeDirectionThreshold"/>, fails below <see cref="ClearlyReversed"/>, and in between the mean D of
    /// <see cref="IndifferenceZone.FreshRuns"/> fresh runs of the same call (new law, data and generator, the same budget)
    /// decides; the failure, or null when it passes. <paramref name="detail"/> gains the fresh runs' mean.
    /// </summary>
    private CheckResult? DirectionFailure(CheckContext context, HandinCall call, IOdeTraining training, int budget, double direction, IReadOnlyList<Plot>? plots, ref string detail)
    {
        if (direction >= TimeDirectionThreshold) return null;
        var fresh = new List<double>();
        if (DirectionUndecided(direction))
            for (int run = 1; run <= IndifferenceZone.FreshRuns; run++)
            {
                var again = DirectionProbe(context, training, call, run, budget, out var freshFailure);
                if (again is null) return freshFailure!;
                if (GapFailure(call, again.Gap, again.LogLikelihood, again.Expected, plots, detail + $"; fresh run {run} of the {budget}-step call's time direction") is { } freshOutside) return freshOutside;
                fresh.Add(again.TimeDirection);
            }
        double freshMean = fresh.Count == IndifferenceZone.FreshRuns ? fresh.Average() : double.NaN;
        if (fresh.Count > 0) detail += $"; budget {budget} steps: time direction's fresh mean {F(freshMean)}";
        if (freshMean >= TimeDirectionThreshold) return null;
        string seen = fresh.Count > 0 ? $"{F(direction)}, fresh mean {F(freshMean)}" : F(direction);
        return call.Fail(
            $"Trained under the grader's budget, your drift f(x, t) is fitted to time running the wrong way: the held-out log likelihood (evaluated by the grader with rk4 on the same points both ways) is higher with f read backwards, f(x, 1 − t), than with f(x, t), by {F(-direction)}" +
            (fresh.Count > 0 ? $" on the first run and by {F(-freshMean)} on average over {fresh.Count} fresh runs" : "") + $" (a correct training: at most {F(-TimeDirectionThreshold)}). " +
            $"log p(y) integrates from y at t = 1 back to t = 0: each step from t_k to t_(k−1) reads f at its own time t_k, starting at t = 1 — does the loss walk the time grid downwards while x steps back? Re-read {SheetRef}.",
            expected: $"log p with f(x, t) − with f(x, 1 − t) ≥ {F(TimeDirectionThreshold)} (first run, or the mean of {IndifferenceZone.FreshRuns} fresh runs when the first is in [{F(ClearlyReversed)}, {F(TimeDirectionThreshold)}))", seen: seen) with { Plots = plots, TutorDetail = detail };
    }

    /// <summary>The failure when <paramref name="gap"/> is outside [<see cref="Threshold"/>, <see cref="MaxGap"/>], else null.</summary>
    private CheckResult? GapFailure(HandinCall call, double gap, double ll, double expected, IReadOnlyList<Plot>? plots, string detail)
    {
        if (gap > MaxGap)
            return call.Fail(
                $"Trained under the grader's budget, your model's held-out log likelihood (evaluated by the grader with rk4) is {F(ll)}, above the data's own expected log likelihood {F(expected)} on the same points (gap {F(gap)}): " +
                $"no density the training could have found is that much more likely than the true one on points it never saw (the chance is below e^(−{HeldOut}·gap)), so the density your model stands for is not normalised — is the trace term log p = log N(x₀) − ∫∂f/∂x dt, and is ∂f/∂x the derivative of the returned network? Re-read {SheetRef}.",
                expected: $"{F(Threshold)} ≤ gap ≤ {F(MaxGap)}", seen: F(gap)) with { Plots = plots, TutorDetail = detail };
        if (!(gap >= Threshold))
            return call.Fail(
                $"Trained under the grader's budget on the mixture of Laplace data, your model's held-out log likelihood (evaluated by the grader with rk4) is {F(ll)}, far below the data's expected log likelihood {F(expected)} (gap {F(gap)}; a correct training gets within {F(-Threshold)}). " +
                $"Check that the loss is −mean log p(y), that log p includes the trace term with its sign, that the optimiser gets its gradient through the trace (create_graph), and that every step of the budget is taken. Re-read {SheetRef}.",
                expected: $"gap ≥ {F(Threshold)}", seen: F(gap)) with { Plots = plots, TutorDetail = detail };
        return null;
    }

    /// <summary>
    /// The failure when the budget response is not a training's (class summary): the smaller
    /// budget's model more likely than the data's own density (impossible for a normalised density), below what a
    /// correct training reaches at the smallest fraction, or the full budget's model not clearly better; else null.
    /// </summary>
    private CheckResult? BudgetResponseFailure(HandinCall call, double fractionGap, double gap, int budget, IReadOnlyList<Plot>? plots, string detail)
    {
        string fewer = $"Trained on the same data with the same generator, once with the grader's budget and once with a smaller one drawn for this run";
        if (fractionGap > MaxGap)
            return call.Fail(
                $"{fewer}, the model of the smaller budget has a held-out log likelihood (evaluated by the grader with rk4) above the data's own expected log likelihood (gap {F(fractionGap)}): no normalised density fitted without the held-out points is that much more likely than the true one, so ∂f/∂x or log p does not stand for a density. Re-read {SheetRef}.",
                expected: $"smaller budget's gap ≤ {F(MaxGap)}", seen: F(fractionGap)) with { Plots = plots, TutorDetail = detail };
        double improvement = gap - fractionGap;
        if (!(fractionGap >= MinFractionGap) || !(improvement >= MinImprovement))
            return call.Fail(
                $"{fewer}, your model's held-out log likelihood (evaluated by the grader with rk4) minus the data's expected one is {F(gap)} with the full budget and {F(fractionGap)} with the smaller one: " +
                (fractionGap >= MinFractionGap
                    ? $"the full budget improves it by {F(improvement)}, and a training that takes every optimiser step of its budget improves it by at least {F(MinImprovement)}. "
                    : $"a correct training of that smaller budget reaches at least {F(MinFractionGap)}. ") +
                $"The returned drift must be the result of the training loop's optimiser steps on the data it is given, as many as the budget says. Re-read {SheetRef}.",
                expected: $"smaller budget's gap ≥ {F(MinFractionGap)} and improvement ≥ {F(MinImprovement)}", seen: $"gap {F(gap)}, smaller budget's gap {F(fractionGap)}, improvement {F(improvement)}") with { Plots = plots, TutorDetail = detail };
        return null;
    }

    /// <summary>
    /// The failure when the first run's model reproduces less than <see cref="MinMirrorShare"/> of the run's lopsided
    /// law's own mirror score (held-out log p minus the mirrored drift's, over the law's E[log p(Y) − log p(−Y)]): a model
    /// not fitted to the data it was given; else null.
    /// </summary>
    private CheckResult? MirrorFailure(HandinCall call, double mirrorShare, int budget, IReadOnlyList<Plot>? plots, string detail)
    {
        if (mirrorShare >= MinMirrorShare) return null;
        return call.Fail(
            $"Trained under the grader's budget on data the grader drew for this run (the notebook's mixture of Laplace components with unequal weights: one side heavier), your model's held-out log likelihood (evaluated by the grader with rk4) minus its log likelihood of the mirror images −y of the same points is {F(mirrorShare)} times the difference the data's own law makes between them; " +
            $"a model fitted to the data it is given scores the heavier side higher (a correct training: at least {F(MinMirrorShare)} times the law's difference), a model fitted to the notebook's symmetric mixture scores both sides alike (about 0 times). The returned drift must be trained on the data passed to Train. Re-read {SheetRef}.",
            expected: $"(log p of the held-out points − log p of their mirror images) / the law's own ≥ {F(MinMirrorShare)}", seen: F(mirrorShare)) with { Plots = plots, TutorDetail = detail + $"; mirror share {F(mirrorShare)}" };
    }

    /// <summary>
    /// The first run: trains with <paramref name="steps"/> on the run's lopsided law and scores the gap, the held-out
    /// log-likelihood, the data's expected one and the density plot; when the gap is within [<see cref="Threshold"/>,
    /// <see cref="MaxGap"/>] (outside it decides alone, and the rest is NaN or null) also the mirror share, the budget
    /// response's smaller gap and the time direction D of the model itself (the held-out log p with f minus with f read at
    /// 1 − t, <see cref="TimeReversedNetwork"/>; NaN when <paramref name="probe"/> is false). Null (with the failure) when the
    /// hand-in threw or its network is not usable. <paramref name="run"/> &gt; 0 moves every salt (new law, data,
    /// generator, steps). The budget response (<paramref name="fraction"/> NaN: a fraction drawn in
    /// [<see cref="FractionLow"/>, <see cref="FractionHigh"/>] of <see cref="Steps"/> whatever <paramref name="steps"/> is; a number: that fraction of <see cref="Steps"/>, for the calibration; 0: none)
    /// trains again on the same data with the same generator under the smaller budget, before or after the full call as
    /// the run draws, and scores that model on the same held-out points (read through its own grid alike): FractionGap and
    /// FractionSteps (0 when not run). MirrorShare is the held-out log p minus the mirrored drift's on the same points
    /// over the law's own mirror score (<see cref="LopsidedMixture"/>, the SDE check's law).
    /// </summary>
    public static (double Gap, double LogLikelihood, double Expected, double TimeDirection, Plot? Plot, double FractionGap, int FractionSteps, double MirrorShare)? Evaluate(CheckContext context, IOdeTraining training, HandinCall call, int steps, out CheckResult? failure, int run = 0, double fraction = double.NaN, bool probe = true)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(training);
        failure = null;
        ulong salt = 16UL * (ulong)run;
        // The notebook's mixture with its weights tilted per run (the SDE check's law): the mirror share reads whether
        // the model was fitted to it.
        var law = LopsidedMixture.Draw(context.NewGenerator(SdeTrainingQuality.LawSalt + salt));
        var (train, test, expected) = Draw(law.Set, context.NewGenerator(0xDA7A + salt));

        // The budget response: the same call with a smaller budget drawn for the run, before or after the full one.
        var draw = context.NewGenerator(BudgetSalt + salt);
        int smallerSteps = BudgetResponse.FractionOf(Steps, FractionLow, FractionHigh, draw);
        bool smallerFirst = draw.NextDouble() < 0.5;
        if (fraction == 0) smallerSteps = 0;
        else if (!double.IsNaN(fraction)) smallerSteps = Math.Max(1, (int)Math.Round(fraction * Steps));
        IDifferentiableNetwork? smaller = null;
        if (smallerSteps > 0 && smallerFirst && (smaller = Trained(context, training, call, train, smallerSteps, salt, out failure)) is null) return null;
        var drift = Trained(context, training, call, train, steps, salt, out failure);
        if (drift is null) return null;
        if (smallerSteps > 0 && !smallerFirst && (smaller = Trained(context, training, call, train, smallerSteps, salt, out failure)) is null) return null;
        if (DishonestOnProbe(context, call, drift, salt) is { } dishonest) { failure = dishonest; return null; }

        // The held-out log p by rk4 with f, and, when the gap is within its band, the mirror share, the smaller budget's
        // gap and the model's own time direction (NaN when the gap already decides).
        var gridded = new GriddedDrift(drift, "The trained drift", context.NewGenerator(StepsSalt + 1 + salt));
        var ll = HeldOutLogLikelihood(gridded, gridded, test, "the held-out log likelihood of your trained model", call, out failure);
        if (ll is null) return null;
        double gap = ll.Value - expected, fractionGap = double.NaN, mirrorShare = double.NaN, direction = double.NaN;
        if (gap >= Threshold && gap <= MaxGap)
        {
            var mirrored = HeldOutLogLikelihood(new MirroredNetwork(gridded, odd: true), gridded, test, "the held-out log likelihood of your trained model read in the mirror", call, out failure);
            if (mirrored is null) return null;
            mirrorShare = (ll.Value - mirrored.Value) / law.MirrorScore();
            if (smaller is not null)
            {
                var smallerGrid = new GriddedDrift(smaller, "The drift trained with the smaller budget", context.NewGenerator(StepsSalt + 2 + salt));
                var smallerLl = HeldOutLogLikelihood(smallerGrid, smallerGrid, test, "the held-out log likelihood of your model trained with the smaller budget", call, out failure);
                if (smallerLl is null) return null;
                fractionGap = smallerLl.Value - expected;
            }
            if (probe)
            {
                var reversed = HeldOutLogLikelihood(new TimeReversedNetwork(gridded), gridded, test, "the held-out log likelihood of your trained model read at 1 − t", call, out failure);
                if (reversed is null) return null;
                direction = ll.Value - reversed.Value;
            }
        }
        return (gap, ll.Value, expected, direction, run == 0 ? DensityPlot(gridded, law.Set) : null, fractionGap, smallerSteps, mirrorShare);
    }

    /// <summary>A fresh run of a call's time direction: its model's gap, held-out log-likelihood, the data's expected one, and D (NaN when the gap is outside [<see cref="Threshold"/>, <see cref="MaxGap"/>]).</summary>
    public sealed record DirectionRun(double Gap, double LogLikelihood, double Expected, double TimeDirection);

    /// <summary>
    /// A fresh run of a graded call's time direction: the same call as run <paramref name="run"/>'s (its lopsided law,
    /// 1000 points, the training generator and honesty probe at its salts; a fresh run's are new) under
    /// <paramref name="steps"/> steps, the budget of the call whose D was undecided, scored on the run's 1000 held-out
    /// points: the gap, and when it is within its band D, the held-out log p with f minus with f read at 1 − t
    /// (<see cref="TimeReversedNetwork"/>, the same points, read through the same grid).
    /// </summary>
    public static DirectionRun? DirectionProbe(CheckContext context, IOdeTraining training, HandinCall call, int run, int steps, out CheckResult? failure)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(training);
        ulong salt = 16UL * (ulong)run;
        var law = LopsidedMixture.Draw(context.NewGenerator(SdeTrainingQuality.LawSalt + salt));
        var (train, test, expected) = Draw(law.Set, context.NewGenerator(0xDA7A + salt));
        var drift = Trained(context, training, call, train, steps, salt, out failure);
        if (drift is null) return null;
        if (DishonestOnProbe(context, call, drift, salt) is { } dishonest) { failure = dishonest; return null; }
        var gridded = new GriddedDrift(drift, "The trained drift", context.NewGenerator(StepsSalt + 1 + salt));
        var ll = HeldOutLogLikelihood(gridded, gridded, test, "the held-out log likelihood of your trained model", call, out failure);
        if (ll is null) return null;
        double gap = ll.Value - expected;
        if (!(gap >= Threshold && gap <= MaxGap)) return new(gap, ll.Value, expected, double.NaN);
        var reversed = HeldOutLogLikelihood(new TimeReversedNetwork(gridded), gridded, test, "the held-out log likelihood of your trained model read at 1 − t", call, out failure);
        if (reversed is null) return null;
        return new(gap, ll.Value, expected, ll.Value - reversed.Value);
    }

    /// <summary>1000 training points and 1000 held-out ones of <paramref name="set"/> with the held-out set's expected log-likelihood.</summary>
    private static (Tensor Train, Tensor Test, double Expected) Draw(TrainingSetWithLogLikelihood set, Generator generator)
    {
        var train = set.Generate(1000, generator).Data;
        var (test, expected) = set.Generate(1000, generator);
        return (train, test, expected);
    }

    /// <summary>The hand-in's <c>Train</c> on a copy of <paramref name="data"/> with the run's training generator; null (with the failure) when it threw or returned null.</summary>
    private static IDifferentiableNetwork? Trained(CheckContext context, IOdeTraining training, HandinCall call, Tensor data, int budget, ulong salt, out CheckResult? failure)
    {
        failure = null;
        if (TrainingWork.Run(call, "Train(data, steps, generator)", () => training.Train(data.clone(), budget, context.NewGenerator(0x7 + salt)), budget, out var trained) is { } threw) { failure = threw.WithTutorDetail($"budget {budget} steps on 1000 points"); return null; }
        if (trained is null) failure = call.Fail($"Train returned null; expected the trained drift f(x, t).");
        return trained;
    }

    /// <summary>A first look at the trained drift's ∂f/∂x on a probe drawn for the run (size, positions and time): the failure, or null when honest there.</summary>
    internal static CheckResult? DishonestOnProbe(CheckContext context, HandinCall call, IDifferentiableNetwork drift, ulong salt)
    {
        var (probeX, probeT) = TrainedNetworkHonesty.Probe(context.NewGenerator(0x9B0E + salt));
        if (call.Run("the trained drift", () => TrainedNetworkHonesty.Check(drift, "The trained drift", probeX, probeT, inX: true, inT: false, context.NewGenerator(StepsSalt + salt)), out var dishonest) is { } e) return e;
        return dishonest is not null ? call.Fail(dishonest + $" Re-read {call.SheetRef}.") : null;
    }

    /// <summary>The mean held-out log p by the reference's rk4 with <paramref name="network"/> (<paramref name="grid"/>, or one read through it); null (with the failure) when it threw, is not finite, or the grid's columns found the hand-in's PartialX dishonest.</summary>
    internal static double? HeldOutLogLikelihood(IDifferentiableNetwork network, GriddedDrift grid, Tensor test, string what, HandinCall call, out CheckResult? failure)
    {
        failure = null;
        if (call.Run("the trained drift", () => { Tensor solved; using (torch.no_grad()) solved = OdeLogLikelihood.Compute(ContractNetwork.Of(network), test, OdeMethod.Rk4); grid.Verify(); return solved; }, out var logp) is { } failed) { failure = failed; return null; }
        if (grid.Dishonesty is { } dishonest) { failure = call.Fail(dishonest + $" Re-read {call.SheetRef}."); return null; }
        if (call.Finite(what, logp!) is { } nonFinite) { failure = nonFinite; return null; }
        return logp!.mean().item();
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
