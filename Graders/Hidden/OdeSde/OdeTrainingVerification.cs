using Grader.Contracts.OdeSde;
using Grader.Remote.Training;
using static Grader.Tensors.torch;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// The grader's side of the ODE training on its own loop (sheet 003 1.3–1.4, issue 66): the check of the hand-in's loss
/// against the sheet's formula, done here and not in the loop, because the formula — log p(y) by the change of
/// variables — is graded by tasks 1.1–1.4 (<see cref="LogLikelihoodOnUnseenInputs"/>) and the loop ships in the student
/// repository (<see cref="OdeGraderTraining"/>). The loop records, per step, the hand-in's loss, the parameters before the
/// step and the gradient its loss gave them; this rebuilds the drift of each step from the recorded values (a fresh drift
/// of the hand-in's parts, <see cref="IOdeTrainingRun.Trained"/>), redraws the step's batch from the same generator state
/// (<see cref="OdeGraderTraining.BatchRows"/>) and computes the formula on that drift's own outputs:
/// <list type="bullet">
/// <item>on every step, the loss must be −mean log p(y) by Euler backwards on <c>linspace(0, 1, 100)</c> within
/// <see cref="LossBound"/> (a loss with an extra term or a factor, a sign flipped, accumulated or averaged over other
/// batches differs);</item>
/// <item>on <see cref="GradientChecks"/> steps drawn by the grader (step 0 always), the recorded gradient must agree with
/// the Richardson extrapolation of central differences of the formula at two steps along the gradient's own direction
/// and along a random one (<see cref="GradientTolerance"/>, with the float32 rounding of the formula's values allowed on top): a loss whose value is right but whose gradient is another's (x − x.detach() terms,
/// gradients thrown away on some passes) differs;</item>
/// <item>on every step, the recorded gradient must be the grader's loss's (<see cref="OdeGraderLoss"/>, the formula's
/// exact gradient through the drift's own graph, which the loop stepped on; issue 79) within
/// <see cref="ExactGradientTolerance"/>: a term of value zero with a gradient of 10⁻³ of the honest one or more differs.</item>
/// </list>
/// </summary>
public static class OdeTrainingVerification
{
    /// <summary>Euler's grid: the notebook's 100 points, 99 steps.</summary>
    public const int TimePoints = 100;

    /// <summary>Steps whose gradient is compared with the formula's, drawn per run (step 0 always among them).</summary>
    public const int GradientChecks = 4;

    /// <summary>
    /// The larger central difference's step along a unit direction of the flattened parameters: 1e-2 (the notebook's
    /// drift's parameters have norm ≈ 10 at initialisation, so a change of 0.1 %); the smaller is half of it, and the
    /// derivative is their Richardson extrapolation (<see cref="Difference"/>).
    /// </summary>
    public const double DifferenceStep = 1e-2;

    /// <summary>
    /// Bound on |directional derivative by differences − gradient·direction| over the larger of ‖gradient‖ and the
    /// difference along it. What a correct loss's gap is made of (issue 79 item 4):
    /// <list type="bullet">
    /// <item>truncation: a central difference with step h is off by h²/6·F‴ along the direction. With the one step 1e-2
    /// a wider SiLU drift (Submissions/Examples/OdeSde/Legit/wider-silu-drift) had a curvature that made it 0.0618 of the
    /// gradient on 3 of 15 seeds (issue 79), so a fixed step was a guess about the network; the Richardson extrapolation
    /// (4·D(h/2) − D(h))/3 cancels the h² term and leaves O(h⁴), the square of that share at most (≈ 0.004) for any
    /// drift whose difference at h was within 0.06;</item>
    /// <item>float32 rounding: the formula is computed with the state in double and the drift's outputs in float32, so
    /// each value F(θ ± s·v) carries a rounding error δ far inside its <see cref="LossByFormula.Bound"/> (a worst case
    /// over rows, too loose to allow here), and θ ± s·v is rounded to float32 (‖g‖·2⁻²⁴·‖θ‖/s, ≈ 1e-4 of ‖g‖ at
    /// ‖θ‖ ≈ 10, s = h/2); the extrapolation's weights turn δ into at most 3δ/h of the derivative, three times the plain
    /// difference's δ/h, whose whole gap (rounding and truncation) measured ≤ 9.4e-4 of ‖g‖ on correct losses
    /// (Graders/Hidden/OdeSde/README.md), so the rounding share stays below 3e-3;</item>
    /// <item>the hand-in's gradient, float32 autograd of the same formula: relative error of the order of the steps'
    /// count times 2⁻²⁴ (≈ 1e-5).</item>
    /// </list>
    /// 0.05 keeps the old bound: it is ≥ 12 times the extrapolation's truncation share above and two orders below the gap
    /// of the class it exists for (a loss whose value is the formula and whose gradient is not: the gradient on one pass
    /// in four, <c>OdeGraderTrainingTests</c>' "passes-thrown-away", a gap of 0.75 of the gradient; a term x − x.detach()
    /// scaled by k, a gap of |k|). Measured (docs/measurements/2026-11-28-v-training-bounds.md, "003 1.4"): the largest gap
    /// of the Correct example and of the wider SiLU drift over grading seeds 1 … 20.
    /// </summary>
    public const double GradientTolerance = 0.05;

