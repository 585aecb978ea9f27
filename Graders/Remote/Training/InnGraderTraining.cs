using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Remote.Training;

/// <summary>
/// The grader's training loop for sheet 000, exercise 2 (c) (issues 66 and 79), the INN counterpart of
/// <see cref="GraderTraining"/>: the hand-in supplies the parts (<see cref="IInnTrainingParts"/>: the INN, the loss of one
/// batch, the settings), and this loop draws every batch of the preprocessed events and steps Adam on the gradient of
/// the GRADER's loss, the negative log-likelihood of exercise 2 (a), mean ½‖z‖² − log|det ∂z/∂x| of the flow's outputs:
/// the hand-in's loss is never called in a training step, so no term of it can reach a parameter. Every step makes the
/// same one call into the flow (Forward on [B, d], in grad mode), and nothing else:
/// <list type="bullet">
/// <item>the hand-in's loss is graded as its own part before the training, exactly, on the rows of
/// <see cref="GraderTraining.GradientChecks"/> of the training's steps (replayed from a copy of the generator), with a
/// grader-owned stand-in flow (<see cref="FlowStandIn"/>): its input, its value (with or without the constant
/// (d/2)·ln 2π, <see cref="LossTolerance"/>) and its gradient with respect to z and log|det| against the formula's, no
/// gradient to and no write into the parameters (<see cref="GradeLoss"/>). A scaled loss, a wrong sign of the
/// log-determinant, an extra term fail there, charged to the loss. The formula is the one the sheet gives (2 (a) asks to
/// derive it), so computing it in the shipped loop tells a student nothing the sheet does not;</item>
/// <item>nothing but the grader's steps changes the parameters (compared around every call into the hand-in, their
/// gradients cleared before the grader's backward), and on step 0 the formula's gradient is not zero in every
/// parameter: a flow that writes into its parameters, or whose output does not depend on them, is caught.</item>
/// </list>
/// After the last step the values are copied, by the declared shapes only, into a FRESH flow built by a FRESH instance
/// of the parts (from the generator state the first flow had; <see cref="GraderLoop.FreshWithValues"/>), which must give
/// the trained one's z, log-det and inverse on a held-out batch: a flow that computes with anything but its parameters is
/// caught. The fresh flow is what the check judges. The settings' bounds are <see cref="GraderTraining"/>'s (the
/// notebook's INN: Adam 1e-3, batch 1024).
/// </summary>
public static class InnGraderTraining
{
    /// <summary>
    /// Bound on |loss − formula| relative to max(1, A), A the mean over the batch of ½‖z‖² + |log det| + (d/2)·ln 2π,
    /// for a batch of B rows in d dimensions: 4·B·(d + 1)·u, u = 2⁻²⁴. Both sides take z and log|det| from the same
    /// Forward on the same batch (the same float32 values); the hand-in sums B·(d + 1) float32 terms, within γ ≈ m·u of
    /// the exact sum relative to the sum of their magnitudes, whatever its order; the factor 4 covers the squares, the
    /// halving, the constant's rounding and the mean's division. For the notebook's batch (1024, d = 3): 9.8e-4 of A.
    /// </summary>
    public static double LossTolerance(int batch, int dimension) => 4.0 * batch * (dimension + 1) * Math.ScaleB(1, -24);

    /// <summary>Rows of the held-out batch on which the fresh flow must answer as the trained one.</summary>
    public const int FreshRows = 256;

    /// <summary>The trained flow (fresh, parameters copied in), its parameters' shapes, the per-step losses and the margins to the bounds.</summary>
    public sealed record Trained(ITrainableFlow Flow, IReadOnlyList<int[]> Shapes, IReadOnlyList<double> Losses, double MaxLossDeviation, double MaxGradientDeviation);

