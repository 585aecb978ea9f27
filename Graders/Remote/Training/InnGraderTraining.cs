using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Remote.Training;

/// <summary>
/// The grader's training loop for sheet 000, exercise 2 (c) (issue 66), the INN counterpart of
/// <see cref="GraderTraining"/>: the hand-in supplies the parts (<see cref="IInnTrainingParts"/>: the INN, the loss of one
/// batch, the settings), and this loop draws every batch of the preprocessed events, calls the hand-in's loss, runs
/// backward and Adam's step. Per step it checks, on the batch it drew:
/// <list type="bullet">
/// <item>that the hand-in's loss equals the negative log-likelihood of exercise 2 (a) on the flow's own outputs for that
/// batch, the mean over the batch of ½‖z‖² − log|det ∂z/∂x| (with or without the constant (d/2)·ln 2π) from the
/// flow's Forward (<see cref="LossTolerance"/>): a scaled loss, a wrong sign of the log-determinant, an extra term
/// differs. The formula is the one the sheet gives (2 (a) asks to derive it), so checking it in the shipped loop tells a
/// student nothing the sheet does not;</item>
/// <item>that nothing but its own steps changed the parameters (compared around every call into the hand-in, their
/// gradients cleared after those calls): a loss or a flow that writes into the parameters is caught;</item>
/// <item>on <see cref="GraderTraining.GradientChecks"/> steps drawn from the grader's generator, that the gradient of the
/// hand-in's loss is the formula's (<see cref="GraderTraining.GradientTolerance"/>), and on step 0 that it is not zero: a
/// term that adds a gradient and no value, or a flow whose output does not depend on its parameters, is caught.</item>
/// </list>
/// After the first step (on a copy of the grader's generator, so the draws are unchanged) and after the last, the current
/// values are copied, by the declared shapes only, into a FRESH flow built by a FRESH instance of the parts (from the
/// generator state the first flow had; <see cref="GraderLoop.FreshWithValues"/>), which must give the trained one's z,
/// log-det and inverse on a held-out batch: a flow that computes with anything but its parameters (statistics of the batches it saw, a
/// closed form fitted to them) is caught. The fresh flow is what the check judges. The settings' bounds are
/// <see cref="GraderTraining"/>'s (the notebook's INN: Adam 1e-3, batch 1024).
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
        var lossTolerance = LossTolerance(batch, d);

        var freshGenerator = Generator.FromState(modelGenerator.GetState());
        var flow = parts.Model(d, modelGenerator);
        if (flow is null) return Fail(GraderTraining.Part.Model, 0, "Model(d, generator) returned null.");
        var (parameters, bad) = GraderTraining.CheckedParameters(flow.Parameters(), "Model(d, generator)");
        if (bad is not null) return Fail(GraderTraining.Part.Model, 0, bad);
        var shapes = parameters.Select(p => p.shape.ToArray()).ToList();

        var checkSteps = GraderTraining.GradientCheckSteps(steps, batchGenerator.Fork());
        var optimizer = GraderLoop.Adam(parameters, settings);
        var losses = new double[steps];
        double maxLoss = 0, maxGradient = 0;
        for (var step = 0; step < steps; step++)
        {
            using var scope = memory_scope();
            var rows = new int[batch];
            for (var i = 0; i < batch; i++) rows[i] = (int)batchGenerator.NextInt(0, n);
            var x = source.index_select(0, rows);

            var before = GraderTraining.Snapshot(parameters);
            var handinLoss = parts.Loss(flow, x.clone());
            if (handinLoss is null || handinLoss.numel() != 1)
                return Fail(GraderTraining.Part.Loss, step, $"Loss(flow, x) must return a scalar tensor, got {GraderTraining.NotAScalar(handinLoss)}.");
            if (!handinLoss.requires_grad)
                return Fail(GraderTraining.Part.Loss, step, "the loss carries no gradient to the flow's parameters (computed without the flow, detached, or under no_grad).");
            var checkGradient = checkSteps.Contains(step);
            Tensor? z, logDet;
            if (checkGradient) (z, logDet) = flow.Forward(x.clone());
            else
                using (no_grad())
                    (z, logDet) = flow.Forward(x.clone());
            if (z is null || logDet is null || !z.shape.SequenceEqual(new[] { batch, d }) || logDet.numel() != batch)
                return Fail(GraderTraining.Part.Model, step, $"Forward(x) must return z of the shape of x (your batch size by the data's dimension {d}) and one log-determinant per row, got {(z is null || logDet is null ? "null" : "other shapes")}.");
            if (GraderTraining.Changed(parameters, before) is { } changed)
                return Fail(GraderTraining.Part.Loss, step, $"the parameters changed during your Loss or Forward call ({changed}); only the grader's optimiser step may change them.");

            var (formula, scale) = MeanNll(z, logDet, constant);
            var value = (double)handinLoss.detach().reshape(1).ToArray()[0];
            if (!double.IsFinite(value)) return Fail(GraderTraining.Part.Loss, step, $"Loss returned {value} {GraderTraining.OnStep(step)}.");
            var deviation = Math.Min(Math.Abs(value - formula), Math.Abs(value - formula - constant)) / Math.Max(1, scale);
            maxLoss = Math.Max(maxLoss, deviation);
            if (deviation > lossTolerance)
                return Fail(GraderTraining.Part.Loss, step, $"{GraderTraining.OnStep(step)} your loss is {value:G7}, but the negative log-likelihood of 2 (a) on your flow's outputs for the grader's batch is {formula:G7} (the mean over the batch of ½‖z‖² − log|det ∂z/∂x|, with (z, log|det|) = flow.Forward(x); with the constant (d/2)·ln 2π, {formula + constant:G7}): relative difference {deviation:G3} > {lossTolerance:G2}.");
            losses[step] = value;

            foreach (var p in parameters) p.grad = null;
            if (checkGradient)
            {
                var handinGradient = autograd.grad([handinLoss], [.. parameters], allow_unused: true);
                var formulaLoss = (0.5f * (z * z).sum(1) - logDet.reshape(batch)).mean();
                var formulaGradient = autograd.grad([formulaLoss], [.. parameters], allow_unused: true);
                var gap = GraderTraining.GradientGap(handinGradient, formulaGradient);
                maxGradient = Math.Max(maxGradient, gap);
                if (gap > GraderTraining.GradientTolerance)
                    return Fail(GraderTraining.Part.Loss, step, $"{GraderTraining.OnStep(step)} your loss's gradient differs from the formula's by {gap:G3} of its norm (> {GraderTraining.GradientTolerance:G2}): the loss must be the formula and nothing that adds a gradient.");
                for (var i = 0; i < parameters.Count; i++) parameters[i].grad = handinGradient[i];
            }
            else
            {
                handinLoss.backward();
            }

            if (step == 0 && parameters.All(p => p.grad is null || p.grad.contiguous().ToArray().All(v => v == 0)))
                return Fail(GraderTraining.Part.Model, 0, "the loss's gradient is zero in every parameter: the flow must compute z and its log-determinant from the parameters Parameters() returns.");
            optimizer.step();
            if (step == 0 && steps > 1 && FreshAnswersAlike(flow, parameters, shapes, freshParts, d, freshGenerator, source, Generator.FromState(batchGenerator.GetState()), step + 1) is { } early)
                return (null, early);
        }

        // Only the parameters' values cross: a fresh flow of the declared shapes, from the same generator state.
        var (fresh, problem) = FreshWithValues(parameters, shapes, freshParts, d, freshGenerator, steps);
        if (problem is not null) return (null, problem);
        if (SameOutputs(flow, fresh!, source, batchGenerator) is { } differs)
            return Fail(GraderTraining.Part.Model, steps, differs);
        return (new Trained(fresh!, shapes, losses, maxLoss, maxGradient), null);
    }

    /// <summary>A fresh flow (a fresh instance of the parts, a copy of the initial generator state) holding the current values, or the failure charged to the model.</summary>
    private static (ITrainableFlow? Fresh, GraderTraining.PartFailure? Problem) FreshWithValues(List<Tensor> parameters, IReadOnlyList<int[]> shapes, Func<IInnTrainingParts> freshParts,
        int d, Generator modelGenerator, int step)
    {
        var (fresh, _, bad) = GraderLoop.FreshWithValues(freshParts().Model(d, Generator.FromState(modelGenerator.GetState())), f => f.Parameters(), parameters, shapes,
            "Model(d, generator)", "flow", GraderTraining.MaxParameters);
        return bad is null ? (fresh, null) : (null, new GraderTraining.PartFailure(GraderTraining.Part.Model, step, bad));
    }

    /// <summary>
    /// The fresh-flow comparison of the end (<see cref="SameOutputs"/>) made once more right after the first step, as the
    /// V's loop does (<see cref="GraderTraining"/>), on a copy of the grader's generator so the training's draws stay those
    /// of the end-only loop: a flow that computes with something besides its parameters (statistics of the batch it saw,
    /// a closed form) answers differently from a fresh one already then, so it fails after one step instead of after the
    /// whole training. It costs a correct hand-in one Model call and the comparison's Forward and Inverse on 256 rows.
    /// </summary>
    private static GraderTraining.PartFailure? FreshAnswersAlike(ITrainableFlow flow, List<Tensor> parameters, IReadOnlyList<int[]> shapes, Func<IInnTrainingParts> freshParts,
        int d, Generator modelGenerator, Tensor source, Generator generator, int step)
    {
        var (fresh, problem) = FreshWithValues(parameters, shapes, freshParts, d, modelGenerator, step);
        if (problem is not null) return problem;
        return SameOutputs(flow, fresh!, source, generator) is { } differs ? new GraderTraining.PartFailure(GraderTraining.Part.Model, step, differs) : null;
    }

    private static (Trained?, GraderTraining.PartFailure?) Fail(GraderTraining.Part part, int step, string message) => (null, new GraderTraining.PartFailure(part, step, message));

    /// <summary>The mean over rows of ½‖z‖² − logDet in double, and the mean of ½‖z‖² + |logDet| + constant (the scale of its rounding).</summary>
    private static (double Mean, double Scale) MeanNll(Tensor z, Tensor logDet, double constant)
    {
        var zs = z.detach().contiguous().ToArray();
        var ld = logDet.detach().contiguous().ToArray();
        int rows = ld.Length, d = zs.Length / Math.Max(1, rows);
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
        using var off = no_grad();
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