    /// <summary>
    /// Bound on ‖g − g*‖/‖g*‖ on every step, g the gradient the hand-in's loss gave the parameters and g* the grader's loss's
    /// at the same parameters and batch (issue 79: what Adam stepped on, <see cref="OdeGraderLoss"/> through the drift's own
    /// graph). Both are the formula's gradient: g* carried in double from the drift's float32 values, g float32 autograd
    /// through 99 Euler steps, whose rounding (a few u = 2⁻²⁴ per step, relative) the path amplifies by at most
    /// e^Λ (Λ = ∫|∂f/∂x| dt): 99·4·u·e^Λ ≈ 2.4e-5·e^Λ, ≤ 1e-3 while Λ ≤ 3.7. Measured on correct losses:
    /// docs/measurements/2026-11-28-ode-sde-grader-loss.md. A term of value zero whose gradient is 10⁻³ of the honest one
    /// (the side channel Adam used to amplify) is at the bound; the Richardson check's 0.05 stays for the value's own gradient.
    /// </summary>
    public const double ExactGradientTolerance = 1e-3;

    /// <summary>What the verification found: the largest loss deviation over its bound, the largest gradient deviation, and (the ODE's) the largest gap to the grader's exact gradient.</summary>
    public sealed record Verified(double MaxLossRatio, double MaxGradientDeviation, double MaxExactGradientGap = 0);

    /// <summary>A failure of the loss, at a step, with the message for the student.</summary>
    public sealed record Failure(int Step, string Message);

    /// <summary>One formula evaluation: −mean log p of the batch and the bound on a correct float32 loss's distance from it.</summary>
    public readonly record struct LossByFormula(double Loss, double Bound);

    /// <summary>
    /// Checks the recorded loss on every step and the recorded gradient on drawn steps. <paramref name="batchGenerator"/>
    /// must be at the state the loop's was when it started; <paramref name="modelGenerator"/> only seeds the drifts the
    /// recorded values are copied into; <paramref name="pick"/> draws the gradient steps and directions.
    /// </summary>
    public static (Verified? Result, Failure? Problem) Check(IOdeTrainingRun run, OdeTrainingOutcome outcome, Tensor data, Generator modelGenerator, Generator batchGenerator, Generator pick)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(data);
        var steps = outcome.Losses.numel();
        var shapes = outcome.Values.Select(v => v.shape.ToArray()).ToList();
        var size = shapes.Sum(s => s.Aggregate(1, (a, b) => a * b));
        if (steps < 1 || outcome.Snapshots.numel() != (long)steps * size || outcome.Gradients.numel() != (long)steps * size)
            throw new InvalidOperationException("the training's record does not match its values (a grader defect).");
        var rows = OdeGraderTraining.BatchRows(data.size(0), outcome.BatchSize, steps, batchGenerator);
        var losses = outcome.Losses.contiguous().ToArray();
        var snapshots = outcome.Snapshots.contiguous().ToArray();
        var gradients = outcome.Gradients.contiguous().ToArray();
        var exact = outcome.GraderGradients.contiguous().ToArray();
        if (exact.Length != gradients.Length) throw new InvalidOperationException("the training's record of the grader's gradients does not match its values (a grader defect).");
        var source = data.detach().contiguous();