    /// <summary>
    /// Trains the hand-in's parts on <paramref name="data"/> [N, d] for <paramref name="steps"/> Adam steps, each on
    /// B rows drawn with replacement by <paramref name="batchGenerator"/>. An exception of the hand-in's code propagates
    /// (the check's <c>HandinCall</c> reports it). Returns the trained fresh flow, or the failure and the part it is charged to.
    /// </summary>
    /// <param name="modelGenerator">The generator the flow's initial weights are drawn from (copied for the fresh flow).</param>
    /// <param name="batchGenerator">The grader's generator for the rows, the gradient-check steps and the held-out batch.</param>
    /// <param name="freshParts">A new instance of the hand-in's parts, for the fresh flow the trained values go into.</param>
    public static (Trained? Result, GraderTraining.PartFailure? Problem) Run(IInnTrainingParts parts, Func<IInnTrainingParts> freshParts, Tensor data, int steps,
        Generator modelGenerator, Generator batchGenerator)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(freshParts);
        ArgumentNullException.ThrowIfNull(modelGenerator);
        ArgumentNullException.ThrowIfNull(batchGenerator);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        var source = GraderLoop.Source(data, "InnGraderTraining");
        int n = data.size(0), d = data.size(1);
        var constant = 0.5 * d * Math.Log(2 * Math.PI);

        var settings = parts.Settings();
        if (GraderLoop.SettingsProblem(settings, GraderTraining.LearningRates, GraderTraining.BatchSizes, "1e-3", 1024) is { } unusable)
            return Fail(GraderTraining.Part.Settings, 0, unusable);
        int batch = settings.BatchSize;

        var freshGenerator = Generator.FromState(modelGenerator.GetState());
        var flow = parts.Model(d, modelGenerator);
        if (flow is null) return Fail(GraderTraining.Part.Model, 0, "Model(d, generator) returned null.");
        var (parameters, bad) = GraderTraining.CheckedParameters(flow.Parameters(), "Model(d, generator)");
        if (bad is not null) return Fail(GraderTraining.Part.Model, 0, bad);
        var shapes = parameters.Select(p => p.shape.ToArray()).ToList();

        // The loss part first (a wrong loss fails before any training): the rows of the checked steps, replayed from a copy
        // of the grader's generator, and the grader's stand-in flow in place of the model (the model is not called).
        var checkGenerator = batchGenerator.Fork();
        var checkSteps = GraderTraining.GradientCheckSteps(steps, checkGenerator);
        var standIn = new FlowStandIn(d, shapes, checkGenerator);
        var replay = Generator.FromState(batchGenerator.GetState());
        var replayed = new List<int[]>();
        for (var step = 0; step <= (checkSteps.Count == 0 ? -1 : checkSteps.Max()); step++)
        {
            var drawn = Rows(replay, batch, n);
            if (checkSteps.Contains(step)) replayed.Add(drawn);
        }

        var (maxLoss, maxGradient, lossProblem) = GradeLoss(parts, standIn, source, replayed, constant);
        if (lossProblem is not null) return (null, lossProblem);
        var probes = new GraderLoop.Probes(steps, checkGenerator.Fork());

        var optimizer = GraderLoop.Adam(parameters, settings);
        var losses = new double[steps];
        for (var step = 0; step < steps; step++)
        {
            using var scope = memory_scope();
            var x = source.index_select(0, Rows(batchGenerator, batch, n));

            // The one call into the flow a step makes, the same on every step: Forward on [B, d], in grad mode.
            var before = GraderTraining.Snapshot(parameters);
            var (z, logDet) = flow.Forward(x.clone());
            if (z is null || logDet is null || !z.shape.SequenceEqual(new[] { batch, d }) || logDet.numel() != batch)
                return Fail(GraderTraining.Part.Model, step, $"Forward(x) must return z of the shape of x (your batch size by the data's dimension {d}) and one log-determinant per row, got {(z is null || logDet is null ? "null" : "other shapes")}.");
            if (GraderTraining.Changed(parameters, before) is { } changed)
                return Fail(GraderTraining.Part.Model, step, $"the parameters changed during your Forward call ({changed}); only the grader's optimiser step may change them.");
            probes.Record(step, parameters, [x], [z, logDet]);

            // The grader's loss, 2 (a)'s negative log-likelihood of the flow's outputs: the only gradient any parameter receives.
            foreach (var p in parameters) p.grad = null;
            var loss = (0.5f * (z * z).sum(1) - logDet.reshape(batch)).mean();
            var value = (double)loss.detach().reshape(1).ToArray()[0];
            if (!double.IsFinite(value))
                return Fail(GraderTraining.Part.Model, step, $"{GraderTraining.OnStep(step)} your flow's z and log-determinant give the negative log-likelihood {value}: its outputs are not finite.");
            losses[step] = value;
            loss.backward();
            if (step == 0 && parameters.All(p => p.grad is null || p.grad.contiguous().ToArray().All(v => v == 0)))
                return Fail(GraderTraining.Part.Model, 0, "the loss's gradient is zero in every parameter: the flow must compute z and its log-determinant from the parameters Parameters() returns.");
            optimizer.step();
        }