        var replayed = Replay(steps, step => step, size, losses, snapshots, gradients, GradientChecks, GradientTolerance, pick,
            (step, theta) => Evaluate(run, modelGenerator, shapes, theta, source.index_select(0, rows[step])),
            (step, theta, direction) => Difference(run, modelGenerator, shapes, theta, direction, source.index_select(0, rows[step])),
            (step, formula, deviation) => $"{GraderTraining.OnStep(step)} of the grader's training your loss is {losses[step]:G7}, but the negative mean log-likelihood of the batch by the change of variables (Euler backwards from t = 1 on linspace(0, 1, {TimePoints}), log p(y) = log N(x₀; 0, 1) − ∫₀¹ ∂f/∂x dt) on your drift's own outputs is {formula.Loss:G7}: a difference of {deviation:G3} (a correct float32 loss stays within {formula.Bound:G2}).",
            (step, said, first, gap) => $"{GraderTraining.OnStep(step)} of the grader's training the gradient your loss gave the drift's parameters is not the gradient of its value: along the gradient's direction your loss's gradient says {said:G4}, the change of the formula's value {first:G4} (a difference of {gap:G3} of the gradient's size, > {GradientTolerance:G2}). The loss must be the formula and nothing that adds or removes a gradient.");
        if (replayed.Problem is not null) return replayed;