        // Only the parameters' values cross: a fresh flow of the declared shapes, from the same generator state.
        var (fresh, freshParameters, problem) = FreshWithValues(parameters, shapes, freshParts, d, freshGenerator, steps);
        if (problem is not null) return (null, problem);
        if (probes.Replay(fresh!, freshParameters, parameters, (f, x) => f.Forward(x[0].clone()) is var (z, logDet) ? [z, logDet] : null, "flow") is { } changedFunction)
            return Fail(GraderTraining.Part.Model, steps, changedFunction);
        if (SameOutputs(flow, fresh!, source, batchGenerator) is { } differs)
            return Fail(GraderTraining.Part.Model, steps, differs);
        return (new Trained(fresh!, shapes, losses, maxLoss, maxGradient), null);
    }

    /// <summary>A fresh flow (a fresh instance of the parts, a copy of the initial generator state) holding the current values, or the failure charged to the model.</summary>
    private static (ITrainableFlow? Fresh, List<Tensor> Parameters, GraderTraining.PartFailure? Problem) FreshWithValues(List<Tensor> parameters, IReadOnlyList<int[]> shapes, Func<IInnTrainingParts> freshParts,
        int d, Generator modelGenerator, int step)
    {
        var (fresh, freshParameters, bad) = GraderLoop.FreshWithValues(freshParts().Model(d, Generator.FromState(modelGenerator.GetState())), f => f.Parameters(), parameters, shapes,
            "Model(d, generator)", "flow", GraderTraining.MaxParameters);
        return bad is null ? (fresh, freshParameters, null) : (null, [], new GraderTraining.PartFailure(GraderTraining.Part.Model, step, bad));
    }

    private static int[] Rows(Generator generator, int batch, int n)
    {
        var rows = new int[batch];
        for (var i = 0; i < batch; i++) rows[i] = (int)generator.NextInt(0, n);
        return rows;
    }

    /// <summary>
    /// The hand-in's loss graded as its own part, exactly (issue 79 item 1), on the <paramref name="replayed"/> rows of
    /// the training: <see cref="IInnTrainingParts.Loss"/> is called with the grader's <paramref name="standIn"/> flow (the
    /// model is never given to it), and must (a) feed it the batch x as given, every row once, (b) return 2 (a)'s
    /// negative log-likelihood of its outputs, with or without (d/2)·ln 2π (<see cref="LossTolerance"/>), (c) have the
    /// formula's gradient with respect to those outputs, z/B and −1/B, and (d) no gradient to and no write into the
    /// flow's parameters. The outputs are float32 values the grader knows exactly, so only the hand-in's own float32
    /// arithmetic separates its gradient from the formula's: per element at most 4u of it (the square's factor, the ½,
    /// the mean's 1/B, u = 2⁻²⁴), doubled: 8u of the gradient's norm. Returns the largest relative value deviation, the
    /// largest gradient gap as a share of that bound, and the failure charged to the loss.
    /// </summary>
    private static (double Value, double Gradient, GraderTraining.PartFailure? Problem) GradeLoss(IInnTrainingParts parts, FlowStandIn standIn, Tensor source,
        List<int[]> replayed, double constant)
    {
        double maxValue = 0, maxGradient = 0;
        var u = Math.ScaleB(1, -24);
        var standInParameters = standIn.Parameters().ToList();
        (double, double, GraderTraining.PartFailure?) Problem(string message) => (maxValue, maxGradient, new GraderTraining.PartFailure(GraderTraining.Part.Loss, 0, message));
        foreach (var rows in replayed)
        {
            using var scope = memory_scope();
            var x = source.index_select(0, rows);
            int batch = rows.Length, d = source.size(1);
            standIn.Clear();
            var before = GraderTraining.Snapshot(standInParameters);
            var loss = parts.Loss(standIn, x.clone());
            if (loss is null || loss.numel() != 1)
                return Problem($"Loss(flow, x) must return a scalar tensor, got {GraderTraining.NotAScalar(loss)}.");
            if (!loss.requires_grad) return Problem("the loss carries no gradient to the flow's outputs (computed without flow.Forward, detached, or under no_grad).");
            if (GraderTraining.Changed(standInParameters, before) is { } changed)
                return Problem($"the flow's parameters changed during your Loss call ({changed}); only the grader's optimiser step may change them.");
            var calls = standIn.Calls.ToList();
            var given = x.contiguous().ToArray();
            var fed = calls.SelectMany(c => c.X).ToArray();
            if (fed.Length != given.Length)
                return Problem($"your loss called flow.Forward on {(fed.Length > given.Length ? "more" : "fewer")} rows in all than the batch has: the negative log-likelihood of 2 (a) takes (z, log|det|) = flow.Forward(x) once for each row of the batch, and nothing else.");
            if (Enumerable.Range(0, given.Length).Any(k => Math.Abs(fed[k] - given[k]) > 2 * u * Math.Abs(given[k])))
                return Problem("your loss passed flow.Forward something other than the batch x it was given: the negative log-likelihood of 2 (a) is of the flow's outputs on x itself (the grader's batch is already preprocessed).");
            var value = (double)loss.detach().reshape(1).ToArray()[0];
            if (!double.IsFinite(value)) return Problem($"Loss returned {value} on a batch the grader drew.");

            var z = calls.SelectMany(c => c.Z.detach().contiguous().ToArray()).ToArray();
            var logDet = calls.SelectMany(c => c.LogDet.detach().contiguous().ToArray()).ToArray();
            var (formula, scale) = MeanNll(z, logDet, d, constant);
            var deviation = Math.Min(Math.Abs(value - formula), Math.Abs(value - formula - constant)) / Math.Max(1, scale);
            maxValue = Math.Max(maxValue, deviation);
            var valueBound = LossTolerance(batch, d);
            if (deviation > valueBound)
                return Problem($"on a batch the grader drew your loss is {value:G7}, but the negative log-likelihood of 2 (a) on the outputs of the flow it was given is {formula:G7} (the mean over the batch of ½‖z‖² − log|det ∂z/∂x|, with (z, log|det|) = flow.Forward(x); with the constant (d/2)·ln 2π, {formula + constant:G7}): relative difference {deviation:G3} > {valueBound:G2}.");

            var leaves = calls.SelectMany(c => new[] { c.Z, c.LogDet }).ToArray();
            var gradients = autograd.grad([loss], [.. leaves, .. standInParameters], allow_unused: true);
            for (var i = leaves.Length; i < gradients.Length; i++)
                if (gradients[i] is { } g && g.contiguous().ToArray().Any(v => v != 0))
                    return Problem($"your loss has a gradient with respect to the flow's parameters (parameter {i - leaves.Length} of Parameters()) that does not pass through (z, log|det|) = flow.Forward(x): the negative log-likelihood depends on the parameters only through them, so the loss must add no other term.");
            var seenZ = calls.SelectMany((c, i) => gradients[2 * i]?.contiguous().ToArray() ?? new float[c.Z.numel()]).ToArray();
            var seenLogDet = calls.SelectMany((c, i) => gradients[2 * i + 1]?.contiguous().ToArray() ?? new float[c.LogDet.numel()]).ToArray();
            double diff = 0, norm = 0, bound = 0;
            for (var k = 0; k < z.Length; k++)
            {
                var want = z[k] / batch;
                diff += (seenZ[k] - want) * (seenZ[k] - want);
                norm += want * want;
                bound += (4 * u * want) * (4 * u * want);
            }

            for (var i = 0; i < logDet.Length; i++)
            {
                var want = -1.0 / batch;
                diff += (seenLogDet[i] - want) * (seenLogDet[i] - want);
                norm += want * want;
                bound += (4 * u * want) * (4 * u * want);
            }

            var gap = Math.Sqrt(diff / norm);
            var tolerance = 2 * Math.Sqrt(bound / norm);
            maxGradient = Math.Max(maxGradient, gap / tolerance);
            if (gap > tolerance)
                return Problem($"your loss's gradient with respect to the flow's outputs differs from the formula's (z/B for z, −1/B for each log-determinant) by {gap:G3} of its norm (float32 rounding allows {tolerance:G2}): the loss must be the mean over the batch of ½‖z‖² − log|det ∂z/∂x| and nothing that adds a gradient.");
        }

        return (maxValue, maxGradient, null);
    }

    private static (Trained?, GraderTraining.PartFailure?) Fail(GraderTraining.Part part, int step, string message) => (null, new GraderTraining.PartFailure(part, step, message));

    /// <summary>The mean over rows of ½‖z‖² − logDet in double, and the mean of ½‖z‖² + |logDet| + constant (the scale of its rounding).</summary>
    private static (double Mean, double Scale) MeanNll(float[] zs, float[] ld, int d, double constant)
    {
        var rows = ld.Length;
        double sum = 0, magnitude = 0;
        for (var i = 0; i < rows; i++)
        {
            double squared = 0;
            for (var j = 0; j < d; j++) squared += (double)zs[i * d + j] * zs[i * d + j];
            sum += 0.5 * squared - ld[i];
            magnitude += 0.5 * squared + Math.Abs((double)ld[i]) + constant;
        }

        return (sum / rows, magnitude / rows);
    }

    private static string? SameOutputs(ITrainableFlow trained, ITrainableFlow fresh, Tensor source, Generator generator)
    {
        using var scope = memory_scope();
        // In the training's grad mode, as every call the loop makes into the model: no grad mode singles out a checked call (issue 79 item 2).
        using var on = enable_grad();
        int n = source.size(0), d = source.size(1);
        var index = new int[FreshRows];
        for (var i = 0; i < FreshRows; i++) index[i] = (int)generator.NextInt(0, n);
        var x = source.index_select(0, index);
        var latent = randn([FreshRows, d], generator);
        var (za, la) = trained.Forward(x.clone());
        var (zb, lb) = fresh.Forward(x.clone());
        var ia = trained.Inverse(latent.clone());
        var ib = fresh.Inverse(latent.clone());
        if (za is null || zb is null || la is null || lb is null || ia is null || ib is null || !za.shape.SequenceEqual(zb.shape) || la.numel() != lb.numel() || !ia.shape.SequenceEqual(ib.shape))
            return "a fresh flow with the trained parameters does not answer as the trained one did (null or another shape).";
        var gap = Math.Max(MaxGap(za, zb), Math.Max(MaxGap(la, lb), MaxGap(ia, ib)));
        return gap <= 1e-5
            ? null
            : $"a fresh flow with the trained parameters differs from the trained one on the same held-out events by {gap:G3} (z, log-determinant or inverse): the flow computes with something besides its parameters (only their values are kept after training).";
    }

    /// <summary>max |a − b| / max(1, |a|) over the elements (a non-finite difference is +∞).</summary>
    private static double MaxGap(Tensor a, Tensor b)
    {
        var x = a.contiguous().ToArray();
        var y = b.contiguous().ToArray();
        double worst = 0;
        for (var i = 0; i < x.Length; i++)
        {
            if (x[i] == y[i]) continue;
            var gap = Math.Abs((double)x[i] - y[i]) / Math.Max(1, Math.Abs((double)x[i]));
            worst = double.IsFinite(gap) ? Math.Max(worst, gap) : double.PositiveInfinity;
        }

        return worst;
    }
}