        var (largest, failedSlot, failedGap) = ExactGaps(gradients, exact, steps, size, ExactGradientTolerance);
        if (failedSlot is { } step)
            return (null, new Failure(step, $"{GraderTraining.OnStep(step)} of the grader's training the gradient your loss gave the drift's parameters differs from the sheet's formula's gradient through your drift's own outputs (the grader's, which trains it) by {failedGap:G3} of its size (a correct float32 loss stays within {ExactGradientTolerance:G1}). The loss must be the formula and nothing that adds or removes a gradient."));
        return (replayed.Result! with { MaxExactGradientGap = largest }, null);
    }

    /// <summary>
    /// ‖g − g*‖/‖g*‖ per recorded slot (rows of <paramref name="size"/> values): the largest over the slots, and the first
    /// slot over <paramref name="tolerance"/> with its gap (the ODE's every step, the SDE's recorded ones).
    /// </summary>
    public static (double Largest, int? FailedSlot, double FailedGap) ExactGaps(float[] gradients, float[] exact, long slots, int size, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        ArgumentNullException.ThrowIfNull(exact);
        double largest = 0;
        for (var slot = 0; slot < slots; slot++)
        {
            double diff = 0, norm = 0;
            for (var i = slot * size; i < (slot + 1) * size; i++)
            {
                diff += ((double)gradients[i] - exact[i]) * ((double)gradients[i] - exact[i]);
                norm += (double)exact[i] * exact[i];
            }

            var gap = diff == 0 ? 0 : norm == 0 ? double.PositiveInfinity : Math.Sqrt(diff / norm);
            largest = Math.Max(largest, gap);
            if (!(gap <= tolerance)) return (largest, slot, gap);
        }

        return (largest, null, 0);
    }

    /// <summary>
    /// The replay of a recorded training both verifications share (the ODE's every step, the SDE's recorded ones): per
    /// recorded slot (its training step <paramref name="stepOf"/>) the parameters θ the step started from, the hand-in's
    /// loss against the formula's on the model rebuilt from θ (<paramref name="evaluate"/>, within its bound; the largest
    /// deviation over the bound is the result's), and on slot 0 and <paramref name="gradientChecks"/> − 1 slots drawn
    /// from <paramref name="pick"/> the recorded gradient g against the formula's central differences
    /// (<paramref name="difference"/>) along g's direction and along a random unit direction drawn from
    /// <paramref name="pick"/>: their gap over the larger of ‖g‖ and the difference along g within
    /// <paramref name="gradientTolerance"/>. A failure is the step and the message <paramref name="lossProblem"/>
    /// (step, formula, deviation) or <paramref name="gradientProblem"/> (step, g·direction, the difference, the gap) words.
    /// </summary>
    internal static (Verified? Result, Failure? Problem) Replay(
        int slots,
        Func<int, int> stepOf,
        int size,
        float[] losses,
        float[] snapshots,
        float[] gradients,
        int gradientChecks,
        double gradientTolerance,
        Generator pick,
        Func<int, double[], LossByFormula> evaluate,
        Func<int, double[], double[], double> difference,
        Func<int, LossByFormula, double, string> lossProblem,
        Func<int, double, double, double, string> gradientProblem)
    {
        var gradientSlots = new SortedSet<int> { 0 };
        while (gradientSlots.Count < Math.Min(gradientChecks, slots)) gradientSlots.Add((int)pick.NextInt(0, slots));

        double maxRatio = 0, maxGradient = 0;
        for (var slot = 0; slot < slots; slot++)
        {
            using var scope = memory_scope();
            var step = stepOf(slot);
            var theta = snapshots.AsSpan(slot * size, size).ToArray().Select(v => (double)v).ToArray();
            var formula = evaluate(step, theta);
            var deviation = Math.Abs(losses[step] - formula.Loss);
            maxRatio = Math.Max(maxRatio, deviation / formula.Bound);
            if (!(deviation <= formula.Bound)) return (null, new Failure(step, lossProblem(step, formula, deviation)));
            if (!gradientSlots.Contains(slot)) continue;

            var g = gradients.AsSpan(slot * size, size).ToArray();
            var norm = Math.Sqrt(g.Sum(v => (double)v * v));
            var random = Unit(randn([size], pick).ToArray().Select(v => (double)v).ToArray());
            var along = norm > 0 ? g.Select(v => v / norm).ToArray() : random;
            var first = difference(step, theta, along);
            var second = difference(step, theta, random);
            var scale = Math.Max(norm, Math.Abs(first));
            var gap = scale == 0 ? 0 : Math.Max(Math.Abs(first - Dot(g, along)), Math.Abs(second - Dot(g, random))) / scale;
            maxGradient = Math.Max(maxGradient, gap);
            if (!(gap <= gradientTolerance)) return (null, new Failure(step, gradientProblem(step, Dot(g, along), first, gap)));
        }

        return (new Verified(maxRatio, maxGradient), null);
    }

    /// <summary>
    /// −mean log p(y) by Euler backwards from t = 1 on the drift rebuilt from <paramref name="theta"/>, the state carried in
    /// double (the drift's Forward and PartialX at the rounded state, in float32), with the bound on a correct float32
    /// computation's distance from it: the mean over rows of 16·S·ε·(1 + |x₀|·M + L)·e^Λ, S = 99 steps, ε = 2⁻²⁴,
    /// M = max|x| + max|f| and L = max|ℓ| along the row's path, Λ = ∫|∂f/∂x| dt (each Euler step rounds x and ℓ in at
    /// most 4 places and the network's output once, each by ε relative to |x|, |f| or |ℓ|; an error in x grows by at most
    /// e^Λ, the path's Lipschitz factor, into x₀ and ℓ; log N(x₀) turns an error δ of x₀ into |x₀|·δ; factor 2 for the
    /// curvature's share and safety; <see cref="LogLikelihoodScheme.Tolerance"/>'s derivation, per row), plus the float32
    /// mean of B rows' rounding B·ε·|loss|.
    /// </summary>
    public static LossByFormula Evaluate(IOdeTrainingRun run, Generator modelGenerator, IReadOnlyList<int[]> shapes, double[] theta, Tensor y)
    {
        var drift = run.Trained(Generator.FromState(modelGenerator.GetState()), Split(theta, shapes));
        int n = y.size(0), steps = TimePoints - 1;
        double h = 1.0 / steps;
        var x = y.contiguous().ToArray().Select(v => (double)v).ToArray();
        var l = new double[n];
        var maxX = x.Select(Math.Abs).ToArray();
        var maxF = new double[n];
        var maxL = new double[n];
        var lipschitz = new double[n];
        // In the training's grad mode, as every call the loop makes into the model: no grad mode singles out a checked call (issue 79 item 2).
        using var on = enable_grad();
        for (var k = steps; k >= 1; k--)
        {
            var t = k == steps ? 1.0 : (double)k / steps;
            var xs = tensor(x.Select(v => (float)v).ToArray(), n, 1);
            var ts = full([n, 1], (float)t);
            var f = drift.Forward(xs, ts)?.detach().contiguous().ToArray();
            var d = drift.PartialX(xs, ts)?.detach().contiguous().ToArray();
            if (f is null || d is null || f.Length != n || d.Length != n)
                throw new InvalidOperationException("your drift's Forward or PartialX did not return one value per point.");
            for (var i = 0; i < n; i++)
            {
                x[i] -= h * f[i];
                l[i] += h * d[i];
                maxF[i] = Math.Max(maxF[i], Math.Abs(f[i]));
                maxX[i] = Math.Max(maxX[i], Math.Abs(x[i]));
                maxL[i] = Math.Max(maxL[i], Math.Abs(l[i]));
                lipschitz[i] += h * Math.Abs(d[i]);
            }
        }

        const double eps = 5.960464477539063e-8;
        double loss = 0, bound = 0;
        for (var i = 0; i < n; i++)
        {
            loss -= (-0.5 * x[i] * x[i] - 0.5 * Math.Log(2 * Math.PI) - l[i]) / n;
            bound += 16.0 * steps * eps * (1 + Math.Abs(x[i]) * (maxX[i] + maxF[i]) + maxL[i]) * Math.Exp(lipschitz[i]) / n;
        }

        return new LossByFormula(loss, bound + n * eps * Math.Abs(loss));
    }

    /// <summary>
    /// The formula's derivative along the unit direction v: the Richardson extrapolation (4·D(h/2) − D(h))/3 of the
    /// central differences D(s) = (F(θ + s·v) − F(θ − s·v)) / 2s at h = <see cref="DifferenceStep"/> (see
    /// <see cref="GradientTolerance"/>).
    /// </summary>
    private static double Difference(IOdeTrainingRun run, Generator modelGenerator, IReadOnlyList<int[]> shapes, double[] theta, double[] v, Tensor y) =>
        Richardson(s => Evaluate(run, modelGenerator, shapes, [.. theta.Select((p, i) => p + s * v[i])], y).Loss);

    /// <summary>(4·D(h/2) − D(h))/3 for the central differences D of <paramref name="at"/> (the formula at θ + s·v), h = <see cref="DifferenceStep"/>: the h² term of the truncation cancels.</summary>
    internal static double Richardson(Func<double, double> at)
    {
        const double h = DifferenceStep;
        var wide = (at(h) - at(-h)) / (2 * h);
        var narrow = (at(h / 2) - at(-h / 2)) / h;
        return (4 * narrow - wide) / 3;
    }

    /// <summary>The flattened values cut into float32 tensors of the given shapes (shared with <see cref="SdeTrainingVerification"/>).</summary>
    internal static List<Tensor> Split(double[] theta, IReadOnlyList<int[]> shapes)
    {
        var list = new List<Tensor>(shapes.Count);
        var offset = 0;
        foreach (var shape in shapes)
        {
            var count = shape.Aggregate(1, (a, b) => a * b);
            list.Add(tensor(theta.AsSpan(offset, count).ToArray().Select(v => (float)v).ToArray(), shape));
            offset += count;
        }

        return list;
    }

    internal static double[] Unit(double[] v)
    {
        var norm = Math.Sqrt(v.Sum(a => a * a));
        return [.. v.Select(a => a / norm)];
    }

    internal static double Dot(float[] g, double[] v)
    {
        var sum = 0.0;
        for (var i = 0; i < g.Length; i++) sum += g[i] * v[i];
        return sum;
    }
}
